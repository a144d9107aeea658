-- GET /cases/{id} as a signed-in CME officer: the case page (child, addresses, carers, school history, deadlines,
-- recommendations, timeline, action forms), with its audited read.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local cookie = os.getenv("CME_COOKIE")
request = function()
  return wrk.format("GET", "/cases/" .. pick(), { ["Cookie"] = cookie })
end
