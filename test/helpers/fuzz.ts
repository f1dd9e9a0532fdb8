// Random command sequences for differential fuzzing against redis-server.
//
// The generator draws commands of every data type over a small pool of keys,
// so the same key meets commands of other types (WRONGTYPE), elements repeat
// (updates, duplicates), and sizes cross the encoding thresholds (listpack →
// hashtable, intset → listpack, quicklist...). Arguments come from pools that
// mix valid values with the edge cases clients get wrong: negative and huge
// integers, inf/nan, exclusive bounds, empty strings, binary bytes.
//
// Some commands are sent through EVAL (redis.pcall), so replies also cross
// the script conversions. Only commands whose reply is deterministic are generated; replies whose
// element order Redis leaves unspecified are compared as multisets, and TTLs
// with a tolerance. Used by test/diff/fuzz.test.ts (fixed seeds, in CI) and
// scripts/fuzz-diff.ts (long runs with fresh seeds).

import type { Step } from "./diff.ts";

type Rand = () => number;

/** Key pools per type (mostly used by their own type's commands, so most commands do real work). */
const POOLS = {
  string: ["s1", "s2", "s3"],
  list: ["l1", "l2", "l3"],
  hash: ["h1", "h2", "h3"],
  set: ["t1", "t2", "t3"],
  zset: ["z1", "z2", "z3"],
  stream: ["x:1", "x:2"],
  geo: ["g1", "g2"],
  hll: ["p1", "p2"],
};
type Pool = keyof typeof POOLS;
const KEYS = Object.values(POOLS).flat();
/**
 * Sorted sets whose members all have score 0, for the lex commands: on mixed
 * scores their result is unspecified (Redis's own answer then depends on its
 * skip list's random levels). Nothing but ZADD ... 0 member writes to these.
 */
const LEX_KEYS = ["x1", "x2"];
const SMALL = ["a", "b", "c", "d", "e", "f"];
const NUMS = ["0", "1", "2", "3", "-1", "5", "10", "42", "-7", "100"];
const ODD_NUMS = [
  "1.5", "-2.5", "abc", "", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
  "inf", "-inf", "+inf", "nan", "1e3", "0x10", " 1", "1 ", "007", "-0", "3.0",
];
const BIN = "\x00\xff\r\n\x80 ";

/** A deterministic generator of commands over a small keyspace. */
export class CommandGen {
  constructor(private readonly r: Rand) {}

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  private chance(p: number): boolean {
    return this.r() < p;
  }

  /** A key: of the given type's pool, or (sometimes, and always without a pool) any key. */
  key(pool?: Pool): string {
    return pool !== undefined && this.chance(0.92) ? this.pick(POOLS[pool]) : this.pick(KEYS);
  }
  /** A key for a lex command: an all-equal-scores sorted set, sometimes a string or a missing key. */
  lexKey(): string {
    return this.chance(0.9) ? this.pick(LEX_KEYS) : this.pick(["s1", "nokey"]);
  }
  /** An element (member, field, value): mostly from a small pool, sometimes long, numeric or binary. */
  elem(): string {
    const x = this.r();
    if (x < 0.45) return this.pick(SMALL);
    if (x < 0.7) return this.pick(NUMS);
    if (x < 0.8) return String(this.int(600)); // many distinct: grows sets past intset/listpack limits
    if (x < 0.87) return "m" + this.int(300);
    if (x < 0.92) return "v".repeat(60 + this.int(20)); // past the 64-byte listpack value limit
    if (x < 0.96) return BIN;
    return this.pick(ODD_NUMS);
  }
  /** An integer argument (counts, indexes, offsets): mostly small, sometimes invalid or extreme. */
  num(): string {
    return this.chance(0.9) ? this.pick(NUMS) : this.pick(ODD_NUMS);
  }
  index(): string {
    return this.chance(0.9) ? String(this.int(14) - 7) : this.pick(ODD_NUMS);
  }
  score(): string {
    const x = this.r();
    if (x < 0.6) return String(this.int(20) - 5);
    if (x < 0.75) return (this.int(200) / 8 - 5).toString();
    return this.pick(ODD_NUMS);
  }
  scoreBound(): string {
    const x = this.r();
    if (x < 0.15) return this.pick(["-inf", "+inf", "inf"]);
    if (x < 0.35) return "(" + this.score();
    if (x < 0.4) return this.pick(["[1", "abc", "(", "nan", ""]);
    return this.score();
  }
  lexBound(): string {
    const x = this.r();
    if (x < 0.2) return this.pick(["-", "+"]);
    if (x < 0.55) return "[" + this.elem();
    if (x < 0.9) return "(" + this.elem();
    return this.elem(); // invalid
  }
  private elems(min: number, max: number): string[] {
    const n = min + this.int(max - min + 1);
    return Array.from({ length: n }, () => this.elem());
  }
  private keys(min: number, max: number, pool?: Pool): string[] {
    const n = min + this.int(max - min + 1);
    return Array.from({ length: n }, () => this.key(pool));
  }

