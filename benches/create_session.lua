-- wrk: POST /api/v1/sessions with a unique idempotency key per request (KEY from the env); keys
-- carry the run's start time, so a second run against the same server creates, not replays.
local threads = 0
local run = os.time()
function setup(thread)
  thread:set("tid", run .. "-" .. threads)
  threads = threads + 1
end
function init(args)
  counter = 0
  key = os.getenv("KEY")
end
function request()
  counter = counter + 1
  local body = '{"case_type_id":"motor_claim","external_case_id":"bench","idempotency_key":"bench-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/sessions", { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
