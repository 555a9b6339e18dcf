-- POST /v1/track, one event per request, each with a fresh messageId.
local counter = 0
local thread_id = tostring(math.random(1, 1e9))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH")

request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/track", nil, string.format(
    '{"userId":"u-%d","event":"Report Built","messageId":"s-%s-%d","properties":{"rows":%d,"format":"csv"},"context":{"groupId":"acct-%d"}}',
    counter % 3000, thread_id, counter, counter % 100, counter % 300))
end