  /** Between MULTI and EXEC/DISCARD: replies then come inside EXEC's array, compared exactly. */
  private inMulti = false;

  next(): Step {
    const groups = [
      this.string, this.list, this.hash, this.set, this.zset, this.generic, this.bits,
      this.stream, this.geo, this.hll,
    ];
    for (;;) {
      const step = this.chance(this.inMulti ? 0.12 : 0.03) ? this.transaction() : this.pick(groups).call(this);
      // Inside MULTI only steps whose replies compare exactly (EXEC nests them).
      if (this.inMulti && (step.unordered || step.tolerance !== undefined)) continue;
      const name = step.cmd[0];
      // Sometimes the command runs inside a script instead: its reply then goes through the
      // RESP → Lua → RESP conversions (and its error through redis.pcall's table).
      if (!this.inMulti && name !== "MULTI" && name !== "EXEC" && name !== "DISCARD" && name !== "WATCH" && this.chance(0.05)) {
        return { ...step, cmd: ["EVAL", "return redis.pcall(unpack(ARGV))", "0", ...step.cmd] };
      }
      if (name === "MULTI") this.inMulti = true;
      else if (name === "EXEC" || name === "DISCARD") this.inMulti = false;
      return step;
    }
  }

  private string(): Step {
    const k = this.key("string");
    switch (this.int(16)) {
      case 0: {
        const cmd = ["SET", k, this.elem()];
        if (this.chance(0.3)) cmd.push(this.pick(["NX", "XX", "GET", "KEEPTTL", "nx", "FOO"]));
        if (this.chance(0.2)) cmd.push(this.pick(["EX", "PX", "EXAT"]), this.pick(["100000", "0", "-1", "abc", "9223372036854775807"]));
        return { cmd };
      }
      case 1:
        return { cmd: ["GET", k] };
      case 2:
        return { cmd: ["APPEND", k, this.elem()] };
      case 3:
        return { cmd: [this.pick(["INCR", "DECR"]), k] };
      case 4:
        return { cmd: [this.pick(["INCRBY", "DECRBY"]), k, this.num()] };
      case 5:
        return { cmd: ["INCRBYFLOAT", k, this.pick([...NUMS, ...ODD_NUMS, "0.1", "-1.25", "1e300", "1e-3"])] };
      case 6:
        return { cmd: ["STRLEN", k] };
      case 7:
        return { cmd: ["GETRANGE", k, this.index(), this.index()] };
      case 8:
        return { cmd: ["SETRANGE", k, this.pick(["0", "1", "3", "10", "-1", "abc"]), this.elem()] };
      case 9:
        return { cmd: ["MSET", k, this.elem(), this.key("string"), this.elem()] };
      case 10:
        return { cmd: ["MGET", ...this.keys(1, 4, "string")] };
      case 11:
        return { cmd: [this.pick(["GETSET", "SETNX"]), k, this.elem()] };
      case 12:
        return { cmd: ["GETDEL", k] };
      case 13:
        return { cmd: ["MSETNX", k, this.elem(), this.key("string"), this.elem()] };
      case 14:
        return { cmd: ["LCS", k, this.key("string"), ...(this.chance(0.5) ? [this.pick(["LEN", "IDX", "MINMATCHLEN", "WITHMATCHLEN"])] : [])] };
      default:
        return { cmd: ["GETEX", k, ...(this.chance(0.3) ? ["PERSIST"] : [])] };
    }
  }

