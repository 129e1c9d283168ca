/**
 * Lua scripts for the Redis store: each runs atomically on the server,
 * so a read-then-write cannot interleave with another instance.
 */

/**
 * KEYS: call state hash. ARGV: eventAt, ended (0/1), ttlMs.
 * Returns 1 (apply) or 0 (stale).
 */
export const RECORD_CALL_EVENT = `
local state = redis.call('HMGET', KEYS[1], 'at', 'ended')
if state[1] and (state[2] == '1' or tonumber(state[1]) > tonumber(ARGV[1])) then
  return 0
end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'ended', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** KEYS: lock key. ARGV: owner token. Deletes only the owner's lock. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * KEYS: monitors hash, path index hash. ARGV: personId, hookPath, sealed
 * monitor JSON. Moves the path index along with the monitor. Returns 0
 * when the path belongs to someone else.
 */
export const PUT_MONITOR = `
local owner = redis.call('HGET', KEYS[2], ARGV[2])
if owner and owner ~= ARGV[1] then return 0 end
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local ok, decoded = pcall(cjson.decode, old)
  if ok and type(decoded) == 'table' and type(decoded.hookPath) == 'string'
    and decoded.hookPath ~= ARGV[2] then
    redis.call('HDEL', KEYS[2], decoded.hookPath)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
`;

/** KEYS: monitors hash, path index hash. ARGV: personId. */
export const DELETE_MONITOR = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local ok, decoded = pcall(cjson.decode, old)
  if ok and type(decoded) == 'table' and type(decoded.hookPath) == 'string'
    and redis.call('HGET', KEYS[2], decoded.hookPath) == ARGV[1] then
    redis.call('HDEL', KEYS[2], decoded.hookPath)
  end
end
return redis.call('HDEL', KEYS[1], ARGV[1])
`;
