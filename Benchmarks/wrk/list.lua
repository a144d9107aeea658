-- GET /api/v1/cases: a page of 50 open cases with filters, a random page of the first 20.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local filters = { "status=open", "status=open&category=missing", "status=open&reason=RTL", "overdue=false&status=open" }
request = function()
  local path = "/api/v1/cases?per=50&page=" .. math.random(1, 20) .. "&" .. filters[math.random(1, #filters)]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
