-- wrk_read.lua - the read mix of bench/bench_server.sh, as a logged-in planner of a region
-- (Helse Vest), what its overview page asks for: in turn GET /api/v1/risks/matrix (the
-- region's matrix), GET /api/v1/risks (the list as a user gets it: the default page, 100 of
-- the region's risks, with the total), GET /api/v1/risks/{id} and
-- GET /api/v1/organisations/{id}, walking through the given risk and organisation ids.
-- Arguments: COOKIE CSRF NTHREADS IDS ORGS [ONLY] (see wrk_common.lua); ONLY (matrix, list,
-- risk or organisation) keeps one kind of request, for a breakdown of the mix.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "wrk_common.lua")

local kinds = {"matrix", "list", "risk", "organisation"}

common.install("read")

local requests, next_request = {}, 1

-- every request of the cycle, built once: 4 kinds x the risk ids
function init(args)
   local headers = common.headers(args, false)
   local ids, orgs = common.split(args[4]), common.split(args[5])
   if #ids == 0 or #orgs == 0 then
      error("wrk_read.lua needs risk ids and organisation ids")
   end
   for i = 1, #ids do
      local paths = {"/api/v1/risks/matrix", "/api/v1/risks", "/api/v1/risks/" .. ids[i],
                     "/api/v1/organisations/" .. orgs[(i - 1) % #orgs + 1]}
      for k, path in ipairs(paths) do
         if not args[6] or args[6] == kinds[k] then
            requests[#requests + 1] = wrk.format("GET", path, headers)
         end
      end
   end
   if #requests == 0 then
      error("wrk_read.lua: ONLY must be one of " .. table.concat(kinds, ", "))
   end
   -- the threads start at different places of the cycle
   next_request = (thread_index * 7919) % #requests + 1
end

function request()
   local r = requests[next_request]
   next_request = next_request % #requests + 1
   return r
end
