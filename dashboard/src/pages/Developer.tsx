import { useState, type FormEvent } from "react";
import { api, newIdempotencyKey, rateLimit, unwrap } from "../api/client";
import { useLoad } from "../hooks";
import { Card, ErrorBox, Field, Scroll, Select, When } from "../ui";

export function Developer() {
  const me = useLoad(() => unwrap(api.GET("/api/v1/developers/me")), []);
  const keys = useLoad(() => unwrap(api.GET("/api/v1/developers/me/api-keys")), []);
  const usage = useLoad(() => unwrap(api.GET("/api/v1/developers/me/usage")), [], 10000);
  const [created, setCreated] = useState<string>();
  const [form, setForm] = useState({ name: "", mode: "test" });
  const [error, setError] = useState<Error>();
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const key = await unwrap(api.POST("/api/v1/developers/me/api-keys", { body: { name: form.name, mode: form.mode, permissions: null, expires_at: null }, headers: { "Idempotency-Key": newIdempotencyKey() } }));
      setCreated(key.secret ?? undefined);
      setForm({ ...form, name: "" });
      await keys.refresh();
    } catch (err) {
      setError(err as Error);
    }
  }
  async function revoke(id: string) {
    if (!window.confirm(`Revoke ${id}? Requests with it will be refused at once.`)) return;
    try {
      await unwrap(api.DELETE("/api/v1/developers/me/api-keys/{key_id}", { params: { path: { key_id: id } } }));
      await keys.refresh();
    } catch (err) {
      setError(err as Error);
    }
  }
  const resetIn = rateLimit.reset ? Math.max(0, rateLimit.reset - Math.floor(Date.now() / 1000)) : 0;
  return (
    <>
      <h1>Developer</h1>
      <ErrorBox error={me.error ?? keys.error ?? usage.error ?? error} />
      {me.data && (
        <Card title="Account">
          <dl className="details">
            <dt>Developer</dt><dd>{me.data.first_name} {me.data.last_name} · {me.data.email} ({me.data.id})</dd>
            <dt>Tier</dt><dd>{me.data.tier}</dd>
            <dt>Rate limit</dt><dd data-testid="rate-limit">{rateLimit.limit ? `${rateLimit.remaining} of ${rateLimit.limit} requests left in this window (resets in ${resetIn} s)` : "—"}</dd>
          </dl>
        </Card>
      )}
      <Card title="API keys">
        {created && <p role="status" className="notice">New key (shown once, copy it now): <code className="wrap">{created}</code></p>}
        <form className="inline-form" onSubmit={create}>
          <Field label="Key name"><input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={100} /></Field>
          <Select label="Mode" value={form.mode} onChange={(mode) => setForm({ ...form, mode })} options={["test", "live"]} />
          <button type="submit">Create key</button>
        </form>
        <Scroll label="API keys table">
          <table>
            <thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Mode</th><th scope="col">Prefix</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {keys.data?.map((k) => (
                <tr key={k.id}>
                  <td>{k.id}</td><td>{k.name}</td><td>{k.mode}</td><td className="mono">{k.prefix}…</td><td>{k.status}</td><td><When at={k.created_at} /></td>
                  <td>{k.status === "active" && <button type="button" className="danger" onClick={() => void revoke(k.id)} aria-label={`Revoke ${k.name}`}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </Card>
      <Card title="Usage">
        <p>Total requests: <strong>{usage.data?.total_requests ?? 0}</strong></p>
        <Scroll label="Usage table">
          <table>
            <thead><tr><th scope="col">Day</th><th scope="col">Requests</th><th scope="col">Rate limited</th><th scope="col">Top endpoint</th></tr></thead>
            <tbody>
              {usage.data?.days.map((d) => (
                <tr key={d.date}><td>{d.date}</td><td className="num">{d.requests}</td><td className="num">{d.rate_limited}</td><td>{d.endpoints[0]?.endpoint}</td></tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </Card>
    </>
  );
}
