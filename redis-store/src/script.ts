// The one Lua script every exchange with Redis runs: commit a session's events atomically (if the caller's copy is current) and return what it lacks.

/**
 * A session is three keys: a hash of counters (`g` its generation, `h` history
 * events ever appended, `b` of them pruned, `n` calls kept, `c` content events,
 * `u` content units, `t` the latest time, `lost` why content was dropped), a list
 * of history events (`TIME|KIND|JSON`: `c` a call, `o` an output) and a list of
 * content events (JSON). Counters only grow, so `(g, h, c)` names a state.
 *
 * KEYS: meta, history, content. ARGV:
 *  1 a generation for a new session; 2-4 the caller's generation (`""`: none), `h` and `c`;
 *  5 `check` (commit only if the caller's copy is current) or `append` (commit anyway);
 *  6 `1` to return the events the caller lacks; 7 idle TTL ms (`0`: none); 8 prune window ms (`0`: keep all);
 *  9 calls kept at most; 10 content units at most; 11 the time of the exchange (`""`: unknown);
 *  12 the number of history events, then per event TIME (`""`: the latest; `-`: unknown), KIND, JSON;
 *  then the number of content events, then per event UNITS, JSON.
 *
 * Returns `{status, g, h, c, lost, full, history events, content events}`, status
 * `ok`, `stale` (nothing committed: the caller's copy is behind; the events it lacks
 * follow) or `full` (nothing committed: the calls would pass the limit). `full = 1`
 * means the events are the whole session, to replace the caller's copy with.
 */
export const SESSION_SCRIPT = `
local meta, hist, cont = KEYS[1], KEYS[2], KEYS[3]
local created = false
local g = redis.call('HGET', meta, 'g')
if not g then
  g = ARGV[1]
  created = true
  redis.call('HSET', meta, 'g', g, 'h', 0, 'c', 0, 'b', 0, 'n', 0, 'u', 0)
end
local h = tonumber(redis.call('HGET', meta, 'h'))
local c = tonumber(redis.call('HGET', meta, 'c'))
local b = tonumber(redis.call('HGET', meta, 'b'))
local n = tonumber(redis.call('HGET', meta, 'n'))
local u = tonumber(redis.call('HGET', meta, 'u'))
local t = tonumber(redis.call('HGET', meta, 't') or '')
local lost = redis.call('HGET', meta, 'lost') or ''
local kg, kh, kc = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local mode, want, ttl = ARGV[5], ARGV[6], ARGV[7]
local current = (kg == g and kh == h and kc == c) or (created and kg == '' and kh == 0 and kc == 0)

local function reply(status)
  for _, key in ipairs({meta, hist, cont}) do
    if ttl == '0' then redis.call('PERSIST', key) else redis.call('PEXPIRE', key, ttl) end
  end
  local full, hs, cs = 0, {}, {}
  if want == '1' and not (status == 'ok' and mode == 'check') then
    if kg ~= g or kh < b or kh > h or kc > c then
      full = 1
      hs = redis.call('LRANGE', hist, 0, -1)
      cs = redis.call('LRANGE', cont, 0, -1)
    else
      hs = redis.call('LRANGE', hist, kh - b, -1)
      cs = redis.call('LRANGE', cont, kc, -1)
    end
  end
  return {status, g, tostring(h), tostring(c), lost, full, hs, cs}
end

if mode == 'check' and not current then return reply('stale') end

local now = tonumber(ARGV[11])
if now and (not t or now > t) then t = now end
local i = 12
local nh = tonumber(ARGV[i])
local calls = 0
for k = 0, nh - 1 do
  if ARGV[i + 2 + k * 3] == 'c' then calls = calls + 1 end
end
if calls > 0 and n + calls > tonumber(ARGV[9]) then return reply('full') end
i = i + 1
for k = 1, nh do
  local time, kind, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  i = i + 3
  if time == '' then time = t and string.format('%.17g', t) or '-' end
  redis.call('RPUSH', hist, time .. '|' .. kind .. '|' .. json)
  h = h + 1
  if kind == 'c' then n = n + 1 end
  local tt = tonumber(time)
  if tt and (not t or tt > t) then t = tt end
end
local nc = tonumber(ARGV[i])
i = i + 1
for k = 1, nc do
  local units, json = tonumber(ARGV[i]), ARGV[i + 1]
  i = i + 2
  if u + units > tonumber(ARGV[10]) then
    if lost == '' then lost = 'session content reached the limit of ' .. ARGV[10] .. ' code units' end
  else
    redis.call('RPUSH', cont, json)
    c = c + 1
    u = u + units
  end
end

local window = tonumber(ARGV[8])
if window > 0 and t then
  while true do
    local first = redis.call('LINDEX', hist, 0)
    if not first then break end
    local bar = string.find(first, '|', 1, true)
    local ft = tonumber(string.sub(first, 1, bar - 1))
    if not ft or t - ft < window then break end
    redis.call('LPOP', hist)
    b = b + 1
    if string.sub(first, bar + 1, bar + 1) == 'c' then n = n - 1 end
  end
end

redis.call('HSET', meta, 'h', h, 'c', c, 'b', b, 'n', n, 'u', u)
if t then redis.call('HSET', meta, 't', string.format('%.17g', t)) end
if lost ~= '' then redis.call('HSET', meta, 'lost', lost) end
return reply('ok')
`;
