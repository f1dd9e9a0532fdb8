// SORT and SORT_RO (Redis 7.0's sort.c), on lists, sets and sorted sets.
//
// What is reproduced, and how:
//   - Options are parsed left to right; the first bad one answers (LIMIT's
//     integers, then syntax). A BY pattern without '*' (or with its '*' after
//     a NUL byte: Redis looks with strchr) means "don't sort", and stays so
//     even if a later BY has a '*', as in Redis.
//   - BY/GET patterns: the first '*' is replaced by the element, "->field"
//     after it reads a hash field, "#" is the element itself; a pattern with
//     no '*' finds nothing. Lookups count keyspace hits/misses like any read.
//   - Numeric sorting parses with C strtod's rules and errno check (leading
//     blanks allowed, the empty string is 0, a NUL ends the number, "nan" and
//     any ERANGE — overflow, underflow, an inexact denormal — are errors);
//     equal scores fall back to comparing the elements as binary strings.
//     ALPHA compares with strcoll (Redis sets LC_COLLATE from the environment;
//     in the C/C.UTF-8 locales that is strcmp: bytes, up to the first NUL),
//     or as binary strings when STORE is given, as Redis does.
//   - glibc's qsort is a stable merge sort (what Array.prototype.sort is), and
//     with BY and a LIMIT that does not cover everything Redis uses its own
//     partial quicksort (pqsort.c), ported below, so even elements that
//     compare equal (ALPHA by missing or equal weights) come out in Redis's
//     order wherever the input order is Redis's (lists, intsets).
//   - BY nosort keeps the native order: list order and sorted set order
//     (reversed by DESC, LIMIT taken directly from that order), set order
//     for sets (DESC ignored); with STORE, a set is sorted ALPHA instead so
//     that what is stored does not depend on the hash table's order.
//   - SORT converts a listpack sorted set to a skiplist (zsetConvert), for
//     good, as Redis does; OBJECT ENCODING shows it.
//   - STORE replaces the destination with a list (TTL dropped), "sortstore"
//     event; an empty result deletes the destination ("del" event). The
//     command replays as given (its result is deterministic).
//
// Not reproduced: Redis never resets errno before its strtod, so after one
// SORT hits ERANGE, later numeric SORTs on that server fail too until some
// other command happens to clear errno (e.g. INCRBYFLOAT). Each SORT here
// starts clean.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import type { Hash } from "../store/hash.ts";
import { ListValue } from "../store/list.ts";
import { elemStr, type RSet } from "../store/set.ts";
import { RawString, type Value } from "../store/types.ts";
import type { ZSet } from "../store/zset.ts";
import { parseDouble } from "../util/numbers.ts";
import { readKey, written } from "./access.ts";
import { err, intArg, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

/** One element being sorted (Redis's redisSortObject). */
interface SortItem {
  obj: string;
  score: number;
  /** ALPHA with BY: the weight as a string, null when missing. */
  cmp: string | null;
}

/** A BY/GET pattern, analysed once (lookupKeyByPattern's parsing). */
interface Pattern {
  /** "#": the element itself. */
  self: boolean;
  /** No usable '*': every lookup finds nothing. */
  none: boolean;
  prefix: string;
  postfix: string;
  /** The hash field after "->", or null. */
  field: string | null;
}

function compilePattern(p: string): Pattern {
  const self = p.length > 0 && p.charCodeAt(0) === 35 && (p.length === 1 || p.charCodeAt(1) === 0);
  const nul = p.indexOf("\0");
  const cend = nul === -1 ? p.length : nul; // C string end
  const star = p.indexOf("*");
  if (self || star === -1 || star >= cend) return { self, none: !self, prefix: "", postfix: "", field: null };
  const arrow = p.indexOf("->", star + 1);
  if (arrow !== -1 && arrow + 2 < cend) {
    return { self: false, none: false, prefix: p.slice(0, star), postfix: p.slice(star + 1, arrow), field: p.slice(arrow + 2) };
  }
  return { self: false, none: false, prefix: p.slice(0, star), postfix: p.slice(star + 1), field: null };
}

/** lookupKeyByPattern: the string found for an element, or null. Numbers are int-encoded values. */
function lookupByPattern(c: Client, pat: Pattern, elem: string): string | number | null {
  if (pat.self) return elem;
  if (pat.none) return null;
  const v = readKey(c, pat.prefix + elem + pat.postfix);
  if (v === undefined) return null;
  if (pat.field !== null) {
    if (typeof v !== "object" || v.type !== "hash") return null;
    const f = (v as Hash).get(pat.field);
    return f === undefined ? null : f;
  }
  if (typeof v === "string" || typeof v === "number") return v;
  if (v instanceof RawString) return v.s;
  return null;
}

function asString(v: string | number): string {
  return typeof v === "number" ? String(v) : v;
}

// --- numbers ------------------------------------------------------------------

const MIN_NORMAL = 2.2250738585072014e-308;
const DEC = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^[+-]?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

function isCSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/**
 * SORT's `score = strtod(s, &eptr); error if *eptr || errno == ERANGE ||
 * isnan(score)`: the score, or null for "can't be converted".
 */
export function sortScore(s: string): number | null {
  const nul = s.indexOf("\0");
  if (nul !== -1) s = s.slice(0, nul);
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return s.length === 0 ? 0 : null; // "": no conversion, *eptr is the NUL
  const t = i === 0 ? s : s.slice(i);
  const v = parseDouble(t); // whole-string strtod without blanks; null on NaN, overflow, underflow to 0
  if (v === null) return null;
  if (v !== 0 && Math.abs(v) < MIN_NORMAL && !exactDenormal(t, v)) return null; // glibc: ERANGE
  return v;
}

/** Whether the text denotes exactly the denormal v (glibc sets ERANGE only for inexact ones). */
function exactDenormal(t: string, v: number): boolean {
  const m = BigInt(Math.abs(v) / 2 ** -1074); // v = m * 2^-1074 exactly
  let x = HEX.exec(t);
  if (x !== null) {
    const frac = x[2] ?? "";
    const h = BigInt("0x" + ((x[1] ?? "") + frac || "0"));
    const e2 = Number(x[3] ?? "0") - 4 * frac.length + 1074; // input = h * 2^(e2 - 1074)
    return e2 >= 0 ? h << BigInt(e2) === m : h === m << BigInt(-e2);
  }
  x = DEC.exec(t);
  if (x === null) return false;
  const frac = x[2] ?? "";
  const d = BigInt((x[1] ?? "") + frac || "0");
  const e10 = Number(x[3] ?? "0") - frac.length; // input = d * 10^e10
  if (e10 >= 0) return false; // an integer is never a denormal
  return d << 1074n === m * 10n ** BigInt(-e10);
}

// --- comparisons ----------------------------------------------------------------

function binCmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strcoll on C strings in the C / C.UTF-8 locale: bytes up to the first NUL. */
function collKey(s: string): string {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
}

type Cmp = (a: SortItem, b: SortItem) => number;

function comparator(alpha: boolean, byPattern: boolean, store: boolean, desc: boolean): Cmp {
  let cmp: Cmp;
  if (!alpha) {
    cmp = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : binCmp(a.obj, b.obj));
  } else if (byPattern) {
    // Missing weights sort first; two missing compare equal.
    cmp = (a, b) => {
      if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
      return store ? binCmp(a.cmp, b.cmp) : binCmp(collKey(a.cmp), collKey(b.cmp));
    };
  } else {
    cmp = store ? (a, b) => binCmp(a.obj, b.obj) : (a, b) => binCmp(collKey(a.obj), collKey(b.obj));
  }
  return desc ? (a, b) => -cmp(a, b) : cmp;
}

