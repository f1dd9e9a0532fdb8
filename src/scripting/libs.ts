// The extra libraries Redis's Lua has, beyond Lua's own: `bit` (LuaBitOp),
// `cjson` and `cmsgpack`, plus the Lua 5.1 global `unpack` that scripts
// still call, and Redis 7's own `pcall`. (`struct` is not provided.)

import { jsStr, lauxlib, lua, luaStr, type LuaState, formatG14 } from "./lua.ts";

type CFn = (L: LuaState) => number;

function register(L: LuaState, name: string, fns: Record<string, CFn>): void {
  lua.lua_newtable(L);
  for (const [k, f] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, luaStr(k));
  }
  lua.lua_setglobal(L, luaStr(name));
}

// --- bit (LuaBitOp: numbers are taken modulo 2^32, results are signed 32-bit) ---

const arg = (L: LuaState, i: number): number => lauxlib.luaL_checknumber(L, i) | 0;

function bitFold(op: (a: number, b: number) => number): CFn {
  return (L) => {
    let r = arg(L, 1);
    for (let i = lua.lua_gettop(L); i > 1; i--) r = op(r, arg(L, i));
    lua.lua_pushnumber(L, r | 0);
    return 1;
  };
}

function shift(op: (a: number, n: number) => number): CFn {
  return (L) => {
    lua.lua_pushnumber(L, op(arg(L, 1), arg(L, 2) & 31) | 0);
    return 1;
  };
}

const BIT: Record<string, CFn> = {
  tobit: (L) => (lua.lua_pushnumber(L, arg(L, 1)), 1),
  bnot: (L) => (lua.lua_pushnumber(L, ~arg(L, 1)), 1),
  band: bitFold((a, b) => a & b),
  bor: bitFold((a, b) => a | b),
  bxor: bitFold((a, b) => a ^ b),
  lshift: shift((a, n) => a << n),
  rshift: shift((a, n) => a >>> n),
  arshift: shift((a, n) => a >> n),
  rol: shift((a, n) => (a << n) | (a >>> (32 - n))),
  ror: shift((a, n) => (a >>> n) | (a << (32 - n))),
  bswap: (L) => {
    const a = arg(L, 1);
    lua.lua_pushnumber(L, ((a >>> 24) | ((a >> 8) & 0xff00) | ((a & 0xff00) << 8) | (a << 24)) | 0);
    return 1;
  },
  tohex: (L) => {
    const a = arg(L, 1);
    let n = lua.lua_isnoneornil(L, 2) ? 8 : arg(L, 2);
    const upper = n < 0;
    if (upper) n = -n;
    if (n > 8) n = 8;
    let s = (a >>> 0).toString(16).padStart(8, "0").slice(8 - n);
    if (upper) s = s.toUpperCase();
    lua.lua_pushstring(L, luaStr(s));
    return 1;
  },
};

/** A table's keys: how many, the largest positive integer one, and whether all are positive integers. */
function tableShape(L: LuaState, t: number): { count: number; max: number; indexes: boolean } {
  let count = 0;
  let max = 0;
  let indexes = true;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t) !== 0) {
    lua.lua_pop(L, 1);
    count++;
    const k = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : NaN;
    if (Number.isInteger(k) && k >= 1) max = Math.max(max, k);
    else indexes = false;
  }
  return { count, max, indexes };
}

// --- cjson ------------------------------------------------------------------------

/** cjson.null: a light userdata that decode() returns for JSON null and encode() writes as null. */
const JSON_NULL = { cjsonNull: true };

function jsonString(b: Uint8Array): string {
  let out = '"';
  for (const c of b) {
    if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c === 47) out += "\\/";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 32 || c === 127) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += String.fromCharCode(c); // other bytes pass through (UTF-8 stays UTF-8)
  }
  return out + '"';
}

