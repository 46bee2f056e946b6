-- wrk: verdict PUTs with bearer tokens. BENCH_TARGETS names a file of "token comparison tool" lines;
-- each request picks one at random and changes the verdict (a new quote every time, with a reason),
-- so every request is a real write. The same requests go to Panel and to the floor.
local targets = {}
local counter = 0
local run = os.getenv("BENCH_RUN") or "0"

function init(args)
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local token, comparison, tool = line:match("(%S+) (%S+) (%S+)")
    targets[#targets + 1] = {
      path = "/api/comparisons/" .. comparison .. "/verdicts/" .. tool,
      headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    }
  end
  math.randomseed(tonumber(run) or 0)
end

function request()
  counter = counter + 1
  local t = targets[math.random(#targets)]
  local decision = (counter % 2 == 0) and "Ship" or "Skip"
  local body = '{"decision":"' .. decision .. '","quote":"Bench take ' .. run .. "." .. counter ..
    '.","reason":"Bench revision ' .. counter .. '"}'
  return wrk.format("PUT", t.path, t.headers, body)
end

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
