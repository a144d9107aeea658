-- Shared by the casework benchmark scripts: the API token and the case ids come from the environment and a file.
token = os.getenv("CME_TOKEN")
ids = {}
local file = os.getenv("CME_IDS")
if file then
  for line in io.lines(file) do ids[#ids + 1] = line end
end

function pick()
  return ids[math.random(1, #ids)]
end

-- Count non-2xx answers so a run that only measured errors cannot pass for a fast one.
bad = 0
function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", bad + summary.errors.status))
end