/**
 * An encode error, thrown through the JS recursion and raised as a Lua error
 * from encode() itself: raising it from 1000 levels down leaves Lua's error
 * handling too little JS stack.
 */
class EncodeError {
  constructor(readonly msg: string) {}
}

function encodeValue(L: LuaState, idx: number, depth: number): string {
  if (depth > 1000) throw new EncodeError("Cannot serialise, excessive nesting (1001)");
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TNIL:
      return "null";
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx) ? "true" : "false";
    case lua.LUA_TNUMBER: {
      const d = lua.lua_tonumber(L, idx);
      if (!Number.isFinite(d)) throw new EncodeError("Cannot serialise number: must not be NaN or Inf");
      return formatG14(d);
    }
    case lua.LUA_TSTRING:
      return jsonString(lua.lua_tolstring(L, idx));
    case lua.LUA_TLIGHTUSERDATA:
      if (lua.lua_touserdata(L, idx) === JSON_NULL) return "null";
      break;
    case lua.LUA_TTABLE:
      return encodeTable(L, lua.lua_absindex(L, idx), depth + 1);
  }
  throw new EncodeError(`Cannot serialise ${jsStr(lua.lua_typename(L, lua.lua_type(L, idx)))}: type not supported`);
}

function encodeTable(L: LuaState, t: number, depth: number): string {
  // Each level keeps a key and a value on the stack: room must be asked for.
  if (!lua.lua_checkstack(L, 3)) throw new EncodeError("Cannot serialise, excessive nesting (1001)");
  // An array when every key is a positive integer (and it is not mostly holes), as cjson decides.
  const { count: items, max, indexes: isArray } = tableShape(L, t);
  if (isArray && max > 10 && max > items * 2) throw new EncodeError("Cannot serialise table: excessively sparse array");
  if (isArray && items > 0) {
    const parts: string[] = [];
    for (let i = 1; i <= max; i++) {
      lua.lua_rawgeti(L, t, i);
      parts.push(encodeValue(L, -1, depth));
      lua.lua_pop(L, 1);
    }
    return "[" + parts.join(",") + "]";
  }
  const parts: string[] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t) !== 0) {
    const kt = lua.lua_type(L, -2);
    let key: string;
    if (kt === lua.LUA_TSTRING) key = jsonString(lua.lua_tolstring(L, -2));
    else if (kt === lua.LUA_TNUMBER) key = '"' + formatG14(lua.lua_tonumber(L, -2)) + '"';
    else throw new EncodeError("Cannot serialise table: table key must be a number or string");
    parts.push(key + ":" + encodeValue(L, -1, depth));
    lua.lua_pop(L, 1);
  }
  return "{" + parts.join(",") + "}";
}

