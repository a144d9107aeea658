-- POST /api/v1/referrals: a new child each time, so every request opens a case with its clocks.
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local counter = 0
local prefix = tostring(math.random(100000, 999999))
request = function()
  counter = counter + 1
  local body = string.format([[{"kind":"cme_referral","reason":"RTL","source":"SCH","firstDayOfAbsence":"2026-11-09",
    "child":{"forename":"Bench%s","surname":"Pupil%s%d","dateOfBirth":"2014-%02d-%02d","gender":"F",
      "addresses":[{"lines":["1 Test Street"],"postcode":"IP1 2BX","kind":"last_known"}]},
    "indicators":[{"number":10,"present":true,"currency":"current"}]}]],
    prefix, prefix, counter, 1 + counter % 12, 1 + counter % 28)
  return wrk.format("POST", "/api/v1/referrals",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
