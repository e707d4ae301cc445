import { api, query, unwrap } from "../api/client";
import { useCursor, useLoad } from "../hooks";
import { Card, ErrorBox, Pager, Scroll, Status, When } from "../ui";
import { VerificationTable } from "./Compliance";

export function AccountDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const account = useLoad(() => unwrap(api.GET("/api/v1/accounts/{id}", path)), [id]);
  const balances = useLoad(() => unwrap(api.GET("/api/v1/accounts/{id}/balances", path)), [id], 5000);
  const page = useCursor();
  const deposits = useLoad(() => unwrap(api.GET("/api/v1/accounts/{id}/deposits", { ...path, ...query({ limit: 20, starting_after: page.after }) })),
    [id, page.after], 5000, !page.after);
  const verifications = useLoad(() => unwrap(api.GET("/api/v1/compliance/verifications", query({ account_id: id, limit: 5 }))), [id]);
  const a = account.data;
  return (
    <>
      <p><a href="#/accounts">← Accounts</a></p>
      <h1>Account {id}</h1>
      <ErrorBox error={account.error ?? balances.error ?? deposits.error ?? verifications.error} />
      {a && (
        <Card title="Details">
          <dl className="details">
            <dt>Type</dt><dd>{a.account_type}</dd>
            <dt>Network</dt><dd>{a.network} ({a.environment})</dd>
            <dt>Country</dt><dd>{a.country_code} ({a.region})</dd>
            <dt>KYC status</dt><dd data-testid="kyc-status"><Status value={a.kyc_status} /></dd>
            <dt>Created</dt><dd><When at={a.created_at} /></dd>
          </dl>
        </Card>
      )}
      <Card title="Balances">
        <table>
          <thead><tr><th scope="col">Asset</th><th scope="col">Network</th><th scope="col">Balance</th></tr></thead>
          <tbody>{balances.data?.map((b) => <tr key={b.asset_code + b.network}><td>{b.asset_code}</td><td>{b.network}</td><td className="num">{b.balance}</td></tr>)}</tbody>
        </table>
      </Card>
      <Card title="Wallets">
        <table>
          <thead><tr><th scope="col">Id</th><th scope="col">Network</th><th scope="col">Address</th></tr></thead>
          <tbody>{a?.wallets.map((w) => <tr key={w.id}><td>{w.id}</td><td>{w.network}</td><td className="mono wrap">{w.address}</td></tr>)}</tbody>
        </table>
      </Card>
      <Card title="Deposits">
        <Scroll label="Deposits table">
          <table data-testid="deposits">
            <thead><tr><th scope="col">Deposit</th><th scope="col">Amount</th><th scope="col">From</th><th scope="col">Transaction</th><th scope="col">Ledger time</th></tr></thead>
            <tbody>
              {deposits.data?.items.map((d) => (
                <tr key={d.id}>
                  <td className="mono">{d.id}</td><td className="num">{d.amount} {d.asset_code} ({d.network})</td>
                  <td className="mono wrap">{d.from_address}</td><td className="mono wrap">{d.transaction_hash}</td><td><When at={d.ledger_time} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {deposits.data && deposits.data.items.length === 0 && <p>No deposits yet.</p>}
        <Pager hasMore={!!deposits.data?.has_more} canPrev={page.canPrev} onNext={() => page.next(deposits.data?.next_cursor)} onPrev={page.prev} />
      </Card>
      <Card title="KYC verifications">
        <VerificationTable items={verifications.data?.items} />
        {verifications.data && verifications.data.items.length === 0 && <p>No identity verification yet: transfers from this account count against the unverified daily limit.</p>}
      </Card>
      <p><a href={`#/transfers?from=${id}`} onClick={(e) => { e.preventDefault(); sessionStorage.setItem("rowell.transferFrom", id); window.location.hash = "#/transfers"; }}>Send a transfer from this account</a></p>
    </>
  );
}