  private list(): Step {
    const k = this.key("list");
    switch (this.int(17)) {
      case 0:
      case 1:
        return { cmd: [this.pick(["LPUSH", "RPUSH"]), k, ...this.elems(1, 5)] };
      case 2:
        return { cmd: [this.pick(["LPUSHX", "RPUSHX"]), k, ...this.elems(1, 2)] };
      case 3:
        return { cmd: [this.pick(["LPOP", "RPOP"]), k, ...(this.chance(0.4) ? [this.num()] : [])] };
      case 4:
        return { cmd: ["LLEN", k] };
      case 5:
      case 6:
        return { cmd: ["LRANGE", k, this.index(), this.index()] };
      case 7:
        return { cmd: ["LINDEX", k, this.index()] };
      case 8:
        return { cmd: ["LSET", k, this.index(), this.elem()] };
      case 9:
        return { cmd: ["LINSERT", k, this.pick(["BEFORE", "AFTER", "after", "MIDDLE"]), this.elem(), this.elem()] };
      case 10:
        return { cmd: ["LREM", k, this.index(), this.elem()] };
      case 11:
        return { cmd: ["LTRIM", k, this.index(), this.index()] };
      case 12: {
        const cmd = ["LPOS", k, this.elem()];
        if (this.chance(0.4)) cmd.push("RANK", this.index());
        if (this.chance(0.4)) cmd.push("COUNT", this.num());
        if (this.chance(0.3)) cmd.push("MAXLEN", this.num());
        return { cmd };
      }
      case 13:
        return { cmd: ["LMOVE", k, this.key("list"), this.pick(["LEFT", "RIGHT"]), this.pick(["LEFT", "RIGHT", "UP"])] };
      case 14:
        return { cmd: ["RPOPLPUSH", k, this.key("list")] };
      case 15: {
        const ks = this.keys(1, 3, "list");
        const cmd = ["LMPOP", String(ks.length), ...ks, this.pick(["LEFT", "RIGHT"])];
        if (this.chance(0.5)) cmd.push("COUNT", this.num());
        return { cmd };
      }
      default:
        // Elements that compare equal (ALPHA stops at a NUL byte, as strcoll) keep the input
        // order, and a key of this pool may hold a set by now (unspecified order): a multiset.
        return { unordered: true, cmd: ["SORT", k, ...(this.chance(0.5) ? ["ALPHA"] : []), ...(this.chance(0.3) ? ["DESC"] : []), ...(this.chance(0.3) ? ["LIMIT", this.index(), this.index()] : [])] };
    }
  }

  private hash(): Step {
    const k = this.key("hash");
    switch (this.int(14)) {
      case 0:
      case 1:
        return { cmd: ["HSET", k, ...this.fieldValues()] };
      case 2:
        return { cmd: ["HSETNX", k, this.elem(), this.elem()] };
      case 3:
        return { cmd: ["HGET", k, this.elem()] };
      case 4:
        return { cmd: ["HMGET", k, ...this.elems(1, 3)] };
      case 5:
        return { cmd: ["HDEL", k, ...this.elems(1, 3)] };
      case 6:
        return { cmd: ["HLEN", k] };
      case 7:
        return { cmd: ["HSTRLEN", k, this.elem()] };
      case 8:
        return { cmd: ["HEXISTS", k, this.elem()] };
      case 9:
        return { cmd: ["HINCRBY", k, this.elem(), this.num()] };
      case 10:
        return { cmd: ["HINCRBYFLOAT", k, this.elem(), this.pick([...NUMS, "1.5", "-0.25", "inf", "abc"])] };
      case 11:
        return { cmd: ["HGETALL", k], unordered: true, pairs: true };
      case 12:
        return { cmd: [this.pick(["HKEYS", "HVALS"]), k], unordered: true };
      default:
        return { cmd: ["HMSET", k, ...this.fieldValues()] };
    }
  }
  private fieldValues(): string[] {
    const out: string[] = [];
    const n = 1 + this.int(4);
    for (let i = 0; i < n; i++) out.push(this.elem(), this.elem());
    return out;
  }

