-- wrk script: POST /api/v1/transfers between random pairs of pre-created accounts,
-- each request with its own Idempotency-Key (as a well-behaved client sends).
local accounts = {}
local key = os.getenv("ROWELL_BENCH_KEY")
local counter = 0

function init(args)
  for line in io.lines(os.getenv("ROWELL_BENCH_ACCOUNTS")) do
    accounts[#accounts + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  local n = #accounts
  local i = math.random(n)
  local j = math.random(n - 1)
  if j >= i then j = j + 1 end
  counter = counter + 1
  local body = string.format('{"from_account":"%s","to_account":"%s","asset_code":"XLM","amount":"0.0001"}', accounts[i], accounts[j])
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), math.random(1, 1000000000), counter),
  }
  return wrk.format("POST", "/api/v1/transfers", headers, body)
end
