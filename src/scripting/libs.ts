// The extra libraries Redis's Lua has, beyond Lua's own: `bit` (LuaBitOp)
// and `cjson`, plus the Lua 5.1 global `unpack` that scripts still call.
// (`struct` and `cmsgpack` are not provided.)

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

function encodeValue(L: LuaState, idx: number, depth: number): string {
  if (depth > 1000) lauxlib.luaL_error(L, luaStr("Cannot serialise, excessive nesting (1001)"));
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TNIL:
      return "null";
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx) ? "true" : "false";
    case lua.LUA_TNUMBER: {
      const d = lua.lua_tonumber(L, idx);
      if (!Number.isFinite(d)) lauxlib.luaL_error(L, luaStr("Cannot serialise number: must not be NaN or Inf"));
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
  lauxlib.luaL_error(L, luaStr(`Cannot serialise ${jsStr(lua.lua_typename(L, lua.lua_type(L, idx)))}: type not supported`));
  return "";
}

function encodeTable(L: LuaState, t: number, depth: number): string {
  // An array when every key is a positive integer (and it is not mostly holes), as cjson decides.
  let max = 0;
  let items = 0;
  let isArray = true;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t) !== 0) {
    lua.lua_pop(L, 1);
    items++;
    const k = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : NaN;
    if (Number.isInteger(k) && k >= 1) max = Math.max(max, k);
    else isArray = false;
  }
  if (isArray && max > 10 && max > items * 2) lauxlib.luaL_error(L, luaStr("Cannot serialise table: excessively sparse array"));
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
    else {
      lauxlib.luaL_error(L, luaStr("Cannot serialise table: table key must be a number or string"));
      return "";
    }
    parts.push(key + ":" + encodeValue(L, -1, depth));
    lua.lua_pop(L, 1);
  }
  return "{" + parts.join(",") + "}";
}

function pushJson(L: LuaState, v: unknown): void {
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
    lua.lua_pushstring(L, Buffer.from(encodeValue(L, 1, 0), "latin1"));
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
  lua.lua_getglobal(L, luaStr("cjson"));
  lua.lua_pushlightuserdata(L, JSON_NULL);
  lua.lua_setfield(L, -2, luaStr("null"));
  lua.lua_pop(L, 1);
  // Lua 5.1's global unpack (5.3 keeps it in table).
  lua.lua_getglobal(L, luaStr("table"));
  lua.lua_getfield(L, -1, luaStr("unpack"));
  lua.lua_setglobal(L, luaStr("unpack"));
  lua.lua_pop(L, 1);
}
