-- POSTs JSON batches of unique burstpipe messages in exactly the form the load test sends them
-- ({"id":"P-N","seq":N,"producer":"P","value":V,"createdAt":C}, V random in 1..100), so the consumer does the
-- same work per message for either sender.
-- args: BATCH PRODUCER CREATED_AT_MICROS; each thread numbers its own producer (PRODUCER-tN), from seq 0.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  batch = tonumber(args[1])
  producer = args[2] .. "-t" .. thread_number
  created = args[3]
  seq = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  local parts = {}
  for i = 1, batch do
    parts[i] = '{"id":"' .. producer .. '-' .. seq .. '","seq":' .. seq .. ',"producer":"' .. producer
        .. '","value":' .. math.random(1, 100) .. ',"createdAt":' .. created .. '}'
    seq = seq + 1
  end
  return wrk.format("POST", "/messages", headers, "[" .. table.concat(parts, ",") .. "]")
end
