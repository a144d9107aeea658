-- POST /api/v1/referrals: a different child each time, so each request opens a case with its clocks. Names come
-- from two lists of unlike names and the date of birth walks every day of fourteen school years (5,113 days, a
-- prime, so a thread visits each before repeating one), as a council's referrals would: few share a birthday,
-- and those that do have different names, and homes spread over 2,700 postcodes (intake compares the home, so
-- one postcode for every child would make neighbours of them all). Answers that attached to a known child are
-- counted (attached=).
dofile(os.getenv("CME_WRK_DIR") .. "/common.lua")
local forenames = { "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo", "Freya",
  "Oscar", "Lily", "Harry", "Florence", "Muhammad", "Evie", "Jack", "Sophia", "Charlie", "Aisha", "Theo", "Zara",
  "Finley", "Maya", "Reuben", "Chloe", "Kai", "Nadia", "Jude" }
local surnames = { "Okafor", "Kowalski", "Haddad", "Nguyen", "Murphy", "Patel", "Osei", "Lindqvist", "Ferreira",
  "MacLeod", "Novak", "Abubakar", "Thornton", "Yilmaz", "Castellano", "Dimitrov", "Achterberg", "Quigley", "Rahman",
  "Wainwright", "Esposito", "Takahashi", "Mbeki", "Fairbanks", "Horvath" }
local first = os.time({ year = 2009, month = 9, day = 1, hour = 12 })
local counter = 0
-- Set per thread by setup(): each thread starts at its own day (every thread's random numbers are the same).
salt = 0
attached = 0

request = function()
  counter = counter + 1
  local dob = os.date("!%Y-%m-%d", first + ((counter * 7919 + salt) % 5113) * 86400)
  local home = (counter * 104729 + salt) % 2700
  local postcode = string.format("IP%d %d%s", 1 + home % 30, 1 + math.floor(home / 30) % 9,
    ({ "AB", "DE", "FG", "HJ", "LN", "PQ", "RS", "TU", "WX", "YZ" })[1 + math.floor(home / 270) % 10])
  local body = string.format([[{"kind":"cme_referral","reason":"RTL","source":"SCH","firstDayOfAbsence":"2026-11-09",
    "child":{"forename":"%s","surname":"%s","dateOfBirth":"%s","gender":"F",
      "addresses":[{"lines":["%d Test Street"],"postcode":"%s","kind":"last_known"}]},
    "indicators":[{"number":10,"present":true,"currency":"current"}]}]],
    forenames[1 + counter % #forenames], surnames[1 + math.floor(counter / #forenames) % #surnames], dob, counter,
    postcode)
  return wrk.format("POST", "/api/v1/referrals",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status >= 300 then bad = bad + 1 end
  if string.find(body, '"attached":true', 1, true) then attached = attached + 1 end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("salt", #threads * 2557)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("attached") end
  io.write(string.format("non2xx=%d\nattached=%d\n", summary.errors.status, total))
end
