// Differential tests of Lua scripting (EVAL, EVALSHA, EVAL_RO, EVALSHA_RO,
// SCRIPT) against a real redis-server 7.0: reply conversions both ways, the
// error texts (with their "script: <sha>, on @user_script:<line>." suffix),
// Lua 5.1 number formatting, the redis/cjson/bit libraries, transactions,
// WATCH, SELECT, RESP3, and what the AOF/replicas receive (the script's
// effects, not the EVAL).

import { describe } from "bun:test";
import { diffTest, requireRedisInCI, useDiffPair } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";

requireRedisInCI();

const ev = (body: string, ...keysThenArgs: string[]): string[] => ["EVAL", body, "1", "k", ...keysThenArgs];

describe("scripting vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "Lua values become replies", [
    ev("return 1"),
    ev("return 3.99"),
    ev("return -3.99"),
    ev("return 1e300"),
    ev("return 0/0"),
    ev("return 'str'"),
    ev("return ''"),
    ev("return true"),
    ev("return false"),
    ev("return nil"),
    ev("return {}"),
    ev("return {1, 2, {3, 'x', {}}, 'y'}"),
    ev("return {1, 2, nil, 4}"),
    ev("return {ok='fine'}"),
    ev("return {err='bad thing'}"),
    ev("return {err='bad\\r\\nthing'}"),
    ev("return {ok='o', err='e'}"),
    ev("return {double=1.5}"),
    ev("return {map={a=1}}"),
    ev("return {1, {ok='x'}, {err='ERR inner'}, false, true}"),
    ev("return redis.status_reply('X')"),
    ev("return redis.error_reply('E bad')"),
    ev("return redis.error_reply('bad')"),
    ev("return redis.error_reply('-X y')"),
    ev("return KEYS"),
    ev("return ARGV", "a", "b"),
    ["EVAL", "return {KEYS, ARGV}", "2", "k1", "\x00\xff\r\n", "\x00", ""],
    ["EVAL", "return #KEYS + #ARGV", "0"],
    ev("return function() end"),
  ]);

  diffTest(pair, "Lua 5.1 numbers: tostring, concatenation, arithmetic past 2^31", [
    ev("return tostring(10/2)"),
    ev("return tostring(2^53)"),
    ev("return tostring(1e15)"),
    ev("return tostring(123456789012)"),
    ev("return tostring(0.1)"),
    ev("return tostring(-0.0)"),
    ev("return tostring(1/0) .. tostring(-1/0) .. tostring(0/0)"),
    ev("return 'id:' .. 7 .. ':' .. 7/2"),
    ev("local s = 0 for i = 1, 100000 do s = s + i end return s"),
    ev("return 2147483647 + 1"),
    ev("return tostring(3000000000 * 3)"),
    ev("return tonumber('12') + 1"),
    ev("return tostring(tonumber('0x10'))"),
    ev("return math.floor(3.7) .. ',' .. math.floor(-3.5)"),
    ev("return 7 % 3"),
    ev("return string.format('%d %s %.2f', 3, 'x', 1/3)"),
    ev("return #'abc' * 2"),
    ev("return string.format('%s|%s|%s', 10/2, 0.1, 2^53)"),
    ev("return tostring(nil) .. tostring(true) .. tostring('x')"),
    ev("return string.rep('x', 1.5)"),
    ev("return string.sub('abcdef', 2.7, -1.2)"),
    ev("return string.rep('x', '2')"),
  ]);

  diffTest(pair, "redis.call and redis.pcall: replies become Lua values", [
    ["SET", "s", "abc"],
    ["RPUSH", "l", "a", "b"],
    ["HSET", "h", "f", "v"],
    ev("return redis.call('get', 's')"),
    ev("return type(redis.call('get', 'nokey'))"),
    ev("return redis.call('lrange', 'l', 0, -1)"),
    ev("return redis.call('hgetall', 'h')"),
    ev("return redis.call('hgetall', 'nokey')"),
    ev("return redis.call('ping')"),
    ev("return redis.call('ping')['ok']"),
    ev("return redis.call('incr', 'n')"),
    ev("return redis.call('incrbyfloat', 'f', 1.5)"),
    ev("return redis.call('set', 'x', 10/3)"),
    ev("return redis.call('get', 'x')"),
    ev("return redis.call('set', 'x', 5)"),
    ev("return redis.call('get', 'x')"),
    ev("return redis.call('exists', 's', 'l', 'nokey')"),
    ev("return redis.pcall('incr', 's')"),
    ev("return redis.pcall('incr', 's')['err']"),
    ev("return redis.call('blpop', 'nol', 0)"),
    ev("return redis.pcall('lpush', 's', 1)"),
    ev("local t = redis.pcall('nosuchcmd') return t['err']"),
    ev("return redis.call('xadd', 'st', '1-1', 'f', 'v')"),
    ev("return redis.call('xrange', 'st', '-', '+')"),
    // Lua's pcall catching redis.call's error gets its message, as Redis 7's own pcall gives it.
    ev("local ok, e = pcall(function() return redis.call('nosuch') end) return {tostring(ok), type(e), e}"),
    ev("local ok, e = pcall(function() return redis.call('incr', 's') end) return {type(e), tostring(e.err)}"),
    ev("local ok, e = pcall(function() error({err='y'}) end) return {type(e), e}"),
    ev("local ok, e = pcall(function() error({code=1}) end) return type(e)"),
    ev("local ok, e = pcall(function() error('x') end) return e"),
    ev("return {pcall(function(a, b) return a + b, 'z' end, 1, 2)}"),
    ev("return pcall()"),
  ]);

  diffTest(pair, "errors: compile, runtime, redis.call, globals, with the script's sha and line", [
    ["SET", "s", "abc"],
    ev("return foo"),
    ev("x = 1"),
    ev("error('boom')"),
    ev("error({err='MY custom'})"),
    ev("local a = 1\nlocal b = 2\nreturn redis.call('incr', 's')"),
    ev("return redis.call('nosuch')"),
    ev("return redis.call('get')"),
    ev("return redis.call('multi')"),
    ev("return redis.call('subscribe', 'ch')"),
    ev("return redis.call()"),
    ev("return redis.call({})"),
    ev("return redis.call('eval', 'return 1', 0)"),
    ev("return redis.call('lpush', 's', 'x')"),
    ev("return redis.error_reply()"),
    ev("return redis.setresp(4)"),
    ["EVAL", "return 1", "-1"],
    ["EVAL", "return 1", "2", "a"],
    ["EVAL", "return 1", "x"],
    ["EVAL", "return 1"],
    ["EVAL", "return +", "0"],
    ["EVAL", "return (", "0"],
    ["EVAL", "local x = 'unfinished", "0"],
  ]);

  diffTest(pair, "EVALSHA, SCRIPT LOAD / EXISTS / FLUSH / KILL / HELP", [
    ["SCRIPT", "FLUSH"],
    ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    ["SCRIPT", "LOAD", "return 1"],
    ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "nope"],
    ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    ["EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"],
    ["EVALSHA_RO", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    ["EVALSHA", "abc", "0"],
    ["EVAL", "return ARGV[1]", "0", "hello"],
    ["SCRIPT", "EXISTS", "3f3d5e3f4cfe44a2e2e4c22ee8b0e0d5c3e1a2b4"],
    ["SCRIPT", "LOAD", "return +"],
    ["SCRIPT", "FLUSH", "ASYNC"],
    ["SCRIPT", "FLUSH", "SYNC"],
    ["SCRIPT", "FLUSH", "FOO"],
    ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"],
    ["SCRIPT", "KILL"],
    ["SCRIPT", "HELP"],
    ["SCRIPT", "NOSUCH"],
    ["SCRIPT", "LOAD"],
    ["SCRIPT"],
  ]);

  diffTest(pair, "EVAL_RO refuses writes; reads work", [
    ["SET", "s", "abc"],
    ["EVAL_RO", "return redis.call('get', KEYS[1])", "1", "s"],
    ["EVAL_RO", "return redis.call('set', KEYS[1], 'x')", "1", "s"],
    ["EVAL_RO", "return redis.pcall('del', KEYS[1])", "1", "s"],
    ["GET", "s"],
  ]);

  diffTest(pair, "the redis library: sha1hex, log, setresp, set_repl, constants", [
    ev("return redis.sha1hex('')"),
    ev("return redis.sha1hex('abc\\0def')"),
    ev("return redis.sha1hex(12)"),
    ev("redis.log(redis.LOG_WARNING, 'from a script') return 1"),
    ev("return redis.log(1)"),
    ev("return redis.REDIS_VERSION"),
    ev("return redis.REDIS_VERSION_NUM"),
    ev("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}"),
    ev("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_REPLICA, redis.REPL_SLAVE, redis.REPL_ALL}"),
    ev("redis.set_repl(redis.REPL_ALL) return 1"),
    ev("return redis.replicate_commands()"),
    ev("return redis.breakpoint()"),
  ]);

  diffTest(pair, "RESP3 conversions (redis.setresp(3)), seen by a RESP2 client", [
    ["HSET", "h", "f", "v"],
    ["SADD", "set", "m"],
    ev("redis.setresp(3) return redis.call('hgetall', 'h')"),
    ev("redis.setresp(3) return redis.call('hgetall', 'h')['map']['f']"),
    ev("redis.setresp(3) return redis.call('smembers', 'set')"),
    ev("redis.setresp(3) return type(redis.call('get', 'nokey'))"),
    ev("redis.setresp(3) return redis.call('zscore', 'nokey', 'x')"),
    ev("redis.setresp(3) return true"),
    ev("redis.setresp(3) return false"),
    ev("return true"),
  ]);

  diffTest(pair, "RESP3 client", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["HSET", "h", "f", "v"],
    ev("return redis.call('hgetall', 'h')"),
    ev("redis.setresp(3) return redis.call('hgetall', 'h')"),
    ev("return {double=3.5}"),
    ev("return nil"),
    ev("return false"),
    ev("redis.setresp(3) return false"),
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "cjson and bit", [
    ev("return cjson.encode({1, 2, 'x'})"),
    ev("return cjson.encode({a=1})"),
    ev("return cjson.encode({})"),
    ev("return cjson.encode('a/b\"c')"),
    ev("return cjson.encode(1.5)"),
    ev("local t = cjson.decode('[1,2,{\"a\":\"b\"}]') return {t[1], t[2], t[3].a}"),
    ev("return cjson.decode('{\"n\":null}').n == cjson.null"),
    ev("local t = {} t.t = t return cjson.encode(t)"),
    ev("local t = {} for i = 1, 1200 do t = {t} end return cjson.encode(t)"),
    ev("local t = {} for i = 1, 900 do t = {t} end return #cjson.encode(t)"),
    ev("return #cjson.encode(cjson.decode(string.rep('[', 500) .. string.rep(']', 500)))"),
    ev("return cjson.encode({1, 2, [10]=3, [40]=4})"),
    ev("return bit.band(7, 3)"),
    ev("return bit.bor(1, 2, 4)"),
    ev("return bit.bxor(5, 1)"),
    ev("return bit.bnot(0)"),
    ev("return bit.lshift(1, 33)"),
    ev("return bit.rshift(-1, 28)"),
    ev("return bit.arshift(-16, 2)"),
    ev("return bit.tohex(255)"),
    ev("return bit.tohex(-1, -4)"),
    ev("return bit.tobit(2^32 + 5)"),
  ]);

  // The generator runs on for the server's life (as in Redis): this must stay the only test of this pair that draws from it.
  diffTest(pair, "math.random: Redis's generator, running on across scripts; math.randomseed", [
    ev("return {math.random(100), math.random(100), math.random(5, 10), tostring(math.random())}"),
    ev("return {math.random(100), math.random(100), math.random(5, 10), tostring(math.random())}"),
    ev("math.randomseed(42) return {math.random(1000000), math.random(-5, 5)}"),
    ev("return math.random(0)"),
    ev("return math.random(3, 1)"),
  ]);

  diffTest(pair, "cmsgpack: pack's bytes, unpack, unpack_one, unpack_limit", [
    ev("return cmsgpack.pack(1, 'a', {1, 2}, {a=1}, 1.5, -1, -33, 300, 70000, 5000000000, -5000000000, true, false, nil, 0.1, string.rep('x', 40), {})"),
    ev("return cmsgpack.pack(string.rep('y', 300), -129, -40000, 2^31, -2^31 - 1, 1/0)"),
    ev("local t = {} for i = 1, 20 do t[i] = i end return cmsgpack.pack(t)"),
    ev("return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {1, {2}}, {a=1}, 1.5, -1, 300, 5000000000, true, 0.1))}"),
    ev("local t = cmsgpack.unpack(cmsgpack.pack({a={b={1, 2}}})) return t.a.b[2]"),
    ev("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}"),
    ev("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}"),
    ev("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}"),
    ev("local t = {} for i = 1, 100 do t = {t} end return #cmsgpack.pack(t)"),
    ev("return cmsgpack.unpack('\\196')"),
    ev("return cmsgpack.unpack('\\217')"),
    ev("return cmsgpack.unpack('\\147\\1')"),
  ]);

  diffTest(pair, "transactions, WATCH, SELECT, and keys of every type", [
    ["MULTI"],
    ["EVAL", "return redis.call('incr', KEYS[1])", "1", "ctr"],
    ["EVAL", "return redis.call('incr', KEYS[1])", "1", "ctr"],
    ["EXEC"],
    ["WATCH", "w"],
    ["EVAL", "return redis.call('set', KEYS[1], 'x')", "1", "w"],
    ["MULTI"],
    ["GET", "w"],
    ["EXEC"],
    ["EVAL", "redis.call('select', 1) redis.call('set', 'in1', 'x') return redis.call('dbsize')", "0"],
    ["DBSIZE"],
    ["SELECT", "1"],
    ["GET", "in1"],
    ["SELECT", "0"],
    ["EVAL", "redis.call('rpush', 'l', 1, 2) redis.call('sadd', 's', 'a') redis.call('zadd', 'z', 1.5, 'm') return {redis.call('type', 'l')['ok'], redis.call('type', 's')['ok'], redis.call('zscore', 'z', 'm')}", "0"],
    ["EVAL", "return redis.call('blpop', 'l', 0)", "0"],
    ["EVAL", "return redis.call('xread', 'block', 0, 'streams', 'nost', '$')", "0"],
    ["COMMAND", "GETKEYS", "EVAL", "return 1", "2", "a", "b", "c"],
    ["COMMAND", "GETKEYS", "EVAL", "return 1", "0"],
    // (Not "script": Redis lists a container's subcommands in its hash order, which varies.)
    ["COMMAND", "INFO", "eval", "evalsha_ro", "eval_ro", "evalsha"],
  ]);
});

describe("scripting: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("a script's writes are propagated (in MULTI/EXEC when more than one), not the EVAL", [
    ["EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "a", "1"],
    ["EVAL", "redis.call('set', KEYS[1], 'x') redis.call('incr', 'n') return redis.call('get', 'n')", "1", "b"],
    ["EVAL", "return redis.call('get', KEYS[1])", "1", "a"],
    ["EVAL", "redis.call('persist', 'a') return redis.call('getdel', 'b')", "0"],
    ["EVAL", "redis.call('del', 'nokey') return 1", "0"],
    ["EVAL", "redis.call('set', 'c', 1) error('fail after a write')", "0"],
    ["MULTI"],
    ["EVAL", "return redis.call('incr', 'n')", "0"],
    ["SET", "m", "1"],
    ["EXEC"],
  ]);
});
