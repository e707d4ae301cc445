-- wrk script: one GET path (BENCH_PATH) with the API key (BENCH_KEY); prints one parsable line.
-- With BENCH_STARTS (comma-separated dates), the path's {start} and {limit} are filled in so that each request asks a
-- different question: the threads walk, in turn, every start date × limit 1..100, more questions than the answer
-- caches keep (1024, cleared when full), so a question comes round again only after its answer was dropped: every
-- request builds its answer.
local key = os.getenv("BENCH_KEY")
local path = os.getenv("BENCH_PATH")
local starts = {}
for d in string.gmatch(os.getenv("BENCH_STARTS") or "", "[^,]+") do
  starts[#starts + 1] = d
end
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local n = nil
request = function()
  local p = path
  if #starts > 0 then
    -- Threads start far apart in the cycle so that two never ask the same question at once (they would share a build).
    n = n or (tonumber(tid) or 0) * 997
    local i = n % (#starts * 100)
    n = n + 1
    p = p:gsub("{start}", starts[math.floor(i / 100) + 1]):gsub("{limit}", tostring(i % 100 + 1))
  end
  return wrk.format("GET", p, { ["Authorization"] = "Bearer " .. key })
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_us=%d p95_us=%d p99_us=%d requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, errors))
end
