-- POST /v1/batch with 100 track calls, each with a messageId never sent before (dedupe would skip repeats).
local counter = 0
local thread_id = tostring(math.random(1, 1e9))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH")

request = function()
  counter = counter + 1
  local items = {}
  for i = 1, 100 do
    items[i] = string.format(
      '{"type":"track","userId":"u-%d","event":"Report Built","messageId":"b-%s-%d-%d","properties":{"rows":%d,"format":"csv"},"context":{"groupId":"acct-%d"}}',
      i, thread_id, counter, i, i, (counter + i) % 300)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(items, ",") .. ']}')
end