function pushJson(L: LuaState, v: unknown): void {
  lauxlib.luaL_checkstack(L, 3, luaStr("too many nested values"));
  if (v === null) lua.lua_pushlightuserdata(L, JSON_NULL);
  else if (typeof v === "boolean") lua.lua_pushboolean(L, v);
  else if (typeof v === "number") lua.lua_pushnumber(L, v);
  else if (typeof v === "string") lua.lua_pushstring(L, Buffer.from(v, "utf8"));
  else if (Array.isArray(v)) {
    lua.lua_createtable(L, v.length, 0);
    v.forEach((x, i) => {
      pushJson(L, x);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    const o = v as Record<string, unknown>;
    lua.lua_createtable(L, 0, Object.keys(o).length);
    for (const [k, x] of Object.entries(o)) {
      lua.lua_pushstring(L, Buffer.from(k, "utf8"));
      pushJson(L, x);
      lua.lua_rawset(L, -3);
    }
  }
}

const CJSON: Record<string, CFn> = {
  encode: (L) => {
    if (lua.lua_gettop(L) !== 1) return lauxlib.luaL_argerror(L, 1, luaStr("expected 1 argument"));
    const top = lua.lua_gettop(L);
    let json: string;
    try {
      json = encodeValue(L, 1, 0);
    } catch (e) {
      if (!(e instanceof EncodeError)) throw e;
      lua.lua_settop(L, top);
      return lauxlib.luaL_error(L, luaStr(e.msg));
    }
    lua.lua_pushstring(L, Buffer.from(json, "latin1"));
    return 1;
  },
  decode: (L) => {
    if (lua.lua_gettop(L) !== 1) return lauxlib.luaL_argerror(L, 1, luaStr("expected 1 argument"));
    const text = Buffer.from(lauxlib.luaL_checklstring(L, 1)).toString("utf8");
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return lauxlib.luaL_error(L, luaStr("Expected value but found invalid token at character 1"));
    }
    pushJson(L, v);
    return 1;
  },
};

/** Installs bit, cjson and unpack into a state (before its globals are made read-only). */
export function installLibraries(L: LuaState): void {
  register(L, "bit", BIT);
  register(L, "cjson", CJSON);
  register(L, "cmsgpack", CMSGPACK);
  lua.lua_getglobal(L, luaStr("cjson"));
  lua.lua_pushlightuserdata(L, JSON_NULL);
  lua.lua_setfield(L, -2, luaStr("null"));
  lua.lua_pop(L, 1);
  const rand = new Lrand48();
  lua.lua_getglobal(L, luaStr("math"));
  lua.lua_pushcfunction(L, mathRandom(rand));
  lua.lua_setfield(L, -2, luaStr("random"));
  lua.lua_pushcfunction(L, (L: LuaState) => (rand.seed(Math.trunc(lauxlib.luaL_checknumber(L, 1))), 0));
  lua.lua_setfield(L, -2, luaStr("randomseed"));
  lua.lua_pop(L, 1);
  // Redis 7's pcall (luaRedisPcall): an error table ({err=...}, as redis.call raises)
  // comes back as its message string.
  lua.lua_pushcfunction(L, (L: LuaState) => {
    const argc = lua.lua_gettop(L);
    if (argc === 0) {
      // Redis's wrapper then calls its own placeholder: an error, caught.
      lua.lua_pushboolean(L, false);
      lua.lua_pushstring(L, luaStr("attempt to call a boolean value"));
      return 2;
    }
    lua.lua_pushboolean(L, true); // the result, in front of the function's values
    lua.lua_insert(L, 1);
    if (lua.lua_pcall(L, argc - 1, lua.LUA_MULTRET, 0) !== 0) {
      lua.lua_remove(L, 1);
      if (lua.lua_istable(L, -1)) {
        lua.lua_getfield(L, -1, luaStr("err"));
        if (lua.lua_isstring(L, -1)) lua.lua_replace(L, -2);
        else lua.lua_pop(L, 1);
      }
      lua.lua_pushboolean(L, false);
      lua.lua_insert(L, 1);
    }
    return lua.lua_gettop(L);
  });
  lua.lua_setglobal(L, luaStr("pcall"));
  // Lua 5.1's global unpack (5.3 keeps it in table).
  lua.lua_getglobal(L, luaStr("table"));
  lua.lua_getfield(L, -1, luaStr("unpack"));
  lua.lua_setglobal(L, luaStr("unpack"));
  lua.lua_pop(L, 1);
}

// --- cmsgpack (lua-cmsgpack: MessagePack, as Redis bundles it) -------------------

const MAX_NESTING = 16;

class MsgpackWriter {
  private buf = Buffer.alloc(64);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  /** A type byte and a big-endian unsigned length/value of 1, 2, 4 or 8 bytes. */
  head(type: number, v: number | bigint, size: 1 | 2 | 4 | 8): void {
    this.byte(type);
    this.room(size);
    if (size === 1) this.buf.writeUInt8(Number(v) & 0xff, this.len);
    else if (size === 2) this.buf.writeUInt16BE(Number(v) & 0xffff, this.len);
    else if (size === 4) this.buf.writeUInt32BE(Number(v) >>> 0, this.len);
    else this.buf.writeBigUInt64BE(BigInt.asUintN(64, BigInt(v)), this.len);
    this.len += size;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

function packInteger(w: MsgpackWriter, n: number): void {
  if (n >= 0) {
    if (n <= 127) w.byte(n);
    else if (n <= 0xff) w.head(0xcc, n, 1);
    else if (n <= 0xffff) w.head(0xcd, n, 2);
    else if (n <= 0xffffffff) w.head(0xce, n, 4);
    else w.head(0xcf, BigInt(n), 8);
  } else if (n >= -32) w.byte(0xe0 | (n & 0x1f));
  else if (n >= -128) w.head(0xd0, n, 1);
  else if (n >= -32768) w.head(0xd1, n, 2);
  else if (n >= -2147483648) w.head(0xd2, n, 4);
  else w.head(0xd3, BigInt(n), 8);
}

const f32 = new Float32Array(1);

function packValue(L: LuaState, w: MsgpackWriter, idx: number, level: number): void {
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TBOOLEAN:
      w.byte(lua.lua_toboolean(L, idx) ? 0xc3 : 0xc2);
      return;
    case lua.LUA_TNUMBER: {
      const d = lua.lua_tonumber(L, idx);
      if (Number.isInteger(d) && Math.abs(d) < 2 ** 63) return packInteger(w, d);
      f32[0] = d;
      if (f32[0] === d || d !== d) {
        w.byte(0xca);
        const b = Buffer.alloc(4);
        b.writeFloatBE(d);
        w.bytes(b);
      } else {
        w.byte(0xcb);
        const b = Buffer.alloc(8);
        b.writeDoubleBE(d);
        w.bytes(b);
      }
      return;
    }
    case lua.LUA_TSTRING: {
      const s = lua.lua_tolstring(L, idx);
      if (s.length < 32) w.byte(0xa0 | s.length);
      else if (s.length <= 0xff) w.head(0xd9, s.length, 1);
      else if (s.length <= 0xffff) w.head(0xda, s.length, 2);
      else w.head(0xdb, s.length, 4);
      w.bytes(s);
      return;
    }
    case lua.LUA_TTABLE:
      if (level < MAX_NESTING) return packTable(L, w, lua.lua_absindex(L, idx), level + 1);
      break;
  }
  w.byte(0xc0); // nil, and anything that has no MessagePack form
}

function packTable(L: LuaState, w: MsgpackWriter, t: number, level: number): void {
  lauxlib.luaL_checkstack(L, 3, luaStr("too many nested values"));
  // An array when its keys are exactly 1..n (lua-cmsgpack's table_is_an_array).
  const { count, max, indexes } = tableShape(L, t);
  if (indexes && max === count) {
    if (count < 16) w.byte(0x90 | count);
    else if (count <= 0xffff) w.head(0xdc, count, 2);
    else w.head(0xdd, count, 4);
    for (let i = 1; i <= count; i++) {
      lua.lua_rawgeti(L, t, i);
      packValue(L, w, -1, level);
      lua.lua_pop(L, 1);
    }
    return;
  }
  if (count < 16) w.byte(0x80 | count);
  else if (count <= 0xffff) w.head(0xde, count, 2);
  else w.head(0xdf, count, 4);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t) !== 0) {
    packValue(L, w, -2, level);
    packValue(L, w, -1, level);
    lua.lua_pop(L, 1);
  }
}