// --- pqsort.c (NetBSD qsort with a partial range), on an array ------------------

function med3(v: SortItem[], a: number, b: number, c: number, cmp: Cmp): number {
  return cmp(v[a]!, v[b]!) < 0
    ? cmp(v[b]!, v[c]!) < 0
      ? b
      : cmp(v[a]!, v[c]!) < 0
        ? c
        : a
    : cmp(v[b]!, v[c]!) > 0
      ? b
      : cmp(v[a]!, v[c]!) < 0
        ? a
        : c;
}

function swap(v: SortItem[], i: number, j: number): void {
  const t = v[i]!;
  v[i] = v[j]!;
  v[j] = t;
}

function vecswap(v: SortItem[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(v, i + k, j + k);
}

function insertionSort(v: SortItem[], a: number, n: number, cmp: Cmp): void {
  for (let pm = a + 1; pm < a + n; pm++) {
    for (let pl = pm; pl > a && cmp(v[pl - 1]!, v[pl]!) > 0; pl--) swap(v, pl, pl - 1);
  }
}

/** _pqsort over v[a .. a+n), sorting at least the positions lr..rr (inclusive). */
function pqsortRange(v: SortItem[], a: number, n: number, cmp: Cmp, lr: number, rr: number): void {
  for (;;) {
    let swapCnt = false;
    if (n < 7) {
      insertionSort(v, a, n, cmp);
      return;
    }
    let pm = a + (n >>> 1);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = n >>> 3;
        pl = med3(v, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(v, pm - d, pm, pm + d, cmp);
        pn = med3(v, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(v, pl, pm, pn, cmp);
    }
    swap(v, a, pm);
    let pa = a + 1;
    let pb = pa;
    let pc = a + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(v[pb]!, v[a]!)) <= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(v, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(v[pc]!, v[a]!)) >= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(v, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(v, pb, pc);
      swapCnt = true;
      pb++;
      pc--;
    }
    if (!swapCnt) {
      insertionSort(v, a, n, cmp);
      return;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    vecswap(v, a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(v, pb, pn - r, r);
    // Recurse into a part only if it overlaps the wanted range.
    const overlaps = (s: number, m: number) => !((lr < s && rr < s) || (lr >= s + m && rr >= s + m));
    if ((r = pb - pa) > 1 && overlaps(a, r)) pqsortRange(v, a, r, cmp, lr, rr);
    if ((r = pd - pc) > 1) {
      a = pn - r;
      n = r;
      if (overlaps(a, n)) continue;
    }
    return;
  }
}

// --- the command ------------------------------------------------------------------

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: Pattern[] = [];
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (is(a, "ASC")) desc = false;
    else if (is(a, "DESC")) desc = true;
    else if (is(a, "ALPHA")) alpha = true;
    else if (is(a, "LIMIT") && left >= 2) {
      const s = intArg(c, argv[j + 1]!);
      if (s === null) return;
      const n = intArg(c, argv[j + 2]!);
      if (n === null) return;
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && is(a, "STORE") && left >= 1) {
      storekey = argv[++j]!;
    } else if (is(a, "BY") && left >= 1) {
      sortby = argv[++j]!;
      const nul = sortby.indexOf("\0");
      const star = sortby.indexOf("*");
      if (star === -1 || (nul !== -1 && star > nul)) dontsort = true;
    } else if (is(a, "GET") && left >= 1) {
      gets.push(compilePattern(argv[++j]!));
    } else {
      return err(c, E.SYNTAX);
    }
  }

  const found: Value | undefined = readKey(c, argv[1]!);
  let type: "list" | "set" | "zset" = "list";
  if (found !== undefined) {
    if (typeof found !== "object" || (found.type !== "list" && found.type !== "set" && found.type !== "zset")) {
      return err(c, E.WRONGTYPE);
    }
    type = found.type;
  }

  // An unsorted set would store (and replicate) in hash order: sort it instead.
  if (dontsort && type === "set" && storekey !== null) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }
  if (found !== undefined && type === "zset") (found as ZSet).big = true; // zsetConvert(..., SKIPLIST)

  let vectorlen = found === undefined ? 0 : type === "list" ? (found as ListValue).length : type === "set" ? (found as RSet).size : (found as ZSet).size;
  const fullLen = vectorlen;

  // LIMIT sanity checks, exactly as Redis.
  let start = Math.min(Math.max(limitStart, 0), vectorlen);
  limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  if ((type === "zset" || type === "list") && dontsort && (start !== 0 || end !== vectorlen - 1)) {
    vectorlen = end - start + 1;
  }

  const vector: SortItem[] = [];
  const item = (obj: string): void => {
    vector.push({ obj, score: 0, cmp: null });
  };
  if (found !== undefined) {
    if (type === "list" && dontsort) {
      const l = found as ListValue;
      if (end >= start) {
        let i = desc ? fullLen - start - 1 : start;
        for (let k = 0; k < vectorlen && i >= 0 && i < fullLen; k++, i += desc ? -1 : 1) item(l.at(i));
        end -= start;
        start = 0;
      }
    } else if (type === "list") {
      for (const s of (found as ListValue).toArray()) item(s);
    } else if (type === "set") {
      for (const e of (found as RSet).members()) item(elemStr(e));
    } else if (dontsort) {
      const p = (found as ZSet).tree.at(desc ? fullLen - 1 - start : start);
      if (p !== null) {
        for (let k = 0; k < vectorlen; k++) {
          item(p.ele);
          if (!(desc ? p.prev() : p.next())) break;
        }
      }
      end -= start;
      start = 0;
    } else {
      for (const ele of (found as ZSet).dict.keys()) item(ele);
    }
  }

  let conversionError = false;
  if (!dontsort) {
    const by = sortby !== null ? compilePattern(sortby) : null;
    for (let j = 0; j < vector.length; j++) {
      const it = vector[j]!;
      let byval: string | number | null;
      if (by !== null) {
        byval = lookupByPattern(c, by, it.obj);
        if (byval === null) continue;
      } else {
        byval = it.obj;
      }
      if (alpha) {
        if (by !== null) it.cmp = asString(byval);
      } else if (typeof byval === "number") {
        it.score = byval;
      } else {
        const sc = sortScore(byval);
        if (sc === null) conversionError = true;
        else it.score = sc;
      }
    }
    const cmp = comparator(alpha, sortby !== null, storekey !== null, desc);
    if (sortby !== null && (start !== 0 || end !== vector.length - 1)) {
      pqsortRange(vector, 0, vector.length, cmp, start, end);
    } else {
      vector.sort(cmp);
    }
  }

  const count = end - start + 1;
  const outputlen = gets.length > 0 ? gets.length * count : count;
  if (conversionError) return err(c, "ERR One or more scores can't be converted into double");

  if (storekey === null) {
    const w = c.w;
    w.arrayHeader(outputlen);
    for (let j = start; j <= end; j++) {
      const obj = vector[j]!.obj;
      if (gets.length === 0) w.bulk(obj);
      for (const g of gets) {
        const v = lookupByPattern(c, g, obj);
        if (v === null) w.nullBulk();
        else w.bulk(asString(v));
      }
    }
    return;
  }

  const out = new ListValue();
  for (let j = start; j <= end; j++) {
    const obj = vector[j]!.obj;
    if (gets.length === 0) {
      out.pushRight(obj);
      continue;
    }
    for (const g of gets) {
      const v = lookupByPattern(c, g, obj);
      out.pushRight(v === null ? "" : asString(v));
    }
  }
  if (outputlen > 0) {
    c.db.set(storekey, out);
    written(c, storekey, N.LIST, "sortstore");
    c.server.prop.dirty += outputlen - 1; // Redis counts every stored element
  } else if (c.db.delete(storekey)) {
    written(c, storekey, N.GENERIC, "del");
  }
  c.w.int(outputlen);
}

/** sortGetKeys: the sorted key, and the last STORE's destination. */
function sortKeys(argv: readonly string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (is(a, "LIMIT")) i += 2;
    else if (is(a, "GET") || is(a, "BY")) i += 1;
    else if (is(a, "STORE") && i + 1 < argv.length) store = i + 1;
  }
  if (store !== -1) keys.push(store);
  return keys;
}

export const sortCommands: CommandDef[] = [
  {
    name: "sort",
    arity: -2,
    flags: ["write", "denyoom", "movablekeys"],
    keys: [1, 1, 1],
    getKeys: sortKeys,
    handler: (c, argv) => sortGeneric(c, argv, false),
  },
  {
    name: "sort_ro",
    arity: -2,
    flags: ["readonly", "movablekeys"],
    keys: [1, 1, 1],
    getKeys: () => [1],
    handler: (c, argv) => sortGeneric(c, argv, true),
  },
];
