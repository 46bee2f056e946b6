-- One machine-readable line per run: requests/s, p50, p99, mean (ms), failed requests, requests.
-- wrk counts answers >= 400 as status errors; a 304 is a success here.
function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.status + e.connect + e.read + e.write + e.timeout
  io.write(string.format("WRK %.1f %.3f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, failed, summary.requests))
end
