"""Freshness: for N transfers, the time from the transfer reading 'completed' to it counting in
/analytics/dashboard (totals.completed_count), polled every 20 ms. Prints p50/p95/max in ms."""
import json, os, sys, time, urllib.request, datetime

api, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
H = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

def call(method, path, body=None):
    req = urllib.request.Request(api + path, method=method, headers=H, data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["data"]

today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
dash = f"/api/v1/analytics/dashboard?start_date={today}&end_date={today}"
a = call("POST", "/api/v1/accounts", {"network": "stellar", "environment": "testnet", "account_type": "user", "country_code": "NG"})["id"]
b = call("POST", "/api/v1/accounts", {"network": "stellar", "environment": "testnet", "account_type": "merchant", "country_code": "KE"})["id"]
base = call("GET", dash)["totals"]["completed_count"]
lat = []
for i in range(n):
    t = call("POST", "/api/v1/transfers", {"from_account": a, "to_account": b, "asset_code": "XLM", "amount": "1", "from_country": "NG", "to_country": "KE"})
    while call("GET", f"/api/v1/transfers/{t['id']}/status")["status"] != "completed":
        time.sleep(0.01)
    done = time.monotonic()
    while call("GET", dash)["totals"]["completed_count"] < base + i + 1:
        if time.monotonic() - done > 30:
            sys.exit(f"transfer {t['id']} did not show in the dashboard within 30 s")
        time.sleep(0.02)
    lat.append((time.monotonic() - done) * 1000)
lat.sort()
pick = lambda p: lat[min(len(lat) - 1, int(p * len(lat) + 0.5) - 1)]
print(f"FRESHNESS n={n} p50_ms={pick(0.5):.0f} p95_ms={pick(0.95):.0f} max_ms={lat[-1]:.0f}")
