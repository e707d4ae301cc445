// Reads /health/ready through the same edge and shows each check; refreshes every 10 s.
async function refresh() {
  const overall = document.getElementById("overall");
  const rows = document.getElementById("checks");
  try {
    const response = await fetch("/health/ready", { cache: "no-store" });
    const body = await response.json();
    const data = body.data || {};
    overall.textContent = data.status === "ready" ? "All systems ready" : "Not ready";
    overall.className = data.status === "ready" ? "ok" : "bad";
    rows.replaceChildren(...Object.entries(data.checks || {}).map(([name, state]) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td"); a.textContent = name;
      const b = document.createElement("td"); b.textContent = state;
      tr.append(a, b);
      return tr;
    }));
  } catch (e) {
    overall.textContent = "API unreachable";
    overall.className = "bad";
  }
}
refresh();
setInterval(refresh, 10000);
