// The Lua script behind `swap`: changes review records only if every one still holds what the enforcer read, so a fleet releases a call once.

/**
 * KEYS: the records. ARGV[1]: milliseconds to keep them; then per key four
 * arguments: whether it is expected to exist ("1"/"0"), the expected text,
 * whether it is to exist afterwards, the new text. Returns 1 if it changed them, 0 if any differed.
 */
export const SWAP_SCRIPT = `
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local base = 1 + (i - 1) * 4
  local current = redis.call('GET', key)
  if ARGV[base + 1] == '0' then
    if current then return 0 end
  elseif current ~= ARGV[base + 2] then
    return 0
  end
end
for i, key in ipairs(KEYS) do
  local base = 1 + (i - 1) * 4
  if ARGV[base + 3] == '0' then
    redis.call('DEL', key)
  else
    redis.call('SET', key, ARGV[base + 4], 'PX', ttl)
  end
end
return 1
`;
