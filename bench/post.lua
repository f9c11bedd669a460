-- wrk script: POST one JSON body again and again, then print one result line.
--
--   WRK_BODY_FILE=body.json WRK_TOKEN=gw-... wrk -t1 -c16 -d5s -s bench/post.lua http://127.0.0.1:8080/v1/chat/completions
--
-- WRK_BODY_FILE (required) holds the request body; WRK_TOKEN (optional) is sent
-- as "Authorization: Bearer ...". The last line of output is
--   BENCH_RESULT requests=N duration_us=N p50_us=N p99_us=N errors=N status_errors=N
-- which bench/gateway_bench.py reads; wrk's own summary comes before it.

local body_file = os.getenv("WRK_BODY_FILE")
if body_file == nil then
   error("set WRK_BODY_FILE to the file holding the JSON request body")
end
local handle = assert(io.open(body_file, "rb"))
wrk.method = "POST"
wrk.body = handle:read("*a")
handle:close()
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("WRK_TOKEN")
if token ~= nil and token ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. token
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d status_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
