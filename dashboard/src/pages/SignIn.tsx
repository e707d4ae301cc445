import { useState, type FormEvent } from "react";
import { api, unwrap } from "../api/client";
import { clearKey, setKey } from "../auth";
import { ErrorBox, Field } from "../ui";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const key = value.trim();
    setKey(key);
    try {
      await unwrap(api.GET("/api/v1/developers/me"));
      setValue("");
      onSignedIn();
    } catch (err) {
      clearKey();
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="signin">
      <h1>Sign in to Rowell</h1>
      <p>Paste a secret API key. It stays in this tab only (session storage) and is sent only to this API.</p>
      <form onSubmit={submit} autoComplete="off">
        <Field label="API key">
          <input type="password" name="api-key" value={value} onChange={(e) => setValue(e.target.value)} placeholder="sk_test_…" required
            pattern="sk_(test|live)_.+" title="A key starts with sk_test_ or sk_live_" autoComplete="off" spellCheck={false} />
        </Field>
        <button type="submit" disabled={busy}>{busy ? "Checking…" : "Sign in"}</button>
      </form>
      <ErrorBox error={error} />
    </main>
  );
}
