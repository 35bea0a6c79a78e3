-- wrk_common.lua - what the wrk scripts of bench/bench_server.sh share: the session arguments,
-- a count of answers by status (non-2xx kept apart) in every thread, and done(), which prints
-- one machine-readable line with requests/s, p50/p99 latency, non-2xx answers and socket
-- errors. Loaded by the other scripts with dofile; not a wrk script itself.
--
-- Arguments after wrk's "--" (all optional): COOKIE CSRF NTHREADS IDS ORGS, IDS and ORGS
-- comma-separated. common.install(name) defines setup, response and done; name labels the line.
local common = {}

local threads = {}
local shown = 0

-- the first few non-2xx answers of each thread go to stderr
function common.on_error(status, body)
   if shown < 3 then
      shown = shown + 1
      io.stderr:write(string.format("wrk: HTTP %d: %s\n", status, (body or ""):sub(1, 200)))
   end
end

-- splits "a,b,c" into {"a", "b", "c"}
function common.split(text)
   local out = {}
   for item in string.gmatch(text or "", "[^,]+") do
      out[#out + 1] = item
   end
   return out
end

-- the session headers for every request (cookie; CSRF token if given)
function common.headers(args, with_csrf)
   local h = {}
   if args[1] and args[1] ~= "" then
      h["Cookie"] = "klar_session=" .. args[1]
   end
   if with_csrf and args[2] and args[2] ~= "" then
      h["X-CSRF-Token"] = args[2]
   end
   return h
end

-- installs setup() and response() as wrk globals; the mix scripts add init() and request()
function common.install(name)
   local index = 0
   setup = function(thread)
      thread:set("thread_index", index)
      index = index + 1
      threads[#threads + 1] = thread
   end
   -- thread-local counters, read back in done() through thread:get
   answered, non2xx, by_status = 0, 0, {}
   response = function(status, headers, body)
      answered = answered + 1
      if status < 200 or status > 299 then
         non2xx = non2xx + 1
         by_status[status] = (by_status[status] or 0) + 1
         common.on_error(status, body)
      elseif common.on_ok then
         common.on_ok(status, body)
      end
   end
   done = function(summary, latency, requests)
      local bad, statuses = 0, {}
      for _, t in ipairs(threads) do
         bad = bad + (t:get("non2xx") or 0)
         for code, n in pairs(t:get("by_status") or {}) do
            statuses[code] = (statuses[code] or 0) + n
         end
      end
      local list = {}
      for code, n in pairs(statuses) do list[#list + 1] = code .. "x" .. n end
      table.sort(list)
      local e = summary.errors
      local seconds = summary.duration / 1e6
      io.write(string.format(
         "KLAR_WRK name=%s requests=%d seconds=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f " ..
         "max_ms=%.3f non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d " ..
         "statuses=%s\n",
         name, summary.requests, seconds, summary.requests / seconds,
         latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
         bad, e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
         #list > 0 and table.concat(list, ",") or "-"))
   end
end

return common
