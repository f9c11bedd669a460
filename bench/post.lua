-- wrk script: POST a JSON body again and again, each time a new text, then print one result line.
--
--   WRK_BODY_FILE=body.json WRK_TOKEN=gw-... wrk -t1 -c16 -d5s -s bench/post.lua http://127.0.0.1:8080/v1/chat/completions
--
-- WRK_BODY_FILE (required) holds the request body; WRK_TOKEN (optional) is sent
-- as "Authorization: Bearer ...". The first "{{N}}" in the body becomes a string
-- of letters new to every request of every run, so that no request is a repeat of
-- an earlier one: the gateway caches detection by message content, and a
-- benchmark of the same text again and again would measure that cache only.
-- The last line of output is
--   BENCH_RESULT requests=N duration_us=N p50_us=N p99_us=N errors=N status_errors=N
-- which bench/gateway_bench.py reads; wrk's own summary comes before it.

local body_file = os.getenv("WRK_BODY_FILE")
if body_file == nil then
   error("set WRK_BODY_FILE to the file holding the JSON request body")
end
local handle = assert(io.open(body_file, "rb"))
wrk.method = "POST"
local template = handle:read("*a")
handle:close()
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("WRK_TOKEN")
if token ~= nil and token ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. token
end

-- Letters only: a number could be read as a phone number or an ID and change what is masked.
local function letters(n)
   local text = ""
   repeat
      text = string.char(97 + n % 26) .. text
      n = math.floor(n / 26)
   until n == 0
   return text
end

math.randomseed(os.time() + math.floor(os.clock() * 1e6))
local run = ""
for _ = 1, 8 do
   run = run .. string.char(97 + math.random(0, 25))
end
local counter = 0

request = function()
   counter = counter + 1
   local body = template:gsub("{{N}}", run .. letters(counter), 1)
   return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d status_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
