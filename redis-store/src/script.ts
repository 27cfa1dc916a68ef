// The one Lua script every exchange with Redis runs: commit a session's events atomically (if the caller's copy is current) and return what it lacks.

/**
 * A session is three keys: a hash of counters (`g` its generation, `h` history
 * events ever appended, `b` of them pruned, `n` calls kept, `c` content events,
 * `u` content units, `t` the latest time, `lost` why content was dropped, `gone`
 * why the session's state was found lost), a list of history events
 * (`TIME|KIND|JSON`: `c` a call, `o` an output, `v` a void of an earlier call, `x` a call
 * voided: its `c` rewritten in place, so pruning it later does not uncount it twice) and a list of content events
 * (JSON). Counters only grow, so `(g, h, c)` names a state, and they say how long
 * each list is: a list shorter or longer than its counters (evicted, deleted,
 * rewritten), counters missing beside a list, or counters missing while the caller
 * holds a live copy of the session mean state was lost. The session is then marked
 * `gone` for its idle time and every exchange fails: a lost history must never read as an empty one.
 *
 * KEYS: meta, history, content. ARGV:
 *  1 a generation for a new session; 2-4 the caller's generation (`""`: none), `h` and `c`;
 *  5 `check` (commit only if the caller's copy is current) or `append` (commit anyway);
 *  6 `1` to return the events the caller lacks; 7 idle TTL ms (`0`: none); 8 prune window ms (`0`: keep all);
 *  9 calls kept at most; 10 content units at most; 11 the time of the exchange (`""`: unknown);
 *  12 how far that time may be from the server's clock, ms (`""`: any); 13 `1` if the caller's copy says the session exists;
 *  14 the number of history events, then per event TIME (`""`: the latest; `-`: unknown), KIND, JSON;
 *  then the number of content events, then per event UNITS, JSON (or `L`, WHY for content that could not be read).
 *
 * Returns `{status, g, h, c, lost, full, history events, content events}`, status
 * `ok`, `stale` (nothing committed: the caller's copy is behind; the events it lacks
 * follow) or `full` (nothing committed: the calls would pass the limit). `full = 1`
 * means the events are the whole session, to replace the caller's copy with.
 * Or `{'clock', server time}` (nothing read or written: the time is too far from the
 * server's), or `{'gone', why}` (the session's state was lost).
 */
export const SESSION_SCRIPT = `
local meta, hist, cont = KEYS[1], KEYS[2], KEYS[3]
local ttl = ARGV[7]
local now = tonumber(ARGV[11])
if now and ARGV[12] ~= '' then
  local clock = redis.call('TIME')
  local server = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
  if math.abs(now - server) > tonumber(ARGV[12]) then return {'clock', tostring(server)} end
end

local function refresh()
  for _, key in ipairs({meta, hist, cont}) do
    if ttl == '0' then redis.call('PERSIST', key) else redis.call('PEXPIRE', key, ttl) end
  end
end
-- INVARIANT (lost-fails-closed): a missing, shorter, longer or corrupted key marks the session gone, never empty.
local function gone(why)
  redis.call('HSET', meta, 'gone', why)
  refresh()
  return {'gone', why}
end

local created = false
local g = redis.call('HGET', meta, 'g')
local marked = redis.call('HGET', meta, 'gone')
if marked then return {'gone', marked} end
if not g then
  if redis.call('EXISTS', hist) == 1 or redis.call('EXISTS', cont) == 1 then return gone('its counters are missing') end
  if ARGV[13] == '1' then return gone('its keys are missing before its idle time ran out') end
  g = ARGV[1]
  created = true
  redis.call('HSET', meta, 'g', g, 'h', 0, 'c', 0, 'b', 0, 'n', 0, 'u', 0)
end
local h = tonumber(redis.call('HGET', meta, 'h'))
local c = tonumber(redis.call('HGET', meta, 'c'))
local b = tonumber(redis.call('HGET', meta, 'b'))
local n = tonumber(redis.call('HGET', meta, 'n'))
local u = tonumber(redis.call('HGET', meta, 'u'))
local rawt = redis.call('HGET', meta, 't')
local t = tonumber(rawt or '')
if not (h and c and b and n and u) or (rawt and not t) then return gone('its counters are corrupted') end
if redis.call('LLEN', hist) ~= h - b then return gone('its history list does not match its counters') end
if redis.call('LLEN', cont) ~= c then return gone('its content list does not match its counters') end
local lost = redis.call('HGET', meta, 'lost') or ''
local kg, kh, kc = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local mode, want = ARGV[5], ARGV[6]
local current = (kg == g and kh == h and kc == c) or (created and kg == '' and kh == 0 and kc == 0)

local function reply(status)
  -- A refused call must not keep the session alive: retrying at the limit would otherwise never let it expire.
  if status ~= 'full' then refresh() end
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

local window = tonumber(ARGV[8])
local function prune()
  if window == 0 or not t then return end
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
local function save()
  redis.call('HSET', meta, 'h', h, 'c', c, 'b', b, 'n', n, 'u', u)
  if t then redis.call('HSET', meta, 't', string.format('%.17g', t)) end
  if lost ~= '' then redis.call('HSET', meta, 'lost', lost) end
end

if now and (not t or now > t) then t = now end
-- Calls out of every window must not count against the limit, or a session at it would be refused forever.
prune()
local i = 14
local nh = tonumber(ARGV[i])
local calls = 0
for k = 0, nh - 1 do
  if ARGV[i + 2 + k * 3] == 'c' then calls = calls + 1 end
end
if calls > 0 and n + calls > tonumber(ARGV[9]) then
  save()
  return reply('full')
end
i = i + 1
-- A void marks its call \`x\` in place (no longer kept) and is appended for copies that hold the call; a call
-- pruned or never kept leaves nothing to void, and nothing is appended.
local function voided(json)
  local needle = string.sub(json, 1, -2) .. ','
  local all = redis.call('LRANGE', hist, 0, -1)
  for index, element in ipairs(all) do
    local bar = string.find(element, '|', 1, true)
    if string.sub(element, bar + 1, bar + 2) == 'c|' and string.sub(element, bar + 3, bar + 2 + #needle) == needle then
      redis.call('LSET', hist, index - 1, string.sub(element, 1, bar) .. 'x' .. string.sub(element, bar + 2))
      n = n - 1
      return true
    end
  end
  return false
end
for k = 1, nh do
  local time, kind, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  i = i + 3
  if time == '' then time = t and string.format('%.17g', t) or '-' end
  if kind ~= 'v' or voided(json) then
    redis.call('RPUSH', hist, time .. '|' .. kind .. '|' .. json)
    h = h + 1
    if kind == 'c' then n = n + 1 end
  end
  local tt = tonumber(time)
  if tt and (not t or tt > t) then t = tt end
end
local nc = tonumber(ARGV[i])
i = i + 1
for k = 1, nc do
  local units, json = tonumber(ARGV[i]), ARGV[i + 1]
  i = i + 2
  if ARGV[i - 2] == 'L' then
    -- Content the enforcer could not read: provenance must fail closed, as when content is dropped at the limit.
    if lost == '' then lost = json end
  elseif u + units > tonumber(ARGV[10]) then
    if lost == '' then lost = 'session content reached the limit of ' .. ARGV[10] .. ' code units' end
  else
    redis.call('RPUSH', cont, json)
    c = c + 1
    u = u + units
  end
end

prune()
save()
return reply('ok')
`;
