import { useState } from "react";
import { FINAL, api, unwrap } from "../api/client";
import { useAction, useLoad } from "../hooks";
import { Card, ErrorBox, Field, Status, When, num } from "../ui";

/** The decisions the API allows from each status (active → any, escalated → resolved|closed; decided flags are final). */
const NEXT: Record<string, [string, string][]> = {
  active: [["resolved", "Resolve"], ["escalated", "Escalate"], ["closed", "Close"]],
  escalated: [["resolved", "Resolve"], ["closed", "Close"]],
};

/** One flag with its full history, the decision form, and (for a transfer) the transfer it holds. */
export function FlagDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const flag = useLoad(() => unwrap(api.GET("/api/v1/compliance/flags/{id}", path)), [id], 3000);
  const f = flag.data;
  const [settled, setSettled] = useState(false);
  // The held transfer is polled until it is final: resolving releases it to the ledger, closing rejects it.
  const transfer = useLoad(async () => {
    if (f?.entity_type !== "transfer") return undefined;
    const t = await unwrap(api.GET("/api/v1/transfers/{id}", { params: { path: { id: f.entity_id } } }));
    setSettled(FINAL.includes(t.status));
    return t;
  }, [f?.entity_id], 2000, !settled);
  const [notes, setNotes] = useState("");
  const action = useAction();
  const decide = (status: string) => action.run(async () => {
    await unwrap(api.PATCH("/api/v1/compliance/flags/{id}/status", { ...path, body: { status, notes: notes.trim() || null } }));
    setNotes("");
    await flag.refresh();
    await transfer.refresh();
  });
  const choices = f ? NEXT[f.status] ?? [] : [];
  return (
    <>
      <p><a href="#/compliance">← Compliance</a></p>
      <h1>Flag {id}</h1>
      <ErrorBox error={flag.error ?? transfer.error} />
      {f && (
        <Card title="Details">
          <dl className="details">
            <dt>Status</dt><dd data-testid="flag-status"><Status value={f.status} /></dd>
            <dt>On</dt><dd>{f.entity_type} {f.entity_type === "transfer" ? <a href={`#/transfers/${f.entity_id}`}>{f.entity_id}</a> : <a href={`#/accounts/${f.entity_id}`}>{f.entity_id}</a>}</dd>
            <dt>Reason</dt><dd>{f.reason} ({f.reason_code})</dd>
            <dt>Severity</dt><dd>{f.severity}</dd>
            <dt>Risk</dt><dd>{num(f.risk_score)} ({f.risk_level})</dd>
            <dt>Factors</dt><dd>{f.factors.map((x) => `${x.code} +${x.points}`).join(", ") || "—"}</dd>
            {f.sanctions_match && (<><dt>Sanctions match</dt><dd>{f.sanctions_match.matched_name} ~ {f.sanctions_match.listed_name} ({f.sanctions_match.list_source}, score {String(f.sanctions_match.score)})</dd></>)}
            <dt>Country</dt><dd>{f.country ?? "—"}</dd>
            <dt>Raised</dt><dd><When at={f.created_at} /></dd>
            {transfer.data && (<><dt>Transfer status</dt><dd data-testid="held-transfer-status"><Status value={transfer.data.status} /> {transfer.data.amount} {transfer.data.asset_code}</dd></>)}
          </dl>
        </Card>
      )}
      {f && choices.length > 0 && (
        <Card title="Decision">
          <p className="muted">Resolving releases a held transfer to the ledger; closing rejects it; escalating keeps it held. Your key and the time are recorded.</p>
          <Field label="Notes"><textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} /></Field>
          <div className="actions" style={{ marginTop: "0.75rem" }}>
            {choices.map(([status, label]) => (
              <button type="button" key={status} className={status === "closed" ? "danger" : status === "escalated" ? "secondary" : undefined}
                disabled={action.busy} onClick={() => void decide(status)}>{label}</button>
            ))}
          </div>
          <ErrorBox error={action.error} />
        </Card>
      )}
      <Card title="History">
        <ol className="history" data-testid="flag-history">
          {f?.history.map((h, i) => (
            <li key={i}><Status value={h.status} /> by <span className="mono">{h.actor}</span> <When at={h.at} />{h.notes && <> · {h.notes}</>}</li>
          ))}
        </ol>
      </Card>
    </>
  );
}
