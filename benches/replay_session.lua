-- wrk: POST /api/v1/sessions replaying 32 keys per thread (KEY from the env): after the first
-- round every request is an idempotent replay, the answer a retrying client gets.
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
  local body = '{"case_type_id":"motor_claim","external_case_id":"bench","idempotency_key":"replay-' .. tid .. '-' .. (counter % 32) .. '"}'
  return wrk.format("POST", "/api/v1/sessions", { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
