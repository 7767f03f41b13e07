-- wrk: POST /api/v1/sessions (KEY from the env). Each request has a new idempotency key; with
-- REPLAY_KEYS=N each thread cycles through N keys, so after the first round every request is
-- an idempotent replay, the answer a retrying client gets. Keys carry the run's start time,
-- so a second run against the same server creates, not replays.
local threads = 0
local run = os.time()
function setup(thread)
  thread:set("tid", run .. "-" .. threads)
  threads = threads + 1
end
function init(args)
  counter = 0
  key = os.getenv("KEY")
  replay_keys = tonumber(os.getenv("REPLAY_KEYS") or "")
end
function request()
  counter = counter + 1
  local n = replay_keys and (counter % replay_keys) or counter
  local body = '{"case_type_id":"motor_claim","external_case_id":"bench","idempotency_key":"bench-' .. tid .. '-' .. n .. '"}'
  return wrk.format("POST", "/api/v1/sessions", { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
