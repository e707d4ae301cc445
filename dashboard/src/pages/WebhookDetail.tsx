import { useState } from "react";
import { api, query, unwrap } from "../api/client";
import { useAction, useCursor, useLoad } from "../hooks";
import { Card, ErrorBox, Pager, Scroll, SecretOnce, Select, Status, When, num } from "../ui";

/** One endpoint: test event, secret rotation, enable/disable, and its deliveries (polled) with each one's attempts. */
export function WebhookDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const endpoint = useLoad(() => unwrap(api.GET("/api/v1/webhooks/{id}", path)), [id]);
  const [status, setStatus] = useState("");
  const page = useCursor();
  const deliveries = useLoad(
    () => unwrap(api.GET("/api/v1/webhooks/{id}/deliveries", { ...path, ...query({ status, limit: 20, starting_after: page.after }) })),
    [id, status, page.after], 2000, !page.after);
  const [selected, setSelected] = useState<string>();
  const [secret, setSecret] = useState<string | null>();
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const w = endpoint.data;

  const sendTest = () => action.run(async () => {
    const d = await unwrap(api.POST("/api/v1/webhooks/{id}/test", path));
    setNotice(`Test event ${d.event_id} queued as delivery ${d.id}.`);
    await deliveries.refresh();
  });
  const rotate = () => action.run(async () => {
    if (!window.confirm("Rotate the signing secret? The old one keeps signing beside the new one for 24 hours.")) return;
    const rotated = await unwrap(api.POST("/api/v1/webhooks/{id}/rotate-secret", path));
    setSecret(rotated.secret);
    setNotice(undefined);
  });
  const toggle = () => action.run(async () => {
    const next = w?.status === "enabled" ? "disabled" : "enabled";
    await unwrap(api.PATCH("/api/v1/webhooks/{id}", { ...path, body: { status: next, url: null, events: null, description: null } }));
    await endpoint.refresh();
  });

  return (
    <>
      <p><a href="#/webhooks">← Webhooks</a></p>
      <h1>Endpoint {id}</h1>
      <ErrorBox error={endpoint.error ?? deliveries.error ?? action.error} />
      {w && (
        <Card title="Details" actions={
          <div className="actions">
            <button type="button" onClick={() => void sendTest()} disabled={action.busy}>Send test event</button>
            <button type="button" className="secondary" onClick={() => void rotate()} disabled={action.busy}>Rotate secret</button>
            <button type="button" className="secondary" onClick={() => void toggle()} disabled={action.busy}>{w.status === "enabled" ? "Disable" : "Enable"}</button>
          </div>
        }>
          <dl className="details">
            <dt>URL</dt><dd className="wrap">{w.url}</dd>
            <dt>Events</dt><dd>{w.events.join(", ")}</dd>
            <dt>Status</dt><dd data-testid="endpoint-status"><Status value={w.status} />{w.disabled_reason && ` · ${w.disabled_reason}`}</dd>
            <dt>Description</dt><dd>{w.description ?? "—"}</dd>
            <dt>Created</dt><dd><When at={w.created_at} /></dd>
          </dl>
          {notice && <p role="status" className="notice">{notice}</p>}
          <SecretOnce label="New signing secret" secret={secret} />
        </Card>
      )}
      <Card title="Deliveries">
        <form className="filters" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
          <Select label="Delivery status" value={status} onChange={(v) => { page.reset(); setStatus(v); }} options={["", "pending", "succeeded", "failed"]} />
        </form>
        <Scroll label="Deliveries table">
          <table data-testid="deliveries">
            <thead><tr><th scope="col">Delivery</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last HTTP status</th><th scope="col">Next attempt</th><th scope="col">Created</th></tr></thead>
            <tbody>
              {deliveries.data?.items.map((d) => (
                <tr key={d.id} className={selected === d.id ? "selected" : undefined}>
                  <td><button type="button" className="secondary" aria-expanded={selected === d.id} onClick={() => setSelected(selected === d.id ? undefined : d.id)}>{d.id}</button></td>
                  <td>{d.event_type}<br /><span className="muted mono">{d.event_id}</span></td>
                  <td><Status value={d.status} /></td><td className="num">{d.attempt_count}</td><td className="num">{num(d.last_status_code)}</td>
                  <td><When at={d.next_attempt_at} /></td><td><When at={d.created_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {deliveries.data && deliveries.data.items.length === 0 && <p>No deliveries yet. Send a test event to see one.</p>}
        <Pager hasMore={!!deliveries.data?.has_more} canPrev={page.canPrev} onNext={() => page.next(deliveries.data?.next_cursor)} onPrev={page.prev} />
      </Card>
      {selected && <DeliveryAttempts endpointId={id} deliveryId={selected} onRedelivered={() => void deliveries.refresh()} />}
    </>
  );
}

function DeliveryAttempts({ endpointId, deliveryId, onRedelivered }: { endpointId: string; deliveryId: string; onRedelivered: () => void }) {
  const path = { params: { path: { id: endpointId, deliveryId } } };
  const delivery = useLoad(() => unwrap(api.GET("/api/v1/webhooks/{id}/deliveries/{deliveryId}", path)), [endpointId, deliveryId], 2000);
  const action = useAction();
  const redeliver = () => action.run(async () => {
    await unwrap(api.POST("/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", path));
    await delivery.refresh();
    onRedelivered();
  });
  const d = delivery.data;
  return (
    <Card title={`Attempts of ${deliveryId}`} actions={<button type="button" onClick={() => void redeliver()} disabled={action.busy}>Redeliver</button>}>
      <ErrorBox error={delivery.error ?? action.error} />
      {d && <p>{d.event_type} · <Status value={d.status} /> · {d.attempt_count} attempt(s)</p>}
      <ol className="history" data-testid="attempts">
        {d?.attempts?.map((a, i) => (
          <li key={`${a.at}-${i}`}>
            <When at={a.at} /> · HTTP {num(a.status_code)} · {a.duration_ms} ms{a.error && <> · <span className="muted">{a.error}</span></>}
            {a.response_excerpt && <pre className="excerpt">{a.response_excerpt}</pre>}
          </li>
        ))}
      </ol>
      {d?.attempts?.length === 0 && <p>No attempt yet.</p>}
    </Card>
  );
}
