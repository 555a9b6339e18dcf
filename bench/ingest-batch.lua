-- POST /v1/batch with 100 track calls of 3000 users, each in one of 300 accounts (user mod 300), each with a
-- messageId never sent before (dedupe would skip repeats).
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH")

request = function()
  counter = counter + 1
  local items = {}
  for i = 1, 100 do
    items[i] = string.format(
      '{"type":"track","userId":"u-%d","event":"Report Built","messageId":"b-%s-%d-%d","properties":{"rows":%d,"format":"csv"},"context":{"groupId":"acct-%d"}}',
      (counter * 7 + i) % 3000, thread_id, counter, i, i, ((counter * 7 + i) % 3000) % 300)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(items, ",") .. ']}')
end

-- Count answers by status across threads, so the results say what the non-2xx were.
local threads = {}
-- Each thread gets its own id (Lua's unseeded random is the same in every thread), so messageIds never collide.
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", os.time() .. "-" .. #threads)
end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(totals) do table.insert(parts, status .. "=" .. count) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
end
