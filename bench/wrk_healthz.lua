-- wrk_healthz.lua - the baseline of bench/bench_server.sh: GET /healthz (routing, one store
-- connection and "SELECT 1", a small JSON answer), counted like the mixes.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "wrk_common.lua")

common.install("healthz")
