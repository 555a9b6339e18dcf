-- POST /v1/batch with 100 track calls on the accounts "<BENCH_PREFIX>-a0..299", so the account API can count them;
-- each of the 6000 users stays in one account (user mod 300); every messageId is new (dedupe would skip repeats).
local counter = 0
local prefix = os.getenv("BENCH_PREFIX")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH")

request = function()
  counter = counter + 1
  local items = {}
  for i = 1, 100 do
    items[i] = string.format(
      '{"type":"track","userId":"%s-u%d","event":"Report Built","messageId":"%s-%s-%d-%d","properties":{"rows":%d,"format":"csv"},"context":{"groupId":"%s-a%d"}}',
      prefix, (counter * 7 + i) % 6000, prefix, thread_id, counter, i, i, prefix, ((counter * 7 + i) % 6000) % 300)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(items, ",") .. ']}')
end

-- Count answers by status across threads: the script needs the number of 200s to know how many events were accepted.
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
