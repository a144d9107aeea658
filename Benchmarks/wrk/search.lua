-- GET /api/v1/children?name=SURNAME as the CME officer, SURNAME drawn in turn from CME_NAMES (one per line): the
-- search a person makes most, a surname alone (issue 18).
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local names = {}
for line in io.lines(os.getenv("CME_NAMES")) do names[#names + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  local name = names[(counter % #names) + 1]
  return wrk.format("GET", "/api/v1/children?name=" .. name, { ["Authorization"] = "Bearer " .. token })
end
