import { useState } from "react";
import { api, query, unwrap } from "../api/client";
import { Chart } from "../Chart";
import { useCursor, useLoad } from "../hooks";
import { Card, ErrorBox, Field, Pager, Scroll, Select, Toggle, num } from "../ui";

type View = "remittance" | "stablecoin" | "merchants" | "network";

const VIEWS: [View, string][] = [
  ["remittance", "Corridors"],
  ["stablecoin", "Stablecoins"],
  ["merchants", "Merchants"],
  ["network", "Networks"],
];

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Row label and table cells per view; the chart sums volume_usd per period over the rows on the page. */
type Row = { period_start: string; volume_usd: string; count: number | string; reconciled: boolean };

/** The four analytics reports with one period picker and one date range, charted by period and listed in full. */
export function Analytics() {
  const [view, setView] = useState<View>("remittance");
  const [period, setPeriod] = useState("daily");
  const [range, setRange] = useState({ start_date: daysAgo(29), end_date: daysAgo(0) });
  const page = useCursor();
  const q = query({ period, ...range, sort: "period_start", limit: 100, cursor: page.after });
  const deps = [view, period, range.start_date, range.end_date, page.after];
  const report = useLoad(() => load(view, q), deps, 10_000, !page.after);
  const setAndReset = <T,>(set: (v: T) => void) => (v: T) => { page.reset(); set(v); };

  const rows = (report.data?.rows ?? []) as Row[];
  const periods = [...new Set(rows.map((r) => r.period_start))].sort();
  const sum = (p: string, f: (r: Row) => number) => rows.filter((r) => r.period_start === p).reduce((a, r) => a + f(r), 0);
  return (
    <>
      <h1>Analytics</h1>
      <Card title="Report">
        <Toggle label="Report" value={view} onChange={(v) => setAndReset(setView)(v as View)} options={VIEWS} />
        <form className="filters" aria-label="Period and range" onSubmit={(e) => e.preventDefault()}>
          <Select label="Period" value={period} onChange={setAndReset(setPeriod)} options={["daily", "weekly", "monthly"]} />
          <Field label="From"><input type="date" value={range.start_date} max={range.end_date} required onChange={(e) => e.target.value && setAndReset(setRange)({ ...range, start_date: e.target.value })} /></Field>
          <Field label="To"><input type="date" value={range.end_date} min={range.start_date} required onChange={(e) => e.target.value && setAndReset(setRange)({ ...range, end_date: e.target.value })} /></Field>
        </form>
        <ErrorBox error={report.error} />
        {report.data && (
          <p className="muted">
            USD at the operator's {report.data.source} rates as of {report.data.asOf}. Periods marked live are still being fed from the event stream; reconciled ones were recomputed from the event log.
          </p>
        )}
      </Card>
      <div className="grid">
        <Card title="Volume (USD) by period">
          {periods.length ? <Chart title="Volume in USD by period" labels={periods} series={[{ label: "volume_usd", values: periods.map((p) => sum(p, (r) => Number(r.volume_usd))) }]} /> : <p>No activity in this range.</p>}
        </Card>
        <Card title="Transfers by period">
          {periods.length ? <Chart type="line" title="Transfers by period" labels={periods} series={[{ label: "count", values: periods.map((p) => sum(p, (r) => Number(r.count))) }]} /> : <p>No activity in this range.</p>}
        </Card>
      </div>
      <Card title={`${VIEWS.find(([v]) => v === view)![1]} in detail`}>
        <Scroll label="Report table">{report.data?.table}</Scroll>
        <Pager hasMore={!!report.data?.hasMore} canPrev={page.canPrev} onNext={() => page.next(report.data?.nextCursor)} onPrev={page.prev} />
      </Card>
    </>
  );
}

const live = (r: { reconciled: boolean }) => (r.reconciled ? "reconciled" : "live");

async function load(view: View, q: ReturnType<typeof query>) {
  switch (view) {
    case "remittance": {
      const p = await unwrap(api.GET("/api/v1/analytics/remittance", q));
      return shape(p, ["Period", "Corridor", "Asset", "Volume", "Volume USD", "Transfers", "Completed", "Failed", "Success rate", "Senders", "Settlement p95 (s)", "State"],
        p.items.map((r) => [r.period_start, `${r.from_country ?? "?"} → ${r.to_country ?? "?"}`, `${r.asset_code} (${r.network})`, r.volume, r.volume_usd, num(r.count),
          num(r.completed_count), num(r.failed_count), num(r.success_rate), num(r.unique_senders), num(r.settlement_seconds.p95), live(r)]));
    }
    case "stablecoin": {
      const p = await unwrap(api.GET("/api/v1/analytics/stablecoin", q));
      return shape(p, ["Period", "Asset", "Network", "Country", "Volume", "Volume USD", "Transfers", "Users", "Growth", "State"],
        p.items.map((r) => [r.period_start, r.asset_code, r.network, r.country_code ?? "—", r.volume, r.volume_usd, num(r.count), num(r.unique_users), num(r.volume_growth), live(r)]));
    }
    case "merchants": {
      const p = await unwrap(api.GET("/api/v1/analytics/merchants", q));
      return shape(p, ["Period", "Account", "Volume USD", "Transfers", "Completed", "Customers", "State"],
        p.items.map((r) => [r.period_start, r.account_id, r.volume_usd, num(r.count), num(r.completed_count), num(r.unique_customers), live(r)]));
    }
    case "network": {
      const p = await unwrap(api.GET("/api/v1/analytics/network", q));
      return shape(p, ["Period", "Network", "Transfers", "Completed", "Volume USD", "Success rate", "Avg fee", "Settlement p95 (s)", "Active accounts", "New accounts", "Deposits", "State"],
        p.items.map((r) => [r.period_start, r.network, num(r.count), num(r.completed_count), r.volume_usd, num(r.success_rate), r.avg_fee ? `${r.avg_fee} ${r.fee_asset}` : "—",
          num(r.settlement_seconds.p95), num(r.active_accounts), num(r.new_accounts), num(r.deposits), live(r)]));
    }
  }
}

function shape(p: { items: Row[]; has_more: boolean; next_cursor: string | null; usd_rate_source: string; usd_rates_as_of: string }, head: string[], cells: string[][]) {
  const table = (
    <table>
      <thead><tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>{cells.map((row, i) => <tr key={i}>{row.map((c, j) => <td key={j} className={j > 1 && /^[0-9.]+$/.test(c) ? "num" : undefined}>{c}</td>)}</tr>)}</tbody>
    </table>
  );
  return { rows: p.items, table, hasMore: p.has_more, nextCursor: p.next_cursor, source: p.usd_rate_source, asOf: p.usd_rates_as_of };
}
