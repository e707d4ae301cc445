import { useState } from "react";
import { api, query, unwrap, type Verification } from "../api/client";
import { useCursor, useLoad } from "../hooks";
import { Card, ErrorBox, Pager, Scroll, Select, Status, When, num } from "../ui";

/** Flags waiting for a decision (and decided ones), and identity verifications. */
export function Compliance() {
  const summary = useLoad(() => unwrap(api.GET("/api/v1/compliance/flags/analytics")), [], 5000);
  return (
    <>
      <h1>Compliance</h1>
      <ErrorBox error={summary.error} />
      {summary.data && (
        <div className="stats">
          <div className="stat"><span className="stat-label">Open flags</span><span className="stat-value" data-testid="open-flags">{summary.data.open}</span></div>
          <div className="stat"><span className="stat-label">All flags</span><span className="stat-value">{summary.data.total}</span></div>
          <div className="stat"><span className="stat-label">Median hours to decision</span><span className="stat-value">{summary.data.median_hours_to_decision == null ? "—" : Number(summary.data.median_hours_to_decision).toFixed(1)}</span></div>
        </div>
      )}
      <Flags />
      <Verifications />
    </>
  );
}

function Flags() {
  const [filters, setFilters] = useState({ status: "", severity: "", sort: "-created_at" });
  const page = useCursor();
  const list = useLoad(() => unwrap(api.GET("/api/v1/compliance/flags", query({ ...filters, limit: 20, starting_after: page.after }))),
    [JSON.stringify(filters), page.after], 3000, !page.after);
  const set = (k: keyof typeof filters) => (v: string) => { page.reset(); setFilters({ ...filters, [k]: v }); };
  return (
    <Card title="Flags">
      <form className="filters" aria-label="Filter flags" onSubmit={(e) => e.preventDefault()}>
        <Select label="Flag status" value={filters.status} onChange={set("status")} options={["", "active", "escalated", "resolved", "closed"]} />
        <Select label="Severity" value={filters.severity} onChange={set("severity")} options={["", "low", "medium", "high"]} />
        <Select label="Order" value={filters.sort} onChange={set("sort")} options={["-created_at", "created_at", "-risk_score"]}
          labels={{ "-created_at": "newest first", created_at: "oldest first", "-risk_score": "highest risk first" }} />
      </form>
      <ErrorBox error={list.error} />
      <Scroll label="Flags table">
        <table>
          <thead><tr><th scope="col">Flag</th><th scope="col">Status</th><th scope="col">On</th><th scope="col">Reason</th><th scope="col">Severity</th><th scope="col">Risk</th><th scope="col">Raised</th></tr></thead>
          <tbody>
            {list.data?.items.map((f) => (
              <tr key={f.id}>
                <td><a href={`#/compliance/${f.id}`}>{f.id}</a></td><td><Status value={f.status} /></td>
                <td>{f.entity_type} <span className="mono">{f.entity_id}</span></td><td>{f.reason_code}</td><td>{f.severity}</td>
                <td className="num">{num(f.risk_score)} ({f.risk_level})</td><td><When at={f.created_at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {list.data && list.data.items.length === 0 && <p>No flags match.</p>}
      <Pager hasMore={!!list.data?.has_more} canPrev={page.canPrev} onNext={() => page.next(list.data?.next_cursor)} onPrev={page.prev} />
    </Card>
  );
}

function Verifications() {
  const [status, setStatus] = useState("");
  const page = useCursor();
  const list = useLoad(() => unwrap(api.GET("/api/v1/compliance/verifications", query({ status, limit: 20, starting_after: page.after }))),
    [status, page.after]);
  return (
    <Card title="Identity verifications">
      <form className="filters" aria-label="Filter verifications" onSubmit={(e) => e.preventDefault()}>
        <Select label="Verification status" value={status} onChange={(v) => { page.reset(); setStatus(v); }} options={["", "verified", "pending", "rejected"]} />
      </form>
      <ErrorBox error={list.error} />
      <VerificationTable items={list.data?.items} />
      {list.data && list.data.items.length === 0 && <p>No verifications match.</p>}
      <Pager hasMore={!!list.data?.has_more} canPrev={page.canPrev} onNext={() => page.next(list.data?.next_cursor)} onPrev={page.prev} />
    </Card>
  );
}

export function VerificationTable({ items }: { items?: Verification[] }) {
  return (
    <Scroll label="Verifications table">
      <table>
        <thead><tr><th scope="col">Verification</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Document</th><th scope="col">Risk</th><th scope="col">Reasons</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {items?.map((v) => (
            <tr key={v.id}>
              <td className="mono">{v.id}</td><td><a href={`#/accounts/${v.account_id}`}>{v.account_id}</a></td><td><Status value={v.status} /></td>
              <td>{v.document_type} ({v.document_country}) <span className="mono">{v.document_number_masked}</span></td>
              <td className="num">{num(v.risk_score)} ({v.risk_level})</td>
              <td>{v.reasons.map((r) => r.code).join(", ") || "—"}{v.flag_id && <> · <a href={`#/compliance/${v.flag_id}`}>{v.flag_id}</a></>}</td>
              <td><When at={v.created_at} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
