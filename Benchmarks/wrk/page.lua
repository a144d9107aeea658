-- GET CME_PATH as a signed-in user (CME_COOKIE): one server-rendered page.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local cookie = os.getenv("CME_COOKIE")
local path = os.getenv("CME_PATH")
request = function()
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