  private set(): Step {
    const k = this.key("set");
    switch (this.int(13)) {
      case 0:
      case 1:
      case 2:
        return { cmd: ["SADD", k, ...this.elems(1, 6)] };
      case 3:
        return { cmd: ["SREM", k, ...this.elems(1, 3)] };
      case 4:
        return { cmd: ["SCARD", k] };
      case 5:
        return { cmd: ["SISMEMBER", k, this.elem()] };
      case 6:
        return { cmd: ["SMISMEMBER", k, ...this.elems(1, 3)] };
      case 7:
        return { cmd: ["SMEMBERS", k], unordered: true };
      case 8:
        return { cmd: ["SMOVE", k, this.key("set"), this.elem()] };
      case 9:
        return { cmd: [this.pick(["SINTER", "SUNION", "SDIFF"]), ...this.keys(1, 3, "set")], unordered: true };
      case 10:
        return { cmd: [this.pick(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), this.key("set"), ...this.keys(1, 3, "set")] };
      case 11: {
        const ks = this.keys(1, 3, "set");
        return { cmd: ["SINTERCARD", String(ks.length), ...ks, ...(this.chance(0.4) ? ["LIMIT", this.num()] : [])] };
      }
      default:
        return { cmd: ["OBJECT", "ENCODING", k] };
    }
  }

