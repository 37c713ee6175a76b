-- Replays the requests of a file made by bench/inprocess.py, one a line:
-- METHOD <tab> PATH <tab> Header: value|Header: value <tab> BODY
-- Thread n of N takes lines n, n+N, n+2N, ... and cycles through them.
-- Arguments: FILE THREADS [LIMIT]; with LIMIT, each thread stops after LIMIT responses
-- (writes must not repeat: a second identical vote would undo the first).
-- done() prints one line of JSON: counts, errors and latency percentiles in microseconds.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  limit = tonumber(args[3] or "0")
  requests, responses, index = {}, 0, 0
  local line_number = 0
  for line in io.lines(file) do
    if line_number % nthreads == id then
      local method, path, header_text, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
      local headers = {}
      for header in header_text:gmatch("[^|]+") do
        local name, value = header:match("^([^:]+):%s*(.*)$")
        headers[name] = value
      end
      if body == "" then body = nil end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
    line_number = line_number + 1
  end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  if limit > 0 then
    responses = responses + 1
    if responses >= limit then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
