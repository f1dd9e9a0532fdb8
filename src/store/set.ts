// The set value (Redis's t_set.c).
//
// Members live in one JS Set. A member that is a canonical integer of up to
// 16 characters in the safe range is stored as a JS number (compactString's
// rule, the same as for string values): numbers are kept inline by the
// engine, while every string is a separate heap cell, so integer sets take
// about half the memory. Each member has exactly one representation, so the
// stored elements of two sets can be compared directly.
//
// Encoding: Redis 7.0 keeps a set in an intset while every member is an
// integer (string2ll) and there are at most set-max-intset-entries of them;
// the first other member, or one too many, converts it to a hashtable for
// good (Redis 7.2's listpack sets do not exist in 7.0). `intset` records
// that. An intset is sorted, so its members come out in ascending order in
// Redis (SMEMBERS, SSCAN, SUNION results...); `members()` reproduces that
// order for intset-encoded sets (sorted lazily, cached until the next write).
// Hashtable-encoded sets come out in insertion order (Redis: hash order).
//
// Random members (SPOP, SRANDMEMBER): small sets pick an exact uniform
// position by walking the Set. A large set switches, on its first random
// pick, to an indexed representation (a Map member → slot plus a dense array
// of the members, swap-remove on delete) giving O(1) uniform picks, kept up
// to date by every add and delete, and left again when the set shrinks back.
// Sets that never see a random command pay nothing for it.

import { parseIntStrict } from "../util/numbers.ts";
import type { EncodingLimits } from "./limits.ts";
import { compactString, RObject } from "./types.ts";

/** A stored element: a canonical safe integer as a number, anything else as a latin1 string. */
export type Elem = string | number;

/** Collections up to this size pick random elements by walking; larger ones get an index. */
export const SMALL_RANDOM = 128;

/** The stored form of an element given as bytes. */
export const elemOf: (s: string) => Elem = compactString;

/** The bytes of a stored element. */
export function elemStr(e: Elem): string {
  return typeof e === "number" ? String(e) : e;
}

/** Byte length of a stored element. */
export function elemLen(e: Elem): number {
  return typeof e === "number" ? String(e).length : e.length;
}

/** Would Redis's string2ll accept this element (i.e. can it live in an intset)? */
export function isIntElem(e: Elem): boolean {
  if (typeof e === "number") return true;
  // Numbers stored as strings are only the canonical ones beyond 2^53.
  return e.length >= 16 && e.length <= 20 && parseIntStrict(e) !== null;
}

/** Ascending integer order for intset members (numbers, or int64 strings beyond 2^53). */
function compareInts(a: Elem, b: Elem): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A uniformly chosen element of a small collection, by walking it. */
export function walkPick<T>(it: Iterable<T>, size: number): T {
  let i = Math.floor(Math.random() * size);
  for (const e of it) if (i-- === 0) return e;
  throw new Error("walkPick: collection smaller than its size");
}

export class RSet extends RObject {
  readonly type = "set" as const;
  /**
   * The members. A Set normally; once random picks are needed on a large set,
   * a Map from member to its slot in `items` (see random()).
   */
  private s: Set<Elem> | Map<Elem, number>;
  /** Dense array of the members while `s` is a Map (uniform O(1) random picks), else null. */
  private items: Elem[] | null = null;
  /** Still intset-encoded in Redis's terms (one-way: cleared, never set again). */
  intset: boolean;
  /** Members in ascending order while intset-encoded; null when stale. */
  private sortedCache: Elem[] | null = null;

  constructor(s: Set<Elem> = new Set(), intset = true) {
    super();
    this.s = s;
    this.intset = intset;
  }

  /**
   * A set built from scratch the way Redis creates one and adds each member
   * (SADD on a new key, SINTERSTORE results, SPOP's survivors, RDB load):
   * intset iff every member is an integer and there are few enough.
   */
  static from(members: Iterable<Elem>, limits: EncodingLimits): RSet {
    const r = new RSet();
    for (const e of members) r.addElem(e, limits);
    return r;
  }

  /** RSet.from for members given as bytes (RDB load, RESTORE). */
  static fromMembers(members: Iterable<string>, limits: EncodingLimits): RSet {
    const r = new RSet();
    for (const m of members) r.add(m, limits);
    return r;
  }

  get size(): number {
    return this.s.size;
  }

  encoding(): string {
    return this.intset ? "intset" : "hashtable";
  }

  clone(): RSet {
    return new RSet(new Set(this.s.keys()), this.intset);
  }

  /** The members in storage order (a live iterator: robust to changes, as SSCAN needs). */
  elems(): IterableIterator<Elem> {
    return this.s.keys();
  }

  has(member: string): boolean {
    return this.s.has(compactString(member));
  }

  hasElem(e: Elem): boolean {
    return this.s.has(e);
  }

  /** setTypeAdd: true when the member was new. */
  add(member: string, limits: EncodingLimits): boolean {
    return this.addElem(compactString(member), limits);
  }

  addElem(e: Elem, limits: EncodingLimits): boolean {
    const s = this.s;
    const before = s.size;
    const items = this.items;
    if (items === null) {
      (s as Set<Elem>).add(e);
      if (s.size === before) return false;
    } else {
      if (s.has(e)) return false;
      (s as Map<Elem, number>).set(e, items.length);
      items.push(e);
    }
    this.sortedCache = null;
    if (this.intset && (s.size > limits.setMaxIntsetEntries || !isIntElem(e))) this.intset = false;
    return true;
  }

  /** setTypeRemove: true when the member was there. */
  delete(member: string): boolean {
    return this.deleteElem(compactString(member));
  }

  deleteElem(e: Elem): boolean {
    const items = this.items;
    if (items === null) {
      if (!this.s.delete(e)) return false;
    } else {
      const map = this.s as Map<Elem, number>;
      const slot = map.get(e);
      if (slot === undefined) return false;
      map.delete(e);
      const last = items.pop()!;
      if (slot < items.length) {
        items[slot] = last;
        map.set(last, slot);
      }
      // Shrunk well below the size that needs the index: back to a plain Set.
      if (map.size <= SMALL_RANDOM / 2) {
        this.s = new Set(map.keys());
        this.items = null;
      }
    }
    this.sortedCache = null;
    return true;
  }

  /** Members in the order Redis would list them (ascending for an intset). */
  members(): Iterable<Elem> {
    if (!this.intset || this.s.size < 2) return this.s.keys();
    let sorted = this.sortedCache;
    if (sorted === null) {
      sorted = Array.from(this.s.keys());
      sorted.sort(compareInts);
      this.sortedCache = sorted;
    }
    return sorted;
  }

  /**
   * A uniformly random member; the set must not be empty. Small sets are
   * walked; a large one switches (once) to the indexed representation: a
   * Map member → slot plus a dense array, kept up to date by every add and
   * delete (swap-remove). That costs ~25 bytes per member more than the
   * plain Set, paid only by sets that see random commands.
   */
  random(): Elem {
    const n = this.s.size;
    if (n <= SMALL_RANDOM) return walkPick(this.s.keys(), n);
    let items = this.items;
    if (items === null) {
      items = [];
      const map = new Map<Elem, number>();
      for (const e of this.s.keys()) {
        map.set(e, items.length);
        items.push(e);
      }
      this.s = map;
      this.items = items;
    }
    return items[Math.floor(Math.random() * n)]!;
  }
}
