// The Lua VM behind EVAL: fengari (Lua 5.3 in JavaScript), adjusted to the
// number semantics of the Lua 5.1 that Redis embeds.
//
// Lua 5.1 has one number type, a double. Lua 5.3 adds integers, and fengari's
// are 32-bit, wrapping on overflow; it also prints an integral float as "5.0".
// Redis scripts are written for 5.1 (`tostring(n)` → "5", `'id:' .. n`, sums
// past 2^31), so two of fengari's internals are replaced, for every state:
//   - string → number (numerals in the source, tonumber, arithmetic on
//     strings) always makes a float, so arithmetic is double arithmetic;
//   - number → string is C's "%.14g" (LUA_NUMBER_FMT), with "inf", "-inf"
//     and "-nan" as glibc prints them, and no ".0" suffix.
// What can still be an integer (#t, string.len, math.floor of a small
// value...) is small, and mixes with floats into floats. Library functions
// that take an integer truncate a float (5.1's lua_tointeger), and "%f" in
// lua_pushfstring (tostring, string.format's %s) prints as "%.14g" too.
//
// Lua strings are byte arrays (Uint8Array) in fengari, so keys and values
// stay binary-safe: they cross over as latin1 JS strings, one char per byte.

import { createRequire } from "node:module";

// fengari's API objects, loaded with the first Lua state: a server that never
// runs a script does not pay the ~25 ms it takes to load.
// biome-ignore lint: fengari has no type declarations
type Api = any;
export let lua: Api;
export let lauxlib: Api;
export let lualib: Api;
let lobject: Api;
let lstring: Api;
let lvm: Api;
export type LuaState = object;

function loadFengari(): void {
  if (lua !== undefined) return;
  // fengari is CommonJS with circular requires: its entry point must load first,
  // then its internals are looked up (in that order, hence require, not import).
  const require = createRequire(import.meta.url);
  const fengari = require("fengari");
  lua = fengari.lua;
  lauxlib = fengari.lauxlib;
  lualib = fengari.lualib;
  lobject = require("fengari/src/lobject.js");
  lstring = require("fengari/src/lstring.js");
  lvm = require("fengari/src/lvm.js");
}

/** C's printf("%.14g", d) as glibc prints it (what Lua 5.1 uses for tostring and string coercion). */
export function formatG14(d: number): string {
  if (d !== d) return "-nan"; // x86 arithmetic NaNs carry the sign bit: glibc prints "-nan"
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return 1 / d < 0 ? "-0" : "0";
  if (Number.isInteger(d) && Math.abs(d) < 1e14) return String(d);
  const t = d.toExponential(13); // 14 significant digits: "-d.ddddddddddddde+X"
  const ei = t.indexOf("e");
  const neg = t.charCodeAt(0) === 45;
  const digits = t.slice(neg ? 1 : 0, neg ? 2 : 1) + t.slice(neg ? 3 : 2, ei);
  const x = +t.slice(ei + 1);
  let nd = 14;
  while (nd > 1 && digits.charCodeAt(nd - 1) === 48) nd--;
  let out: string;
  if (x < -4 || x >= 14) {
    const ax = x < 0 ? -x : x;
    out = digits[0] + (nd > 1 ? "." + digits.slice(1, nd) : "") + (x < 0 ? "e-" : "e+") + (ax < 10 ? "0" + ax : ax);
  } else if (x >= 0) {
    out = nd > x + 1 ? digits.slice(0, x + 1) + "." + digits.slice(x + 1, nd) : digits.slice(0, x + 1);
  } else {
    out = "0." + "0".repeat(-x - 1) + digits.slice(0, nd);
  }
  return neg ? "-" + out : out;
}

let patched = false;

/** Installs the 5.1 number semantics into fengari (once per process; they apply to every state). */
function patchNumbers(): void {
  if (patched) return;
  patched = true;
  const str2num = lobject.luaO_str2num;
  lobject.luaO_str2num = (s: Uint8Array, o: { ttisinteger(): boolean; value: number; setfltvalue(n: number): void }) => {
    const n = str2num(s, o);
    if (n !== 0 && o.ttisinteger()) o.setfltvalue(o.value);
    return n;
  };
  lobject.luaO_tostring = (L: LuaState, o: { ttisinteger(): boolean; value: number; setsvalue(s: unknown): void }) => {
    const text = o.ttisinteger() ? String(o.value) : formatG14(o.value);
    o.setsvalue(lstring.luaS_bless(L, Buffer.from(text, "latin1")));
  };
  // Library functions taking an integer (string.rep, string.sub...) truncate a
  // non-integral number, as 5.1's lua_tointeger, where 5.3 refuses it.
  const tointeger = lvm.tointeger;
  lvm.tointeger = (o: unknown) => {
    const i = tointeger(o);
    if (i !== false) return i;
    const d = lvm.tonumber(o);
    return typeof d === "number" && d > -2147483649 && d < 2147483648 ? Math.trunc(d) : false;
  };
  // lua_pushfstring's "%f" (tostring, string.format's %s, error messages) formats
  // through a private path of its own: such arguments are formatted here and
  // passed on as "%s".
  const pushvf = lobject.luaO_pushvfstring;
  lobject.luaO_pushvfstring = (L: LuaState, fmt: Uint8Array, argp: unknown[]) => {
    let copy: Uint8Array | null = null;
    let args = argp;
    for (let i = 0, a = 0; i + 1 < fmt.length; i++) {
      if (fmt[i] !== 37 /* % */) continue;
      const d = fmt[++i];
      if (d === 37) continue;
      if (d === 102 /* f */) {
        copy ??= Uint8Array.from(fmt);
        if (args === argp) args = argp.slice();
        copy[i] = 115; // s
        args[a] = Buffer.from(formatG14(argp[a] as number), "latin1");
      }
      a++;
    }
    return pushvf(L, copy ?? fmt, args);
  };
}

/** A new Lua state with 5.1 number semantics and the standard libraries Redis loads. */
export function newState(): LuaState {
  loadFengari();
  patchNumbers();
  const L = lauxlib.luaL_newstate();
  // Redis's Lua has base (with coroutines), table, string, math and debug; no io, os or package.
  const libs: [string, (L: LuaState) => number][] = [
    ["_G", lualib.luaopen_base],
    ["coroutine", lualib.luaopen_coroutine],
    ["table", lualib.luaopen_table],
    ["string", lualib.luaopen_string],
    ["math", lualib.luaopen_math],
    ["debug", lualib.luaopen_debug],
  ];
  for (const [name, open] of libs) {
    lauxlib.luaL_requiref(L, luaStr(name), open, 1);
    lua.lua_pop(L, 1);
  }
  return L;
}

const encoded = new Map<string, Uint8Array>();
/** A JS (latin1) string as a Lua string; names used over and over are encoded once. */
export function luaStr(s: string): Uint8Array {
  let b = encoded.get(s);
  if (b === undefined) {
    b = Buffer.from(s, "latin1");
    if (s.length <= 32 && encoded.size < 1024) encoded.set(s, b);
  }
  return b;
}

/** Bytes from Lua as a latin1 JS string (binary-safe). */
export function jsStr(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

export function pushString(L: LuaState, s: string): void {
  lua.lua_pushstring(L, Buffer.from(s, "latin1"));
}
