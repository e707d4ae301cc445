import { api, unwrap } from "../api/client";
import { Chart } from "../Chart";
import { useLoad } from "../hooks";
import { Card, ErrorBox, When, num } from "../ui";

/** Links an activity row to its page when the dashboard has one. */
function objectLink(id: string) {
  if (id.startsWith("tr_")) return `#/transfers/${id}`;
  if (id.startsWith("acc_")) return `#/accounts/${id}`;
  if (id.startsWith("flg_")) return `#/compliance/${id}`;
  if (id.startsWith("whk_")) return `#/webhooks/${id}`;
  return undefined;
}

/** The last 30 days from GET /analytics/dashboard (rollups of committed events), refreshed every 3 s. */
export function Overview() {
  const report = useLoad(() => unwrap(api.GET("/api/v1/analytics/dashboard")), [], 3000);
  const r = report.data;
  const t = r?.totals;
  const days = r?.volume_by_day ?? [];
  const rate = t?.success_rate ? `${(Number(t.success_rate) * 100).toFixed(1)} %` : "—";
  return (
    <>
      <h1>Overview</h1>
      <ErrorBox error={report.error} />
      <div className="stats" aria-live="polite">
        <div className="stat"><span className="stat-label">Transfers</span><span className="stat-value" data-testid="total-transfers">{num(t?.count ?? 0)}</span></div>
        <div className="stat"><span className="stat-label">Completed</span><span className="stat-value" data-testid="completed-transfers">{num(t?.completed_count ?? 0)}</span></div>
        <div className="stat"><span className="stat-label">Failed or rejected</span><span className="stat-value">{Number(t?.failed_count ?? 0) + Number(t?.rejected_count ?? 0)}</span></div>
        <div className="stat"><span className="stat-label">Volume (USD)</span><span className="stat-value" data-testid="volume-usd">{t?.volume_usd ?? "0.00"}</span></div>
        <div className="stat"><span className="stat-label">Success rate</span><span className="stat-value">{rate}</span></div>
        <div className="stat"><span className="stat-label">New accounts</span><span className="stat-value" data-testid="new-accounts">{num(t?.new_accounts ?? 0)}</span></div>
        <div className="stat"><span className="stat-label">Active accounts</span><span className="stat-value">{num(t?.accounts ?? 0)}</span></div>
      </div>
      {r && (
        <p className="muted">
          {r.period_start} to {r.period_end} (UTC), {r.reconciled ? "reconciled against the event log" : "live from the event stream, seconds behind"}; updates every 3 seconds.
          USD at the operator's {r.usd_rate_source} rates as of {r.usd_rates_as_of}.
        </p>
      )}
      <div className="grid">
        <Card title="Volume over time">
          {days.length ? (
            <Chart type="line" title="Completed volume in USD per day" labels={days.map((d) => d.date)} series={[{ label: "volume_usd", values: days.map((d) => Number(d.volume_usd)) }]} />
          ) : <p>No data yet.</p>}
        </Card>
        <Card title="Transfers per day">
          {days.length ? (
            <Chart title="Transfers created and completed per day" labels={days.map((d) => d.date)}
              series={[{ label: "created", values: days.map((d) => Number(d.count)) }, { label: "completed", values: days.map((d) => Number(d.completed_count)) }]} />
          ) : <p>No data yet.</p>}
        </Card>
      </div>
      <div className="grid">
        <Card title="Top corridors">
          <table data-testid="top-corridors">
            <thead><tr><th scope="col">Corridor</th><th scope="col">Transfers</th><th scope="col">Volume (USD)</th></tr></thead>
            <tbody>{r?.top_corridors.map((c) => <tr key={`${c.from_country}-${c.to_country}`}><td>{c.from_country ?? "?"} → {c.to_country ?? "?"}</td><td className="num">{num(c.count)}</td><td className="num">{c.volume_usd}</td></tr>)}</tbody>
          </table>
          {r && r.top_corridors.length === 0 && <p>No transfers yet.</p>}
        </Card>
        <Card title="Top sending countries">
          <table>
            <thead><tr><th scope="col">Country</th><th scope="col">Transfers</th><th scope="col">Volume (USD)</th></tr></thead>
            <tbody>{r?.top_countries.map((c) => <tr key={c.country_code ?? "?"}><td>{c.country_code ?? "?"}</td><td className="num">{num(c.count)}</td><td className="num">{c.volume_usd}</td></tr>)}</tbody>
          </table>
        </Card>
      </div>
      <Card title="Recent activity">
        <ul className="activity" data-testid="recent-activity">
          {r?.recent.map((e) => {
            const href = objectLink(e.object_id);
            return (
              <li key={e.event_id}>
                <strong>{e.type}</strong> {href ? <a href={href}>{e.object_id}</a> : <span className="mono">{e.object_id}</span>}
                {e.amount && <> · {e.amount} {e.asset_code}</>} <When at={e.at} />
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