/**
 * Decodes one MessagePack value at b[pos] onto the Lua stack; returns the
 * next position, -1 if the input ends too soon, -2 on a type byte this
 * version of lua-cmsgpack does not know (bin, ext...).
 */
function unpackValue(L: LuaState, b: Buffer, pos: number): number {
  if (pos >= b.length) return -1;
  const t = b[pos++]!;
  const need = (n: number) => pos + n <= b.length;
  const str = (n: number, at: number): number => {
    if (at + n > b.length) return -1;
    lua.lua_pushstring(L, b.subarray(at, at + n));
    return at + n;
  };
  const seq = (n: number, at: number, map: boolean): number => {
    lauxlib.luaL_checkstack(L, 3, luaStr("too many nested values"));
    lua.lua_createtable(L, map ? 0 : n, map ? n : 0);
    for (let i = 1; i <= n; i++) {
      if (map) {
        at = unpackValue(L, b, at);
        if (at < 0) return at;
      }
      at = unpackValue(L, b, at);
      if (at < 0) return at;
      if (map) lua.lua_settable(L, -3);
      else lua.lua_rawseti(L, -2, i);
    }
    return at;
  };
  if (t <= 0x7f) return lua.lua_pushnumber(L, t), pos;
  if (t >= 0xe0) return lua.lua_pushnumber(L, t - 256), pos;
  if ((t & 0xe0) === 0xa0) return str(t & 0x1f, pos);
  if ((t & 0xf0) === 0x90) return seq(t & 0x0f, pos, false);
  if ((t & 0xf0) === 0x80) return seq(t & 0x0f, pos, true);
  switch (t) {
    case 0xc0: return lua.lua_pushnil(L), pos;
    case 0xc2: return lua.lua_pushboolean(L, false), pos;
    case 0xc3: return lua.lua_pushboolean(L, true), pos;
    case 0xca: return need(4) ? (lua.lua_pushnumber(L, b.readFloatBE(pos)), pos + 4) : -1;
    case 0xcb: return need(8) ? (lua.lua_pushnumber(L, b.readDoubleBE(pos)), pos + 8) : -1;
    case 0xcc: return need(1) ? (lua.lua_pushnumber(L, b.readUInt8(pos)), pos + 1) : -1;
    case 0xcd: return need(2) ? (lua.lua_pushnumber(L, b.readUInt16BE(pos)), pos + 2) : -1;
    case 0xce: return need(4) ? (lua.lua_pushnumber(L, b.readUInt32BE(pos)), pos + 4) : -1;
    case 0xcf: return need(8) ? (lua.lua_pushnumber(L, Number(b.readBigUInt64BE(pos))), pos + 8) : -1;
    case 0xd0: return need(1) ? (lua.lua_pushnumber(L, b.readInt8(pos)), pos + 1) : -1;
    case 0xd1: return need(2) ? (lua.lua_pushnumber(L, b.readInt16BE(pos)), pos + 2) : -1;
    case 0xd2: return need(4) ? (lua.lua_pushnumber(L, b.readInt32BE(pos)), pos + 4) : -1;
    case 0xd3: return need(8) ? (lua.lua_pushnumber(L, Number(b.readBigInt64BE(pos))), pos + 8) : -1;
    case 0xd9: return need(1) ? str(b[pos]!, pos + 1) : -1;
    case 0xda: return need(2) ? str(b.readUInt16BE(pos), pos + 2) : -1;
    case 0xdb: return need(4) ? str(b.readUInt32BE(pos), pos + 4) : -1;
    case 0xdc: return need(2) ? seq(b.readUInt16BE(pos), pos + 2, false) : -1;
    case 0xdd: return need(4) ? seq(b.readUInt32BE(pos), pos + 4, false) : -1;
    case 0xde: return need(2) ? seq(b.readUInt16BE(pos), pos + 2, true) : -1;
    case 0xdf: return need(4) ? seq(b.readUInt32BE(pos), pos + 4, true) : -1;
  }
  return -2;
}

