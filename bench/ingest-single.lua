-- POST /v1/track, one event per request, each with a fresh messageId.
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH")

request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/track", nil, string.format(
    '{"userId":"u-%d","event":"Report Built","messageId":"s-%s-%d","properties":{"rows":%d,"format":"csv"},"context":{"groupId":"acct-%d"}}',
    counter % 3000, thread_id, counter, counter % 100, counter % 300))
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
