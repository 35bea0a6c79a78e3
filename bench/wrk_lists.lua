-- wrk_lists.lua - the list mix of bench/bench_server.sh, as a logged-in planner of a region
-- (Helse Vest): in turn GET /api/v1/<kind> for every record kind, the default page (100 of
-- the region's 100 records of that kind, with the total).
-- Arguments: COOKIE CSRF NTHREADS IDS ORGS KINDS (see wrk_common.lua); KINDS is the
-- comma-separated list of URL names to cycle through (one name: that kind alone).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "wrk_common.lua")

common.install("lists")

local requests, next_request = {}, 1

function init(args)
   local headers = common.headers(args, false)
   local kinds = common.split(args[6])
   if #kinds == 0 then
      error("wrk_lists.lua needs the record kinds to list")
   end
   for _, kind in ipairs(kinds) do
      requests[#requests + 1] = wrk.format("GET", "/api/v1/" .. kind, headers)
   end
   next_request = thread_index % #requests + 1
end

function request()
   local r = requests[next_request]
   next_request = next_request % #requests + 1
   return r
end
