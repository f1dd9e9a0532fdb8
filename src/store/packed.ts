// The packed form of small hashes and sets: a JS analogue of Redis's listpack.
//
// Many small hashes and sets are the typical Redis dataset (a million user
// objects of five fields...). A JS Map or Set costs most of a kilobyte even
// when it holds five entries, and every field, value or member held as a JS
// string costs a string cell plus a separately allocated body (~50 bytes for
// a short one). So a small hash or set keeps all its bytes in one Uint8Array
// instead (48 bytes of overhead plus the bytes), searched linearly, and is
// converted to a Map/Set (for good) when it outgrows the limits below. Those
// limits are internal: what OBJECT ENCODING reports is decided separately,
// by Redis's rules.
//
// Layout:
//   [0..1]  end: bytes in use, header included (little-endian u16)
//   [2]     count: entries (hash fields, or set members)
//   [3..]   elements, each a length byte then its bytes; a hash stores
//           field, value, field, value... in order, a set its members.
// Bytes from `end` to the array's length are spare capacity, so most writes
// edit the array in place without allocating.
//
// Elements are raw bytes (latin1 chars). Read back as a stored element
// (Elem) they take compactString's canonical form: a canonical integer of up
// to 16 characters in the safe range comes back as a number, so elements read
// from a packed value compare equal to the same elements in a Map or Set.

import type { Elem } from "./set.ts";

export const PK_HDR = 3;
/**
 * Most entries (hash fields / set members) a packed value holds. Measured
 * (bench/hashes-sets.bench.ts, in-process dispatch): up to 16 entries, HGET,
 * SISMEMBER and SADD on a packed value are as fast as on a Map/Set or faster,
 * HSET of an existing field within ~6% (it may move the bytes after the
 * value); at 24-32 entries the linear search costs 10-30%.
 */
export const PK_MAX_ENTRIES = 16;
/** Longest element a packed value holds (its length must fit the length byte). */
export const PK_MAX_ELEM = 255;
/** Most bytes (header included) a packed value holds. */
export const PK_MAX_BYTES = 1024;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, a: number, b: number): string })
  .latin1Slice;

/** A new empty packed value with room for `cap` bytes. */
export function pkNew(cap = 32): Uint8Array {
  const lp = new Uint8Array(cap < PK_HDR ? PK_HDR : cap);
  lp[0] = PK_HDR;
  return lp;
}

export function pkEnd(lp: Uint8Array): number {
  return lp[0]! | (lp[1]! << 8);
}

function setEnd(lp: Uint8Array, end: number): void {
  lp[0] = end & 0xff;
  lp[1] = end >>> 8;
}

export function pkCount(lp: Uint8Array): number {
  return lp[2]!;
}

/** Would n more bytes still fit the byte limit? */
export function pkFits(lp: Uint8Array, n: number): boolean {
  return pkEnd(lp) + n <= PK_MAX_BYTES;
}

/** Offset just past the element at o. */
export function pkNext(lp: Uint8Array, o: number): number {
  return o + 1 + lp[o]!;
}

/** Does the element at o hold exactly the bytes of s? */
export function pkEquals(lp: Uint8Array, o: number, s: string): boolean {
  const n = s.length;
  if (lp[o] !== n) return false;
  const b = o + 1;
  for (let i = 0; i < n; i++) if (lp[b + i] !== s.charCodeAt(i)) return false;
  return true;
}

// The searches compare lengths, then the last byte (names sharing a prefix,
// "field:1", "field:2"..., differ there), then the rest.

/** Offset of the member s (set layout), or -1. */
export function pkFind(lp: Uint8Array, s: string): number {
  return pkFindEvery(lp, s, 1);
}

/** Offset of the field s (hash layout: fields at even positions), or -1. */
export function pkFindField(lp: Uint8Array, s: string): number {
  return pkFindEvery(lp, s, 2);
}

/**
 * Offset of the first element equal to s at a position multiple of `step`
 * (1: set members, 2: hash fields), or -1.
 */
function pkFindEvery(lp: Uint8Array, s: string, step: 1 | 2): number {
  const n = s.length;
  if (n === 0) return pkFindEmpty(lp, step);
  const last = s.charCodeAt(n - 1);
  const end = pkEnd(lp);
  let o = PK_HDR;
  while (o < end) {
    const l = lp[o]!;
    if (l === n && lp[o + n] === last) {
      const b = o + 1;
      let i = 0;
      while (i < n && lp[b + i] === s.charCodeAt(i)) i++;
      if (i === n) return o;
    }
    o += 1 + l;
    if (step === 2) o += 1 + lp[o]!;
  }
  return -1;
}

/** Offset of the first empty element at a position multiple of `step`, or -1. */
function pkFindEmpty(lp: Uint8Array, step: number): number {
  const end = pkEnd(lp);
  for (let o = PK_HDR, k = 0; o < end; o += 1 + lp[o]!, k++) if (k % step === 0 && lp[o] === 0) return o;
  return -1;
}

/** Offset of the index-th element (0-based, counting every element). */
export function pkAt(lp: Uint8Array, index: number): number {
  let o = PK_HDR;
  for (let i = 0; i < index; i++) o += 1 + lp[o]!;
  return o;
}