  private zset(): Step {
    const k = this.key("zset");
    switch (this.int(20)) {
      case 0:
      case 1:
      case 2: {
        if (this.chance(0.3)) {
          const cmd = ["ZADD", this.pick(LEX_KEYS)];
          if (this.chance(0.3)) cmd.push(this.pick(["NX", "XX", "CH"]));
          for (const m of this.elems(1, 4)) cmd.push("0", m);
          return { cmd };
        }
        const cmd = ["ZADD", k];
        if (this.chance(0.3)) cmd.push(this.pick(["NX", "XX", "GT", "LT", "CH", "INCR"]));
        if (this.chance(0.15)) cmd.push(this.pick(["NX", "XX", "GT", "LT", "CH"]));
        const n = 1 + this.int(4);
        for (let i = 0; i < n; i++) cmd.push(this.score(), this.elem());
        return { cmd };
      }
      case 3:
        return { cmd: ["ZINCRBY", k, this.score(), this.elem()] };
      case 4:
        return { cmd: ["ZREM", k, ...this.elems(1, 3)] };
      case 5:
        return { cmd: ["ZCARD", k] };
      case 6:
        return { cmd: [this.pick(["ZSCORE", "ZRANK", "ZREVRANK"]), k, this.elem()] };
      case 7:
        return { cmd: ["ZMSCORE", k, ...this.elems(1, 3)] };
      case 8:
        return { cmd: ["ZCOUNT", k, this.scoreBound(), this.scoreBound()] };
      case 9:
        return { cmd: ["ZLEXCOUNT", this.lexKey(), this.lexBound(), this.lexBound()] };
      case 10:
      case 11:
        return { cmd: this.zrange("ZRANGE") };
      case 12:
        return { cmd: this.zrange("ZRANGESTORE", this.key("zset")) };
      case 13: {
        const by = this.pick(["BYSCORE", "BYLEX"]);
        const [a, b] = by === "BYSCORE" ? [this.scoreBound(), this.scoreBound()] : [this.lexBound(), this.lexBound()];
        const cmd = [this.pick(["ZRANGEBY", "ZREVRANGEBY"]) + by.slice(2), by === "BYLEX" ? this.lexKey() : k, a, b];
        if (by === "BYSCORE" && this.chance(0.4)) cmd.push("WITHSCORES");
        if (this.chance(0.3)) cmd.push("LIMIT", this.index(), this.index());
        return { cmd };
      }
      case 14:
        return {
          cmd: this.pick([
            ["ZREMRANGEBYRANK", k, this.index(), this.index()],
            ["ZREMRANGEBYSCORE", k, this.scoreBound(), this.scoreBound()],
            ["ZREMRANGEBYLEX", this.lexKey(), this.lexBound(), this.lexBound()],
          ]),
        };
      case 15:
        return { cmd: [this.pick(["ZPOPMIN", "ZPOPMAX"]), k, ...(this.chance(0.5) ? [this.num()] : [])] };
      case 16: {
        const ks = this.keys(1, 3, "zset");
        const cmd = ["ZMPOP", String(ks.length), ...ks, this.pick(["MIN", "MAX"])];
        if (this.chance(0.5)) cmd.push("COUNT", this.num());
        return { cmd };
      }
      case 17:
      case 18: {
        const op = this.pick(["ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]);
        const ks = this.keys(1, 3, "zset");
        const cmd = op.endsWith("STORE") ? [op, this.key("zset"), String(ks.length), ...ks] : [op, String(ks.length), ...ks];
        if (op !== "ZDIFF" && op !== "ZDIFFSTORE") {
          if (this.chance(0.3)) cmd.push("WEIGHTS", ...ks.map(() => this.pick(["1", "2", "-1", "0.5", "inf", "x"])));
          if (this.chance(0.3)) cmd.push("AGGREGATE", this.pick(["SUM", "MIN", "MAX", "AVG"]));
        }
        if (!op.endsWith("STORE") && this.chance(0.5)) cmd.push("WITHSCORES");
        return { cmd };
      }
      default: {
        const ks = this.keys(1, 3, "zset");
        return { cmd: ["ZINTERCARD", String(ks.length), ...ks, ...(this.chance(0.4) ? ["LIMIT", this.num()] : [])] };
      }
    }
  }
  /** ZRANGE / ZRANGESTORE dst (given): by rank, score or lex, over a source key that suits the kind. */
  private zrange(name: string, ...dst: string[]): string[] {
    const by = this.pick(["", "", "BYSCORE", "BYLEX"]);
    const [a, b] =
      by === "BYSCORE" ? [this.scoreBound(), this.scoreBound()] : by === "BYLEX" ? [this.lexBound(), this.lexBound()] : [this.index(), this.index()];
    const cmd = [name, ...dst, by === "BYLEX" ? this.lexKey() : this.key("zset"), a, b];
    if (by) cmd.push(by);
    if (this.chance(0.3)) cmd.push("REV");
    if (by && this.chance(0.3)) cmd.push("LIMIT", this.index(), this.index());
    if (name === "ZRANGE" && this.chance(0.4)) cmd.push("WITHSCORES");
    return cmd;
  }

  private generic(): Step {
    const k = this.key();
    switch (this.int(12)) {
      case 0:
        return { cmd: ["DEL", ...this.keys(1, 2)] };
      case 1:
        return { cmd: ["EXISTS", ...this.keys(1, 3)] };
      case 2:
        return { cmd: ["TYPE", k] };
      case 3:
        return { cmd: [this.pick(["RENAME", "RENAMENX"]), k, this.key()] };
      case 4:
        return { cmd: ["COPY", k, this.key(), ...(this.chance(0.5) ? ["REPLACE"] : [])] };
      case 5:
      case 6:
        return { cmd: ["OBJECT", "ENCODING", k] };
      case 7:
        return { cmd: ["EXPIRE", k, this.pick(["1000", "100000", "-1", "abc"]), ...(this.chance(0.3) ? [this.pick(["NX", "XX", "GT", "LT"])] : [])] };
      case 8:
        return { cmd: ["TTL", k], tolerance: 1 };
      case 9:
        return { cmd: ["PERSIST", k] };
      case 10:
        return { cmd: ["DBSIZE"] };
      default:
        return { cmd: ["KEYS", "*"], unordered: true };
    }
  }

  private bits(): Step {
    const k = this.key("string");
    switch (this.int(7)) {
      case 0:
      case 1:
        return { cmd: ["SETBIT", k, this.pick(["0", "1", "7", "8", "15", "63", "100", "-1", "abc"]), this.pick(["0", "1", "1", "2"])] };
      case 2:
        return { cmd: ["GETBIT", k, this.pick(["0", "1", "7", "63", "1000"])] };
      case 3:
        return { cmd: ["BITCOUNT", k, ...(this.chance(0.5) ? [this.index(), this.index(), ...(this.chance(0.4) ? [this.pick(["BIT", "BYTE"])] : [])] : [])] };
      case 4:
        return { cmd: ["BITPOS", k, this.pick(["0", "1", "2"]), ...(this.chance(0.5) ? [this.index()] : [])] };
      case 5:
        return { cmd: ["BITOP", this.pick(["AND", "OR", "XOR", "NOT"]), this.key("string"), ...this.keys(1, 2, "string")] };
      default:
        return {
          cmd: ["BITFIELD", k, ...this.pick([
            ["GET", "u8", "0"],
            ["SET", "i16", "#1", this.num()],
            ["INCRBY", "u4", "2", this.num()],
            ["OVERFLOW", this.pick(["SAT", "FAIL", "WRAP"]), "INCRBY", "i8", "0", "100"],
          ])],
        };
    }
  }

  /** Stream IDs: explicit (time-free, so replies are deterministic), sometimes invalid or partial. */
  private streamId(): string {
    const x = this.r();
    if (x < 0.7) return `${1 + this.int(40)}-${this.int(3)}`;
    if (x < 0.8) return String(1 + this.int(40));
    if (x < 0.9) return this.pick(["-", "+", "0", "0-0", "$", ">"]);
    return this.pick(["abc", "1-x", "-1", "18446744073709551615-18446744073709551615", "(5-0", ""]);
  }
  private stream(): Step {
    const k = this.key("stream");
    switch (this.int(14)) {
      case 0:
      case 1:
      case 2: {
        const cmd = ["XADD", k];
        if (this.chance(0.1)) cmd.push("NOMKSTREAM");
        if (this.chance(0.2)) cmd.push(this.pick(["MAXLEN", "MINID"]), ...(this.chance(0.3) ? ["="] : []), this.chance(0.5) ? this.num() : this.streamId());
        cmd.push(this.chance(0.85) ? `${1 + this.int(60)}-${this.int(3)}` : this.streamId(), ...this.fieldValues());
        return { cmd };
      }
      case 3:
        return { cmd: ["XLEN", k] };
      case 4:
      case 5:
        return { cmd: [this.pick(["XRANGE", "XREVRANGE"]), k, this.streamId(), this.streamId(), ...(this.chance(0.3) ? ["COUNT", this.num()] : [])] };
      case 6:
        return { cmd: ["XDEL", k, this.streamId(), this.streamId()] };
      case 7:
        return { cmd: ["XTRIM", k, this.pick(["MAXLEN", "MINID"]), this.chance(0.5) ? this.num() : this.streamId()] };
      case 8:
        return {
          cmd: this.pick([
            ["XGROUP", "CREATE", k, this.pick(["g1", "g2"]), this.streamId(), ...(this.chance(0.3) ? ["MKSTREAM"] : [])],
            ["XGROUP", "SETID", k, this.pick(["g1", "g2"]), this.streamId()],
            ["XGROUP", "DESTROY", k, this.pick(["g1", "g2"])],
            ["XGROUP", "CREATECONSUMER", k, this.pick(["g1", "g2"]), this.pick(["c1", "c2"])],
            ["XGROUP", "DELCONSUMER", k, this.pick(["g1", "g2"]), this.pick(["c1", "c2"])],
          ]),
        };
      case 9:
        return {
          cmd: ["XREADGROUP", "GROUP", this.pick(["g1", "g2"]), this.pick(["c1", "c2"]), ...(this.chance(0.4) ? ["COUNT", this.num()] : []),
            ...(this.chance(0.2) ? ["NOACK"] : []), "STREAMS", k, this.chance(0.7) ? ">" : this.streamId()],
        };
      case 10:
        return { cmd: ["XACK", k, this.pick(["g1", "g2"]), this.streamId(), this.streamId()] };
      case 11:
        return { cmd: ["XPENDING", k, this.pick(["g1", "g2"])] };
      case 12:
        return { cmd: ["XREAD", ...(this.chance(0.4) ? ["COUNT", this.num()] : []), "STREAMS", k, this.streamId()] };
      default:
        return { cmd: ["XINFO", this.pick(["STREAM", "GROUPS"]), k] };
    }
  }

  private geo(): Step {
    const k = this.key("geo");
    const lon = () => this.pick(["13.361389", "15.087269", "-122.4194", "0", "180", "-180", "181", "abc", "2.3522"]);
    const lat = () => this.pick(["38.115556", "37.502669", "37.7749", "0", "85.05112878", "86", "48.8566", "-33.8688"]);
    switch (this.int(7)) {
      case 0:
      case 1: {
        const cmd = ["GEOADD", k];
        if (this.chance(0.2)) cmd.push(this.pick(["NX", "XX", "CH"]));
        for (let i = 0; i <= this.int(3); i++) cmd.push(lon(), lat(), this.pick(SMALL));
        return { cmd };
      }
      case 2:
        return { cmd: ["GEODIST", k, this.pick(SMALL), this.pick(SMALL), ...(this.chance(0.5) ? [this.pick(["m", "km", "mi", "ft", "parsecs"])] : [])] };
      case 3:
        return { cmd: [this.pick(["GEOPOS", "GEOHASH"]), k, this.pick(SMALL), this.pick(SMALL)] };
      case 4:
      case 5: {
        const cmd = ["GEOSEARCH", k];
        cmd.push(...(this.chance(0.5) ? ["FROMMEMBER", this.pick(SMALL)] : ["FROMLONLAT", lon(), lat()]));
        cmd.push(...(this.chance(0.6) ? ["BYRADIUS", this.pick(["100", "500", "5000", "-1"]), "km"] : ["BYBOX", "400", "400", "km"]));
        cmd.push(this.pick(["ASC", "DESC"]));
        if (this.chance(0.3)) cmd.push("COUNT", this.pick(["1", "2", "0"]));
        if (this.chance(0.5)) cmd.push(this.pick(["WITHDIST", "WITHCOORD", "WITHHASH"]));
        return { cmd };
      }
      default:
        return { cmd: ["ZRANGE", k, "0", "-1", "WITHSCORES"] };
    }
  }

  private hll(): Step {
    const k = this.key("hll");
    switch (this.int(4)) {
      case 0:
      case 1:
        return { cmd: ["PFADD", k, ...this.elems(0, 5)] };
      case 2:
        return { cmd: ["PFCOUNT", ...this.keys(1, 2, "hll")] };
      default:
        return { cmd: ["PFMERGE", k, ...this.keys(0, 2, "hll")] };
    }
  }

  /** MULTI / EXEC / DISCARD / WATCH: the commands between are whatever comes next. */
  private transaction(): Step {
    switch (this.int(6)) {
      case 0:
      case 1:
        return { cmd: ["MULTI"] };
      case 2:
      case 3:
        return { cmd: ["EXEC"] };
      case 4:
        return { cmd: [this.pick(["DISCARD", "UNWATCH"])] };
      default:
        return { cmd: ["WATCH", this.key()] };
    }
  }
}
