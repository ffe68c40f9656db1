-- POSTs JSON batches of unique burstpipe messages, as the load test sends them.
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
    parts[i] = '{"seq":' .. seq .. ',"producer":"' .. producer .. '","value":1,"createdAt":' .. created .. '}'
    seq = seq + 1
  end
  return wrk.format("POST", "/messages", headers, "[" .. table.concat(parts, ",") .. "]")
end
