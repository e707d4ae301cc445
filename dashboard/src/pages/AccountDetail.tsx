import { api, unwrap } from "../api/client";
import { useLoad } from "../hooks";
import { Card, ErrorBox, When } from "../ui";

export function AccountDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const account = useLoad(() => unwrap(api.GET("/api/v1/accounts/{id}", path)), [id]);
  const balances = useLoad(() => unwrap(api.GET("/api/v1/accounts/{id}/balances", path)), [id], 5000);
  const a = account.data;
  return (
    <>
      <p><a href="#/accounts">← Accounts</a></p>
      <h1>Account {id}</h1>
      <ErrorBox error={account.error ?? balances.error} />
      {a && (
        <Card title="Details">
          <dl className="details">
            <dt>Type</dt><dd>{a.account_type}</dd>
            <dt>Network</dt><dd>{a.network} ({a.environment})</dd>
            <dt>Country</dt><dd>{a.country_code} ({a.region})</dd>
            <dt>KYC status</dt><dd data-testid="kyc-status">{a.kyc_status}</dd>
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
      <p><a href={`#/transfers?from=${id}`} onClick={(e) => { e.preventDefault(); sessionStorage.setItem("rowell.transferFrom", id); window.location.hash = "#/transfers"; }}>Send a transfer from this account</a></p>
    </>
  );
}