/** unpack(s) → all values; unpack_one(s[, offset]) and unpack_limit(s, limit[, offset]) → next offset (-1 at the end), values. */
function unpackGeneric(L: LuaState, limit: number, offsetArg: number, withOffset: boolean): number {
  const b = Buffer.from(lauxlib.luaL_checklstring(L, 1));
  let pos = offsetArg > 0 && !lua.lua_isnoneornil(L, offsetArg) ? lauxlib.luaL_checkinteger(L, offsetArg) : 0;
  if (pos < 0 || pos > b.length) return lauxlib.luaL_error(L, luaStr("Start offset " + pos + " greater than input length " + b.length + "."));
  let n = 0;
  const base = lua.lua_gettop(L);
  if (withOffset) lua.lua_pushnil(L); // placeholder for the offset
  while (pos < b.length && (limit <= 0 || n < limit)) {
    lauxlib.luaL_checkstack(L, 2, luaStr("too many return values"));
    const next = unpackValue(L, b, pos);
    if (next < 0) return lauxlib.luaL_error(L, luaStr(next === -1 ? "Missing bytes in input." : "Bad data format in input."));
    pos = next;
    n++;
  }
  if (withOffset) {
    lua.lua_pushnumber(L, pos >= b.length ? -1 : pos);
    lua.lua_replace(L, base + 1);
    return n + 1;
  }
  return n;
}

