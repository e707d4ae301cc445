import { api, query, unwrap, type Transfer } from "../api/client";
import { Chart } from "../Chart";
import { useLoad } from "../hooks";
import { Card, ErrorBox, Status, When } from "../ui";

/** Totals, volume by day, top corridors and recent activity over your latest transfers; refreshed every 3 s. */
export function Overview() {
  const transfers = useLoad(() => unwrap(api.GET("/api/v1/transfers", query({ limit: 100 }))), [], 3000);
  const accounts = useLoad(() => unwrap(api.GET("/api/v1/accounts", query({ limit: 100 }))), [], 3000);
  const items: Transfer[] = transfers.data?.items ?? [];
  const completed = items.filter((t) => t.status === "completed");
  const byDay = new Map<string, number>();
  for (const t of items) {
    const day = String(t.created_at).slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  const days = [...byDay.keys()].sort();
  const volume = new Map<string, number>();
  for (const t of completed) volume.set(t.asset_code, (volume.get(t.asset_code) ?? 0) + Number(t.amount));
  const corridors = new Map<string, number>();
  for (const t of items) {
    const c = `${t.from_country ?? "?"} → ${t.to_country ?? "?"}`;
    corridors.set(c, (corridors.get(c) ?? 0) + 1);
  }
  const top = [...corridors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const more = transfers.data?.has_more ? "+" : "";
  return (
    <>
      <h1>Overview</h1>
      <ErrorBox error={transfers.error ?? accounts.error} />
      <div className="stats" aria-live="polite">
        <div className="stat"><span className="stat-label">Transfers</span><span className="stat-value" data-testid="total-transfers">{items.length}{more}</span></div>
        <div className="stat"><span className="stat-label">Completed</span><span className="stat-value" data-testid="completed-transfers">{completed.length}{more}</span></div>
        <div className="stat"><span className="stat-label">Accounts</span><span className="stat-value" data-testid="total-accounts">{accounts.data?.items.length ?? 0}{accounts.data?.has_more ? "+" : ""}</span></div>
        {[...volume.entries()].map(([asset, v]) => (
          <div className="stat" key={asset}><span className="stat-label">Volume {asset}</span><span className="stat-value">{v.toFixed(2)}</span></div>
        ))}
      </div>
      <p className="muted">Computed from your latest 100 transfers and accounts in this mode; updates every 3 seconds.</p>
      <div className="grid">
        <Card title="Transfers per day">
          {days.length ? <Chart title="Transfers per day" labels={days} series={[{ label: "transfers", values: days.map((d) => byDay.get(d) ?? 0) }]} /> : <p>No transfers yet.</p>}
        </Card>
        <Card title="Top corridors">
          <table>
            <thead><tr><th scope="col">Corridor</th><th scope="col">Transfers</th></tr></thead>
            <tbody>{top.map(([c, n]) => <tr key={c}><td>{c}</td><td>{n}</td></tr>)}</tbody>
          </table>
        </Card>
      </div>
      <Card title="Recent activity">
        <ul className="activity">
          {items.slice(0, 8).map((t) => (
            <li key={t.id}>
              <a href={`#/transfers/${t.id}`}>{t.id}</a> <Status value={t.status} /> {t.amount} {t.asset_code} <When at={t.updated_at} />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
