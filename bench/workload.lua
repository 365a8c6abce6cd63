-- wrk script for the three workloads of the overhead report (bench/harness.py runs it):
--   wrk -t1 -cN -dT -s workload.lua URL -- WORKLOAD DATA_DIR SEGMENT TAG
-- WORKLOAD: me | login | mixed. DATA_DIR holds the prepared pools (one item a line):
--   me_tokens.txt (token), login_accounts.txt (email password),
--   logout_tokens.txt (token), pending_codes.txt (email code password). Passwords are passphrases:
--   everything after the fields before them.
-- SEGMENT 0 (warm-up) or 1 (measurement): the single-use pools (logout tokens, pending codes)
-- are split in halves so the warm-up never spends what the measurement needs.
-- TAG makes the addresses the mixed workload registers unique to this run.
-- Mixed, per 20 requests: 14 GET /me, 3 POST /login, 1 POST /register,
-- 1 POST /register/confirm, 1 POST /logout (an API mostly asked "who is this?").

local workload, segment, tag
local me_tokens, accounts, logout_tokens, pending = {}, {}, {}, {}
local n, used_logout, used_pending, registered = 0, 0, 0, 0
local json_headers = { ["Content-Type"] = "application/json" }

local function read_lines(path)
  local t = {}
  local f = io.open(path, "r")
  if f == nil then return t end
  for line in f:lines() do
    if #line > 0 then t[#t + 1] = line end
  end
  f:close()
  return t
end

local function pairs_of(lines)  -- "first rest of the line"
  local t = {}
  for _, line in ipairs(lines) do
    local a, b = line:match("^(%S+)%s+(.+)$")
    if a then t[#t + 1] = { a, b } end
  end
  return t
end

local function triples_of(lines)  -- "first second rest of the line"
  local t = {}
  for _, line in ipairs(lines) do
    local a, b, c = line:match("^(%S+)%s+(%S+)%s+(.+)$")
    if a then t[#t + 1] = { a, b, c } end
  end
  return t
end

local function half(t, which)
  local mid = math.floor(#t / 2)
  local from, to = 1, mid
  if which == 1 then from, to = mid + 1, #t end
  local out = {}
  for k = from, to do out[#out + 1] = t[k] end
  return out
end

function init(args)
  workload, segment, tag = args[1], tonumber(args[3]) or 1, args[4] or "run"
  local dir = args[2]
  me_tokens = read_lines(dir .. "/me_tokens.txt")
  accounts = pairs_of(read_lines(dir .. "/login_accounts.txt"))
  logout_tokens = half(read_lines(dir .. "/logout_tokens.txt"), segment)
  pending = half(triples_of(read_lines(dir .. "/pending_codes.txt")), segment)
  n = segment * 7919  -- the measurement does not start on the tokens the warm-up just used
end

local function me()
  local token = me_tokens[(n % #me_tokens) + 1]
  return wrk.format("GET", "/me", { ["Authorization"] = "Bearer " .. token })
end

local function login()
  local account = accounts[(n % #accounts) + 1]
  return wrk.format("POST", "/login", json_headers,
    '{"email":"' .. account[1] .. '","password":"' .. account[2] .. '"}')
end

local function register()
  registered = registered + 1
  return wrk.format("POST", "/register", json_headers,
    '{"email":"mix-' .. tag .. '-' .. segment .. '-' .. registered ..
    '@bench.test","password":"mixed workload quiet amber lantern"}')
end

local function confirm()
  used_pending = used_pending + 1
  local p = pending[((used_pending - 1) % #pending) + 1]
  return wrk.format("POST", "/register/confirm", json_headers,
    '{"email":"' .. p[1] .. '","code":"' .. p[2] .. '","password":"' .. p[3] .. '"}')
end

local function logout()
  used_logout = used_logout + 1
  local token = logout_tokens[((used_logout - 1) % #logout_tokens) + 1]
  return wrk.format("POST", "/logout", { ["Authorization"] = "Bearer " .. token })
end

function request()
  n = n + 1
  if workload == "me" then return me() end
  if workload == "login" then return login() end
  local slot = n % 20
  if slot < 14 then return me() end
  if slot < 17 then return login() end
  if slot == 17 then return register() end
  if slot == 18 then return confirm() end
  return logout()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"p50_us":%.1f,"p99_us":%.1f,"p999_us":%.1f,"max_us":%.1f,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
