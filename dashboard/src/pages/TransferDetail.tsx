import { FINAL, api, unwrap } from "../api/client";
import { useLoad } from "../hooks";
import { Card, ErrorBox, Status, When } from "../ui";

/** A transfer and its timeline, polled every second until the status is final. */
export function TransferDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const transfer = useLoad(() => unwrap(api.GET("/api/v1/transfers/{id}", path)), [id], 1000);
  const done = !!transfer.data && FINAL.includes(transfer.data.status);
  const timeline = useLoad(() => unwrap(api.GET("/api/v1/transfers/{id}/events", path)), [id, done], 1000, !done);
  const t = transfer.data;
  return (
    <>
      <p><a href="#/transfers">← Transfers</a></p>
      <h1>Transfer {id}</h1>
      <ErrorBox error={transfer.error ?? timeline.error} />
      {t && (
        <Card title="Details">
          <dl className="details">
            <dt>Status</dt><dd data-testid="transfer-status"><Status value={t.status} />{!done && <span className="muted"> · updating live</span>}</dd>
            <dt>Amount</dt><dd>{t.amount} {t.asset_code} (fee {t.fee} {t.fee_asset})</dd>
            <dt>From</dt><dd><a href={`#/accounts/${t.from_account}`}>{t.from_account}</a></dd>
            <dt>To</dt><dd className="wrap">{t.to_account ? <a href={`#/accounts/${t.to_account}`}>{t.to_account}</a> : t.to_address}</dd>
            <dt>Network</dt><dd>{t.network} ({t.environment})</dd>
            <dt>Corridor</dt><dd>{t.from_country} → {t.to_country}</dd>
            <dt>Compliance</dt><dd>{t.compliance.status} (risk {t.compliance.risk_score})</dd>
            <dt>Transaction</dt><dd className="mono wrap">{t.transaction_hash ?? "—"}</dd>
            {t.failure_code && (<><dt>Failure</dt><dd>{t.failure_code}: {t.failure_message}</dd></>)}
          </dl>
        </Card>
      )}
      <Card title="Timeline">
        <ol className="timeline" aria-live="polite" data-testid="timeline">
          {timeline.data?.map((e) => (
            <li key={e.id}>
              <Status value={e.status} /> <strong>{e.type}</strong> <When at={e.created_at} /> {e.detail && <span className="muted">{e.detail}</span>}
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
