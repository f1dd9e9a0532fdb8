// The set value (Redis's t_set.c).
//
// Representation. A small set keeps its members in one packed byte array
// (packed.ts: a listpack analogue, searched linearly), a small fraction of a
// JS Set's memory; it moves to a JS Set, for good, once it has more than
// PK_MAX_ENTRIES members, a member longer than PK_MAX_ELEM bytes or more than
// PK_MAX_BYTES bytes in all. In the Set, a member that is a canonical integer
// of up to 16 characters in the safe range is stored as a JS number
// (compactString's rule, the same as for string values): numbers are kept
// inline by the engine, while every string is a separate heap cell, so
// integer sets take about half the memory. Each member has exactly one
// stored representation (Elem), also when read back from the packed form, so
// the stored elements of two sets can be compared directly.
//
// Encoding: Redis 7.0 keeps a set in an intset while every member is an
// integer (string2ll) and there are at most set-max-intset-entries of them;
// the first other member, or one too many, converts it to a hashtable for
// good (Redis 7.2's listpack sets do not exist in 7.0). `intset` records
// that. An intset is sorted, so its members come out in ascending order in
// Redis (SMEMBERS, SSCAN, SUNION results...); `members()` reproduces that
// order for intset-encoded sets: a packed one keeps its members sorted while
// it is intset-encoded, a larger one is sorted lazily (cached until the next
// write). Hashtable-encoded sets come out in insertion order (Redis: hash
// order).
//
// Random members (SPOP, SRANDMEMBER): small sets pick an exact uniform
// position by walking the Set. A large set switches, on its first random
// pick, to an indexed representation (a Map member → slot plus a dense array
// of the members, swap-remove on delete) giving O(1) uniform picks, kept up
// to date by every add and delete, and left again when the set shrinks back.
// Sets that never see a random command pay nothing for it.

import { parseIntStrict } from "../util/numbers.ts";
import type { EncodingLimits } from "./limits.ts";
import {
  elemBytes,
  PK_HDR,
  PK_MAX_ELEM,
  PK_MAX_ENTRIES,
  pkAt,
  pkCompareInt,
  pkCopy,
  pkElem,
  pkEnd,
  pkFind,
  pkFits,
  pkInsert,
  pkNew,
  pkNext,
  pkRemove,
} from "./packed.ts";
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

/**
 * A set's representation and its accessors. Instance size matters with
 * millions of small sets: JSC sizes the instances of a class by its fields
 * plus the non-method properties (getters included) of its prototype, so the
 * getters live here, on a base class, and RSet stays at four fields: 48
 * bytes instead of 64 (one slot, `x`, serves three purposes for the same
 * reason).
 */
abstract class SetState extends RObject {
  /**
   * null while packed; then the members: a Set normally, or once random picks
   * are needed on a large set, a Map from member to its slot in the dense
   * array `x` (see random()).
   */
  protected s: Set<Elem> | Map<Elem, number> | null = null;
  /**
   * While packed: the packed form (members; sorted while intset-encoded).
   * While `s` is a Map: the dense array of the members (uniform O(1) random
   * picks). While `s` is a Set: the members in ascending order if
   * intset-encoded (members()), null when stale.
   */
  protected x: Uint8Array | Elem[] | null;

  constructor(capacity?: number) {
    super();
    this.x = pkNew(capacity);
  }

  get size(): number {
    const s = this.s;
    return s === null ? (this.x as Uint8Array)[2]! : s.size;
  }

  /**
   * The packed form (see packed.ts) while the set is small, else null: for
   * readers that write its bytes straight into a reply. Its order is that of
   * members(). Read-only.
   */
  get packed(): Uint8Array | null {
    return this.s === null ? (this.x as Uint8Array) : null;
  }
}

export class RSet extends SetState {
  readonly type = "set" as const;
  /** Still intset-encoded in Redis's terms (one-way: cleared, never set again). */
  intset = true;

