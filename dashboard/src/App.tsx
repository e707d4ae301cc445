import { useState } from "react";
import { clearKey, getKey, modeOf } from "./auth";
import { useRoute } from "./router";
import { SignIn } from "./pages/SignIn";
import { Overview } from "./pages/Overview";
import { Accounts } from "./pages/Accounts";
import { AccountDetail } from "./pages/AccountDetail";
import { Transfers } from "./pages/Transfers";
import { TransferDetail } from "./pages/TransferDetail";
import { Developer } from "./pages/Developer";
import { Webhooks } from "./pages/Webhooks";
import { WebhookDetail } from "./pages/WebhookDetail";
import { Analytics } from "./pages/Analytics";
import { Compliance } from "./pages/Compliance";
import { FlagDetail } from "./pages/FlagDetail";

const NAV: [string, string][] = [
  ["overview", "Overview"],
  ["accounts", "Accounts"],
  ["transfers", "Transfers"],
  ["analytics", "Analytics"],
  ["webhooks", "Webhooks"],
  ["compliance", "Compliance"],
  ["developer", "Developer"],
];

export function App() {
  const [key, setKeyState] = useState(getKey());
  const route = useRoute();
  if (!key) return <SignIn onSignedIn={() => setKeyState(getKey())} />;
  const mode = modeOf(key);
  const [page = "overview", id] = route;
  return (
    <div className={`app mode-${mode}`}>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Rowell</span>
        <span className={`mode mode-badge-${mode}`} role="status" aria-label={`${mode} mode`}>
          {mode === "live" ? "LIVE mode · real money" : "TEST mode · sandbox"}
        </span>
        <nav aria-label="Main" className="nav">
          {NAV.map(([path, label]) => (
            <a key={path} href={`#/${path}`} aria-current={page === path ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <button type="button" className="signout" onClick={() => { clearKey(); setKeyState(null); }}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page === "overview" && <Overview />}
        {page === "accounts" && (id ? <AccountDetail id={id} /> : <Accounts />)}
        {page === "transfers" && (id ? <TransferDetail id={id} /> : <Transfers />)}
        {page === "analytics" && <Analytics />}
        {page === "webhooks" && (id ? <WebhookDetail id={id} /> : <Webhooks />)}
        {page === "compliance" && (id ? <FlagDetail id={id} /> : <Compliance />)}
        {page === "developer" && <Developer />}
        {!NAV.some(([p]) => p === page) && <p>Page not found. <a href="#/overview">Go to the overview</a>.</p>}
      </main>
    </div>
  );
}
