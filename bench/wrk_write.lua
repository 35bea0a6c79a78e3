-- wrk_write.lua - the write mix of bench/bench_server.sh, as a logged-in planner with the CSRF
-- token: in turn POST /api/v1/risks (a new risk) and PUT /api/v1/risks/{id} (an existing one,
-- at the version its last answer carried). Each thread updates its own share of the ids, round
-- robin, skipping those whose update is still in flight, so that a correct server never
-- answers 409. Arguments: COOKIE CSRF NTHREADS IDS ORGS (see wrk_common.lua); the given risks
-- must be at version 1.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "wrk_common.lua")

common.install("write")

local areas = {"hybrid-war", "digital", "supply", "pandemic", "water", "nuclear"}
local headers, orgs, mine, version, in_flight = nil, nil, {}, {}, {}
local n, next_id = 0, 1

function init(args)
   headers = common.headers(args, true)
   headers["Content-Type"] = "application/json"
   orgs = common.split(args[5])
   local nthreads = tonumber(args[3]) or 1
   for i, id in ipairs(common.split(args[4])) do
      if (i - 1) % nthreads == thread_index then
         mine[#mine + 1] = id
         version[id] = 1
      end
   end
   if #mine == 0 or #orgs == 0 then
      error("wrk_write.lua needs risk ids and organisation ids")
   end
end

-- the fields of a risk, varied by the request number k
local function fields(k)
   return string.format('"title": "Benchmark risk %d-%d", "area": "%s", "probability": %d, ' ..
                        '"consequence": %d, "owner": "bench", "last_assessed": "2025-01-%02d"',
                        thread_index, k, areas[k % #areas + 1], k % 5 + 1,
                        math.floor(k / 5) % 5 + 1, k % 28 + 1)
end

-- the next of this thread's ids whose last update has been answered (or, if none, the next)
local function next_risk()
   for _ = 1, #mine do
      local id = mine[next_id]
      next_id = next_id % #mine + 1
      if not in_flight[id] then return id end
   end
   return mine[next_id]
end

function request()
   n = n + 1
   if n % 2 == 1 then
      local body = string.format('{"org_id": "%s", %s}', orgs[n % #orgs + 1], fields(n))
      return wrk.format("POST", "/api/v1/risks", headers, body)
   end
   local id = next_risk()
   in_flight[id] = true
   local body = string.format('{"version": %d, %s}', version[id], fields(n))
   return wrk.format("PUT", "/api/v1/risks/" .. id, headers, body)
end

-- an update's answer carries the risk's id and new version (a failed one stays in flight,
-- and is reported as an error anyway)
common.on_ok = function(status, body)
   if status == 200 then
      local id, v = body:match('"id":(%d+)'), body:match('"version":(%d+)')
      if id and v and version[id] then
         version[id] = tonumber(v)
         in_flight[id] = nil
      end
   end
end
