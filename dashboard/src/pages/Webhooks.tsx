import { useState, type FormEvent } from "react";
import { api, newIdempotencyKey, query, unwrap, type WebhookEndpoint } from "../api/client";
import { useAction, useCursor, useLoad } from "../hooks";
import { Card, ErrorBox, Field, Pager, Scroll, SecretOnce, Status, When } from "../ui";

/** Webhook endpoints: register one (its signing secret is shown once), list them, open one for its deliveries. */
export function Webhooks() {
  const page = useCursor();
  const list = useLoad(() => unwrap(api.GET("/api/v1/webhooks", query({ limit: 20, starting_after: page.after }))), [page.after]);
  const [created, setCreated] = useState<WebhookEndpoint>();
  return (
    <>
      <h1>Webhooks</h1>
      <CreateEndpoint onCreated={(w) => { setCreated(w); void list.refresh(); }} />
      {created && (
        <Card title="Endpoint created">
          <p>
            <a href={`#/webhooks/${created.id}`}>{created.id}</a> will receive {created.events.join(", ")} at <span className="wrap">{created.url}</span>.
          </p>
          <SecretOnce label="Signing secret" secret={created.secret} />
        </Card>
      )}
      <Card title="Your endpoints">
        <ErrorBox error={list.error} />
        <Scroll label="Endpoints table">
          <table>
            <thead><tr><th scope="col">Id</th><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
            <tbody>
              {list.data?.items.map((w) => (
                <tr key={w.id}>
                  <td><a href={`#/webhooks/${w.id}`}>{w.id}</a></td><td className="wrap">{w.url}</td><td>{w.events.join(", ")}</td>
                  <td><Status value={w.status} />{w.disabled_reason && <span className="muted"> {w.disabled_reason}</span>}</td><td><When at={w.created_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {list.data && list.data.items.length === 0 && <p>No endpoints yet.</p>}
        <Pager hasMore={!!list.data?.has_more} canPrev={page.canPrev} onNext={() => page.next(list.data?.next_cursor)} onPrev={page.prev} />
      </Card>
    </>
  );
}

function CreateEndpoint({ onCreated }: { onCreated: (w: WebhookEndpoint) => void }) {
  const [form, setForm] = useState({ url: "", events: "*", description: "" });
  const action = useAction();
  function submit(e: FormEvent) {
    e.preventDefault();
    void action.run(async () => {
      const events = form.events.split(/[\s,]+/).filter(Boolean);
      const w = await unwrap(api.POST("/api/v1/webhooks", {
        body: { url: form.url, events, description: form.description || null },
        headers: { "Idempotency-Key": newIdempotencyKey() },
      }));
      setForm({ url: "", events: "*", description: "" });
      onCreated(w);
    });
  }
  return (
    <Card title="Add an endpoint">
      <form className="inline-form" onSubmit={submit}>
        <Field label="Endpoint URL"><input type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://example.com/rowell" required maxLength={2048} /></Field>
        <Field label="Events (comma-separated, * for all)"><input value={form.events} onChange={(e) => setForm({ ...form, events: e.target.value })} required /></Field>
        <Field label="Description (optional)"><input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} maxLength={500} /></Field>
        <button type="submit" disabled={action.busy}>{action.busy ? "Adding…" : "Add endpoint"}</button>
      </form>
      <ErrorBox error={action.error} />
    </Card>
  );
}
