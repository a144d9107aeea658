-- The ceiling for writes: one single-row insert through a bare Vapor + Fluent route.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
request = function()
  return wrk.format("POST", "/bench/bare/rows")
end