const CMSGPACK: Record<string, CFn> = {
  pack: (L) => {
    const argc = lua.lua_gettop(L);
    if (argc === 0) return lauxlib.luaL_argerror(L, 0, luaStr("MessagePack pack needs input."));
    const w = new MsgpackWriter();
    for (let i = 1; i <= argc; i++) packValue(L, w, i, 0);
    lua.lua_pushstring(L, w.result());
    return 1;
  },
  unpack: (L) => unpackGeneric(L, 0, 0, false),
  unpack_one: (L) => unpackGeneric(L, 1, 2, true),
  unpack_limit: (L) => unpackGeneric(L, lauxlib.luaL_checkinteger(L, 2), 3, true),
};

// --- math.random / math.randomseed: Redis's redisLrand48 (rand.c) ----------------
//
// Redis replaces Lua's generator with a 48-bit LCG (drand48's constants).
// Since 7.0 (scripts replicate their effects) it is no longer reseeded before
// each script: the sequence runs on from the server's start, or from the last
// math.randomseed. Reproduced exactly, one generator per server.

const RAND_A = 0x5deece66dn;
const RAND_C = 0xbn;
const RAND_MASK = (1n << 48n) - 1n;
const LRAND48_MAX = 2147483647; // INT32_MAX

class Lrand48 {
  /** rand.c's initial x[] = { 0x330E, 0xABCD, 0x1234 }. */
  private x = 0x1234abcd330en;
  /** redisSrand48(seed): x = the seed's 32 bits above 0x330E. */
  seed(seed: number): void {
    this.x = ((BigInt(seed | 0) & 0xffffffffn) << 16n) | 0x330en;
  }
  next(): number {
    this.x = (RAND_A * this.x + RAND_C) & RAND_MASK;
    return Number(this.x >> 17n);
  }
}

function mathRandom(rand: Lrand48): CFn {
  return (L) => {
    const r = (rand.next() % LRAND48_MAX) / LRAND48_MAX;
    switch (lua.lua_gettop(L)) {
      case 0:
        lua.lua_pushnumber(L, r);
        break;
      case 1: {
        const u = Math.trunc(lauxlib.luaL_checknumber(L, 1));
        lauxlib.luaL_argcheck(L, 1 <= u, 1, luaStr("interval is empty"));
        lua.lua_pushnumber(L, Math.floor(r * u) + 1);
        break;
      }
      case 2: {
        const l = Math.trunc(lauxlib.luaL_checknumber(L, 1));
        const u = Math.trunc(lauxlib.luaL_checknumber(L, 2));
        lauxlib.luaL_argcheck(L, l <= u, 2, luaStr("interval is empty"));
        lua.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l);
        break;
      }
      default:
        return lauxlib.luaL_error(L, luaStr("wrong number of arguments"));
    }
    return 1;
  };
}