  /** An empty set; `capacity` sizes its packed form. */
  constructor(capacity?: number) {
    super(capacity);
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

  encoding(): string {
    return this.intset ? "intset" : "hashtable";
  }

  clone(): RSet {
    const r = new RSet(0);
    r.intset = this.intset;
    if (this.s === null) {
      r.x = pkCopy(this.x as Uint8Array);
    } else {
      r.s = new Set(this.s.keys());
      r.x = null;
    }
    return r;
  }

  /** The members of the packed form, decoded (a snapshot). */
  private unpacked(lp: Uint8Array): Elem[] {
    const out: Elem[] = [];
    for (let o = PK_HDR, end = pkEnd(lp); o < end; o = pkNext(lp, o)) out.push(pkElem(lp, o));
    return out;
  }

  /**
   * The members in storage order: a live iterator (robust to changes), or
   * while packed an iterator over a snapshot taken now.
   */
  elems(): IterableIterator<Elem> {
    const s = this.s;
    return s === null ? this.unpacked(this.x as Uint8Array).values() : s.keys();
  }

  /**
   * The members for SSCAN: elems(), except that while packed, members
   * removed since the snapshot was taken are skipped.
   */
  scan(): IterableIterator<Elem> {
    const s = this.s;
    return s === null ? this.scanSnapshot(this.unpacked(this.x as Uint8Array)) : s.keys();
  }

  private *scanSnapshot(snap: Elem[]): IterableIterator<Elem> {
    for (const e of snap) if (this.hasElem(e)) yield e;
  }

  has(member: string): boolean {
    const s = this.s;
    if (s === null) return pkFind(this.x as Uint8Array, member) >= 0;
    return s.has(compactString(member));
  }

  hasElem(e: Elem): boolean {
    const s = this.s;
    if (s === null) return pkFind(this.x as Uint8Array, elemBytes(e)) >= 0;
    return s.has(e);
  }

  /** Moves the members from the packed form to a Set (one-way). */
  private unpack(lp: Uint8Array): void {
    this.s = new Set(this.unpacked(lp));
    this.x = null;
  }

  /**
   * setTypeAdd on the packed form: 1 when added, 0 when already there, -1
   * when the member does not fit (the set has been unpacked: add it there).
   */
  private addPacked(lp: Uint8Array, m: string, limits: EncodingLimits): number {
    if (pkFind(lp, m) >= 0) return 0;
    if (lp[2]! >= PK_MAX_ENTRIES || m.length > PK_MAX_ELEM || !pkFits(lp, 1 + m.length)) {
      this.unpack(lp);
      return -1;
    }
    let at = pkEnd(lp);
    if (this.intset) {
      if (parseIntStrict(m) === null) {
        this.intset = false;
      } else {
        // Keep an intset-encoded packed set sorted, as an intset is.
        const end = at;
        at = PK_HDR;
        while (at < end && pkCompareInt(lp, at, m) > 0) at = pkNext(lp, at);
      }
    }
    const next = pkInsert(lp, at, m);
    this.x = next;
    if (this.intset && next[2]! > limits.setMaxIntsetEntries) this.intset = false;
    return 1;
  }

  /** setTypeAdd: true when the member was new. */
  add(member: string, limits: EncodingLimits): boolean {
    if (this.s === null) {
      const r = this.addPacked(this.x as Uint8Array, member, limits);
      if (r >= 0) return r === 1;
    }
    return this.addElem(compactString(member), limits);
  }

  addElem(e: Elem, limits: EncodingLimits): boolean {
    if (this.s === null) {
      const r = this.addPacked(this.x as Uint8Array, elemBytes(e), limits);
      if (r >= 0) return r === 1;
    }
    const s = this.s!;
    if (s instanceof Set) {
      const before = s.size;
      s.add(e);
      if (s.size === before) return false;
      this.x = null;
    } else {
      if (s.has(e)) return false;
      const items = this.x as Elem[];
      s.set(e, items.length);
      items.push(e);
    }
    if (this.intset && (s.size > limits.setMaxIntsetEntries || !isIntElem(e))) this.intset = false;
    return true;
  }

  /** setTypeRemove: true when the member was there. */
  delete(member: string): boolean {
    if (this.s === null) return this.deletePacked(this.x as Uint8Array, member);
    return this.deleteElem(compactString(member));
  }

  private deletePacked(lp: Uint8Array, m: string): boolean {
    const o = pkFind(lp, m);
    if (o < 0) return false;
    this.x = pkRemove(lp, o, pkNext(lp, o));
    return true;
  }

  deleteElem(e: Elem): boolean {
    const s = this.s;
    if (s === null) return this.deletePacked(this.x as Uint8Array, elemBytes(e));
    if (s instanceof Set) {
      if (!s.delete(e)) return false;
      this.x = null;
      return true;
    }
    const slot = s.get(e);
    if (slot === undefined) return false;
    const items = this.x as Elem[];
    s.delete(e);
    const last = items.pop()!;
    if (slot < items.length) {
      items[slot] = last;
      s.set(last, slot);
    }
    // Shrunk well below the size that needs the index: back to a plain Set.
    if (s.size <= SMALL_RANDOM / 2) {
      this.s = new Set(s.keys());
      this.x = null;
    }
    return true;
  }

  /** Members in the order Redis would list them (ascending for an intset). */
  members(): Iterable<Elem> {
    const s = this.s;
    if (s === null) return this.unpacked(this.x as Uint8Array);
    if (!this.intset || s.size < 2) return s.keys();
    // With the random index, x holds that: sort without caching.
    if (s instanceof Map) return Array.from(s.keys()).sort(compareInts);
    let sorted = this.x as Elem[] | null;
    if (sorted === null) {
      sorted = Array.from(s.keys());
      sorted.sort(compareInts);
      this.x = sorted;
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
    const s = this.s;
    if (s === null) {
      const lp = this.x as Uint8Array;
      return pkElem(lp, pkAt(lp, Math.floor(Math.random() * lp[2]!)));
    }
    const n = s.size;
    if (n <= SMALL_RANDOM) return walkPick(s.keys(), n);
    if (s instanceof Map) return (this.x as Elem[])[Math.floor(Math.random() * n)]!;
    const items: Elem[] = [];
    const map = new Map<Elem, number>();
    for (const e of s) {
      map.set(e, items.length);
      items.push(e);
    }
    this.s = map;
    this.x = items;
    return items[Math.floor(Math.random() * n)]!;
  }
}
