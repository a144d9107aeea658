-- The ceiling for reads: one row by primary key through a bare Vapor + Fluent route.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
request = function()
  return wrk.format("GET", "/bench/bare/cases/" .. pick())
end
