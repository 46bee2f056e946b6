-- wrk: public scorecard GETs. BENCH_TARGETS names a file of "comparison [etag]" lines; each request
-- picks one at random. With BENCH_CONDITIONAL=1 the request sends the ETag as If-None-Match.
local targets = {}
local conditional = os.getenv("BENCH_CONDITIONAL") == "1"

function init(args)
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local comparison, etag = line:match("(%S+)%s*(.*)")
    local headers = {}
    if conditional then headers["If-None-Match"] = etag end
    targets[#targets + 1] = { path = "/api/scorecards/" .. comparison, headers = headers }
  end
  math.randomseed(tonumber(os.getenv("BENCH_RUN") or "0") or 0)
end

function request()
  local t = targets[math.random(#targets)]
  return wrk.format("GET", t.path, t.headers)
end

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
