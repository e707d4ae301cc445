import type { ReactNode } from "react";
import { ApiError } from "./api/client";

export function ErrorBox({ error }: { error?: Error }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" className="error">
      <strong>{api ? api.code : "Error"}</strong>: {error.message}
      {api?.field && <> (field <code>{api.field}</code>)</>}
      {api?.requestId && <span className="muted"> · request {api.requestId}</span>}
    </div>
  );
}

export function Status({ value }: { value: string }) {
  return <span className={`badge status-${value}`}>{value.replace("_", " ")}</span>;
}

export function When({ at }: { at: unknown }) {
  if (typeof at !== "string") return null;
  const d = new Date(at);
  return <time dateTime={at}>{d.toISOString().replace("T", " ").slice(0, 19)}Z</time>;
}

export function Card({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Select({ label, value, onChange, options, labels }: { label: string; value: string; onChange: (v: string) => void; options: string[]; labels?: Record<string, string> }) {
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? (o === "" ? "any" : o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Cursor paging controls: a stack of cursors so Previous works without ending_before bookkeeping. */
export function Pager({ hasMore, onNext, onPrev, canPrev }: { hasMore: boolean; onNext: () => void; onPrev: () => void; canPrev: boolean }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={onPrev} disabled={!canPrev}>
        Previous
      </button>
      <button type="button" onClick={onNext} disabled={!hasMore}>
        Next
      </button>
    </nav>
  );
}

export const COUNTRIES = ["KE", "NG", "ZA", "GH", "UG", "TZ", "ET", "EG"];

/** A secret the API shows once: displayed with a plain warning, selectable, never stored. */
export function SecretOnce({ label, secret }: { label: string; secret?: string | null }) {
  if (!secret) return null;
  return (
    <p role="status" className="notice">
      {label} (shown once, copy it now): <code className="wrap" data-testid="secret-once">{secret}</code>
    </p>
  );
}

/** A group of toggle buttons (one pressed), for switching views without a page change. */
export function Toggle({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: [string, string][] }) {
  return (
    <div role="group" aria-label={label} className="toggle">
      {options.map(([v, text]) => (
        <button type="button" key={v} aria-pressed={value === v} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}

export const num = (v: number | string | null | undefined) => (v === null || v === undefined ? "—" : String(v));

/** A wide table's own horizontal scroller, so the page never scrolls sideways; focusable so keyboards can scroll it. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
