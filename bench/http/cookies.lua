-- wrk script for the many-users session cases: each request carries the next cookie of a file made by
-- sessions.sh, so concurrent requests rarely share a session, as real users don't.
--
--   wrk -s bench/http/cookies.lua http://127.0.0.1:8133/session -- /tmp/cookies.txt
--
-- Every request is formatted once in init(), so that wrk, which shares the cores with the server, spends no
-- more per request than with a fixed -H "Cookie: ...". Each wrk thread starts at its own offset.

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local requests = {}
local next_index = 1

function init(args)
  local path = args[1] or error("cookies.lua needs the cookie file: wrk -s cookies.lua URL -- FILE")
  local file = io.open(path, "r") or error("cookies.lua cannot open " .. path)
  for line in file:lines() do
    if line ~= "" then
      requests[#requests + 1] = wrk.format(nil, nil, { Cookie = line })
    end
  end
  file:close()
  if #requests == 0 then error("cookies.lua: no cookies in " .. path) end
  -- Threads spread over the list rather than all starting at its head.
  next_index = ((offset or 0) * 97) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