/** The bytes of the element at o, as a latin1 string. */
export function pkString(lp: Uint8Array, o: number): string {
  const n = lp[o]!;
  if (n === 0) return "";
  if (n === 1) return String.fromCharCode(lp[o + 1]!);
  return latin1Slice.call(lp, o + 1, o + 1 + n);
}

/** The element at o in stored form (compactString's rule, read from the bytes). */
export function pkElem(lp: Uint8Array, o: number): Elem {
  const n = lp[o]!;
  if (n === 0 || n > 16) return pkString(lp, o);
  let i = o + 1;
  const last = i + n;
  const neg = lp[i] === 45;
  if (neg) {
    if (n === 1) return "-";
    i++;
  }
  const first = lp[i]!;
  if (first < 48 || first > 57) return pkString(lp, o);
  if (first === 48) return n === 1 ? 0 : pkString(lp, o);
  let v = 0;
  for (; i < last; i++) {
    const c = lp[i]! - 48;
    if (c < 0 || c > 9) return pkString(lp, o);
    v = v * 10 + c;
  }
  if (v > MAX_SAFE) return pkString(lp, o);
  return neg ? -v : v;
}

/** The bytes of a stored element. */
export function elemBytes(e: Elem): string {
  return typeof e === "number" ? String(e) : e;
}

/**
 * Ascending integer order of s against the element at o, both canonical
 * integers (string2ll's form: no '+', no leading zeros): sign, then length,
 * then bytes. Negative when s sorts first.
 */
export function pkCompareInt(lp: Uint8Array, o: number, s: string): number {
  const sn = s.charCodeAt(0) === 45;
  const en = lp[o + 1] === 45;
  if (sn !== en) return sn ? -1 : 1;
  const dir = sn ? -1 : 1;
  const ls = s.length;
  const le = lp[o]!;
  if (ls !== le) return ls < le ? -dir : dir;
  const b = o + 1;
  for (let i = 0; i < ls; i++) {
    const d = s.charCodeAt(i) - lp[b + i]!;
    if (d !== 0) return d < 0 ? -dir : dir;
  }
  return 0;
}

/** Spare capacity beyond what a write needs, so a run of small writes reallocates rarely. */
function grown(lp: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array((need + 16) & ~15);
  const end = pkEnd(lp);
  if (end <= 32) for (let i = 0; i < end; i++) next[i] = lp[i]!;
  else next.set(lp.subarray(0, end));
  return next;
}

/**
 * Moves lp[from, end) to start at `to` (within capacity). copyWithin (a
 * memmove) measured faster than a JS loop even for a few bytes.
 */
function shift(lp: Uint8Array, from: number, to: number, end: number): void {
  if (end > from && from !== to) lp.copyWithin(to, from, end);
}

function put(lp: Uint8Array, o: number, s: string): number {
  const n = s.length;
  lp[o++] = n;
  for (let i = 0; i < n; i++) lp[o + i] = s.charCodeAt(i);
  return o + n;
}

/**
 * Inserts one element (a set member) at offset o (pkEnd to append), counting
 * one more entry. Returns the array, reallocated if it had no room. The
 * caller has checked the limits.
 */
export function pkInsert(lp: Uint8Array, o: number, s: string): Uint8Array {
  const end = pkEnd(lp);
  const add = 1 + s.length;
  if (end + add > lp.length) lp = grown(lp, end + add);
  shift(lp, o, o + add, end);
  put(lp, o, s);
  setEnd(lp, end + add);
  lp[2] = lp[2]! + 1;
  return lp;
}

/** Appends a field and its value (hash layout), counting one more entry. */
export function pkAppendPair(lp: Uint8Array, f: string, v: string): Uint8Array {
  const end = pkEnd(lp);
  const next = end + 2 + f.length + v.length;
  if (next > lp.length) lp = grown(lp, next);
  put(lp, put(lp, end, f), v);
  setEnd(lp, next);
  lp[2] = lp[2]! + 1;
  return lp;
}

/** Replaces the element at o with s (a hash value); the entry count is unchanged. */
export function pkReplace(lp: Uint8Array, o: number, s: string): Uint8Array {
  const end = pkEnd(lp);
  const old = lp[o]!;
  const delta = s.length - old;
  if (delta !== 0) {
    if (end + delta > lp.length) lp = grown(lp, end + delta);
    shift(lp, o + 1 + old, o + 1 + s.length, end);
    setEnd(lp, end + delta);
  }
  put(lp, o, s);
  return lp;
}

/**
 * Removes the elements from o up to `to` (one entry: a member, or a field and
 * its value), counting one entry fewer. A value left mostly empty is shrunk.
 */
export function pkRemove(lp: Uint8Array, o: number, to: number): Uint8Array {
  const end = pkEnd(lp);
  shift(lp, to, o, end);
  const next = end - (to - o);
  setEnd(lp, next);
  lp[2] = lp[2]! - 1;
  if (lp.length > 64 && next * 4 <= lp.length) {
    const small = new Uint8Array((next + 16) & ~15);
    for (let i = 0; i < next; i++) small[i] = lp[i]!;
    return small;
  }
  return lp;
}

/** A copy holding just the bytes in use (clones). */
export function pkCopy(lp: Uint8Array): Uint8Array {
  return lp.slice(0, pkEnd(lp));
}

/** Approximate heap bytes of a packed value (MEMORY USAGE): the typed array object plus its storage. */
export function pkHeapBytes(lp: Uint8Array): number {
  return 48 + ((lp.length + 15) & ~15);
}
