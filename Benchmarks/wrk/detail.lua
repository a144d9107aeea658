-- GET /api/v1/cases/{id}: case detail with child, timeline, clocks and recommendations; writes its audit row.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
request = function()
  return wrk.format("GET", "/api/v1/cases/" .. pick(), { ["Authorization"] = "Bearer " .. token })
end
