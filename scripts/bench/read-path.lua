-- wrk script: GET /api/v1/accounts/{id} over many accounts, with the API key; prints one parsable line.
-- env: BENCH_KEY (the sk_ key), BENCH_IDS (file with one account id per line)
local ids = {}
local key = os.getenv("BENCH_KEY")
for line in io.lines(os.getenv("BENCH_IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/accounts/" .. ids[(i % #ids) + 1], { ["Authorization"] = "Bearer " .. key })
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, errors, summary.errors.status))
end
