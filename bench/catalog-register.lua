-- wrk script: every request registers a new node with one service and one passing check through
-- /v1/catalog/register (one Raft write each). Addresses are documentation addresses (192.0.2.0/24):
-- catalog data only, nothing is ever sent to them.
local counter = 0
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

function request()
  counter = counter + 1
  local n = tid .. "-" .. counter
  local body = string.format(
    '{"Node":"reg-%s","Address":"192.0.2.%d","Service":{"ID":"reg-%s","Service":"reg","Port":8080},' ..
    '"Check":{"CheckID":"reg-%s","Name":"reg","Status":"passing","ServiceID":"reg-%s"}}',
    n, counter % 250 + 1, n, n, n)
  return wrk.format("PUT", "/v1/catalog/register", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    wrk.thread:stop()
  end
end
