import { useState, type FormEvent } from "react";
import { api, newIdempotencyKey, query, unwrap, type Account } from "../api/client";
import { modeOf, getKey } from "../auth";
import { useLoad } from "../hooks";
import { go } from "../router";
import { COUNTRIES, Card, ErrorBox, Pager, Scroll, Select, When } from "../ui";

export function Accounts() {
  const [filters, setFilters] = useState({ network: "", account_type: "", country_code: "", kyc_status: "" });
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const list = useLoad(() => unwrap(api.GET("/api/v1/accounts", query({ ...filters, limit: 20, starting_after: after }))), [JSON.stringify(filters), after]);
  const set = (k: keyof typeof filters) => (v: string) => { setCursors([]); setFilters({ ...filters, [k]: v }); };
  return (
    <>
      <h1>Accounts</h1>
      <CreateAccount onCreated={(a) => go(`accounts/${a.id}`)} />
      <Card title="Your accounts">
        <form className="filters" aria-label="Filter accounts" onSubmit={(e) => e.preventDefault()}>
          <Select label="Network" value={filters.network} onChange={set("network")} options={["", "stellar", "hedera"]} />
          <Select label="Type" value={filters.account_type} onChange={set("account_type")} options={["", "user", "merchant", "anchor", "ngo"]} />
          <Select label="Country" value={filters.country_code} onChange={set("country_code")} options={["", ...COUNTRIES]} />
          <Select label="KYC" value={filters.kyc_status} onChange={set("kyc_status")} options={["", "unverified", "pending", "verified", "rejected"]} />
        </form>
        <ErrorBox error={list.error} />
        <Scroll label="Accounts table">
          <table>
            <thead>
              <tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">Network</th><th scope="col">Country</th><th scope="col">KYC</th><th scope="col">Created</th></tr>
            </thead>
            <tbody>
              {list.data?.items.map((a) => (
                <tr key={a.id}>
                  <td><a href={`#/accounts/${a.id}`}>{a.id}</a></td>
                  <td>{a.account_type}</td><td>{a.network}</td><td>{a.country_code}</td><td>{a.kyc_status}</td><td><When at={a.created_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {list.data && list.data.items.length === 0 && <p>No accounts match.</p>}
        <Pager hasMore={!!list.data?.has_more} canPrev={cursors.length > 0}
          onNext={() => list.data?.next_cursor && setCursors([...cursors, list.data.next_cursor])} onPrev={() => setCursors(cursors.slice(0, -1))} />
      </Card>
    </>
  );
}

function CreateAccount({ onCreated }: { onCreated: (a: Account) => void }) {
  const environment = modeOf(getKey()) === "live" ? "mainnet" : "testnet";
  const [form, setForm] = useState({ network: "stellar", account_type: "user", country_code: "KE" });
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const account = await unwrap(api.POST("/api/v1/accounts", { body: { ...form, environment, metadata: null }, headers: { "Idempotency-Key": newIdempotencyKey() } }));
      onCreated(account);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title="Create an account">
      <form className="inline-form" onSubmit={submit}>
        <Select label="Network" value={form.network} onChange={(network) => setForm({ ...form, network })} options={["stellar", "hedera"]} />
        <Select label="Type" value={form.account_type} onChange={(account_type) => setForm({ ...form, account_type })} options={["user", "merchant", "anchor", "ngo"]} />
        <Select label="Country" value={form.country_code} onChange={(country_code) => setForm({ ...form, country_code })} options={COUNTRIES} />
        <p className="muted">Environment: {environment} (from your key)</p>
        <button type="submit" disabled={busy}>{busy ? "Creating…" : "Create account"}</button>
      </form>
      <ErrorBox error={error} />
    </Card>
  );
}
