import { useState, type FormEvent } from "react";
import { api, newIdempotencyKey, query, unwrap } from "../api/client";
import { useLoad } from "../hooks";
import { go } from "../router";
import { Card, ErrorBox, Field, Pager, Scroll, Select, Status, When } from "../ui";

export function Transfers() {
  const [status, setStatus] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const list = useLoad(() => unwrap(api.GET("/api/v1/transfers", query({ status, limit: 20, starting_after: after }))), [status, after], 3000, !after);
  return (
    <>
      <h1>Transfers</h1>
      <CreateTransfer />
      <Card title="Your transfers">
        <form className="filters" aria-label="Filter transfers" onSubmit={(e) => e.preventDefault()}>
          <Select label="Status" value={status} onChange={(v) => { setCursors([]); setStatus(v); }}
            options={["", "pending", "compliance_review", "submitted", "completed", "failed", "rejected"]} />
        </form>
        <ErrorBox error={list.error} />
        <Scroll label="Transfers table">
          <table>
            <thead><tr><th scope="col">Id</th><th scope="col">Status</th><th scope="col">Amount</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Corridor</th><th scope="col">Created</th></tr></thead>
            <tbody>
              {list.data?.items.map((t) => (
                <tr key={t.id}>
                  <td><a href={`#/transfers/${t.id}`}>{t.id}</a></td><td><Status value={t.status} /></td>
                  <td className="num">{t.amount} {t.asset_code}</td><td>{t.from_account}</td><td className="wrap">{t.to_account ?? t.to_address}</td>
                  <td>{t.from_country} → {t.to_country}</td><td><When at={t.created_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        <Pager hasMore={!!list.data?.has_more} canPrev={cursors.length > 0}
          onNext={() => list.data?.next_cursor && setCursors([...cursors, list.data.next_cursor])} onPrev={() => setCursors(cursors.slice(0, -1))} />
      </Card>
    </>
  );
}

function CreateTransfer() {
  const [form, setForm] = useState({ from_account: sessionStorage.getItem("rowell.transferFrom") ?? "", to_account: "", asset_code: "XLM", amount: "", memo: "" });
  // One key per intended transfer: a resubmit after a network error replays instead of paying twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { ...form, memo: form.memo || null, metadata: null, from_country: null, to_country: null };
      const t = await unwrap(api.POST("/api/v1/transfers", { body, headers: { "Idempotency-Key": idempotencyKey } }));
      setIdempotencyKey(newIdempotencyKey());
      sessionStorage.removeItem("rowell.transferFrom");
      go(`transfers/${t.id}`);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  const on = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <Card title="Create a transfer">
      <form className="inline-form" onSubmit={submit}>
        <Field label="From account"><input value={form.from_account} onChange={on("from_account")} placeholder="acc_…" required /></Field>
        <Field label="To (account or address)"><input value={form.to_account} onChange={on("to_account")} placeholder="acc_… or G…/0.0.…" required /></Field>
        <Select label="Asset" value={form.asset_code} onChange={(asset_code) => setForm({ ...form, asset_code })} options={["XLM", "USDC", "HBAR"]} />
        <Field label="Amount"><input value={form.amount} onChange={on("amount")} inputMode="decimal" pattern="[0-9]+(\.[0-9]+)?" placeholder="10.50" required /></Field>
        <Field label="Memo (optional)"><input value={form.memo} onChange={on("memo")} maxLength={28} /></Field>
        <Field label="Idempotency key"><input value={idempotencyKey} onChange={(e) => setIdempotencyKey(e.target.value)} className="mono" /></Field>
        <button type="submit" disabled={busy}>{busy ? "Sending…" : "Send transfer"}</button>
      </form>
      <ErrorBox error={error} />
    </Card>
  );
}
