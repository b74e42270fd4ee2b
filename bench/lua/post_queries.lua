-- wrk script: POST a JSON body per request, cycling through the queries in
-- the file named by $QUERIES (one per line). Env: PATH_TEMPLATE (request path),
-- FIELD (JSON key carrying the query). done() prints one JSON line for the
-- bench section to parse.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
local path = os.getenv("PATH_TEMPLATE")
local field = os.getenv("FIELD")
local i = math.random(#queries)
local headers = { ["Content-Type"] = "application/json" }

request = function()
  i = i % #queries + 1
  return wrk.format("POST", path, headers, '{"' .. field .. '": "' .. queries[i] .. '"}')
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout))
end
