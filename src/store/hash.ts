// The hash value (Redis's t_hash.c).
//
// Representation. A small hash keeps its fields and values in one packed
// byte array (packed.ts: a listpack analogue, searched linearly), which costs
// a small fraction of a JS Map's memory; it moves to a Map, for good, once it
// has more than PK_MAX_ENTRIES fields, an element longer than PK_MAX_ELEM
// bytes or more than PK_MAX_BYTES bytes in all. In the Map, as for string
// values and set members, a field or value that is a canonical integer of up
// to 16 characters in the safe range is stored as a JS number (inline in the
// engine, no string cell); everything else is a latin1 string. Fields and
// values read from the packed form come back in that same stored form (Elem).
//
// Encoding: Redis 7.0 keeps a hash in a listpack while it has at most
// hash-max-listpack-entries fields and no field or value longer than
// hash-max-listpack-value bytes, and converts it to a hashtable for good on
// the first write that breaks either limit (hashTypeSet's checks: before the
// write on the lengths, after it on the count, even when the write only
// updated a field). `big` records that; it is independent of the
// representation above (a packed hash may be hashtable-encoded, a Map one
// listpack-encoded).
//
// Order: the packed form appends new fields, updates values in place and
// closes the gap of a deleted field; a Map iterates in insertion order, keeps
// an updated field in place and closes the gap of a deleted one: both are
// exactly a listpack's order, and the conversion keeps it. So small hashes
// list their fields (HGETALL, HKEYS, HSCAN...) in the same order as Redis;
// hashtable-encoded ones in insertion order (Redis: hash order).
//
// Random fields (HRANDFIELD): small hashes are walked (exact uniform pick).
// A large one switches, on its first random pick, to an indexed
// representation: the Map then holds each field's slot in two dense arrays
// (fields, values), kept up to date by every write with swap-remove on
// delete, so picks are O(1) and uniform. The Map still iterates in insertion
// order and its iterators stay live, so HSCAN and the listpack order are
// unaffected. Hashes that never see HRANDFIELD pay nothing for it.

import type { EncodingLimits } from "./limits.ts";
import {
  elemBytes,
  PK_HDR,
  PK_MAX_BYTES,
  PK_MAX_ELEM,
  PK_MAX_ENTRIES,
  pkAppendPair,
  pkAt,
  pkCopy,
  pkElem,
  pkEnd,
  pkFindField,
  pkFits,
  pkNew,
  pkNext,
  pkRemove,
  pkReplace,
} from "./packed.ts";
import { type Elem, SMALL_RANDOM, walkPick } from "./set.ts";
import { compactString, RObject } from "./types.ts";

/** The dense arrays of the indexed representation (see randomField). */
interface Index {
  keys: Elem[];
  vals: Elem[];
}

/**
 * A hash's representation and its accessors. Instance size matters with
 * millions of small hashes: JSC sizes the instances of a class by its fields
 * plus the non-method properties (getters included) of its prototype, so the
 * getters live here, on a base class, and Hash stays at four fields: 48
 * bytes instead of 64 (one slot, `x`, serves two purposes for the same
 * reason).
 */
abstract class HashState extends RObject {
  /**
   * null while packed; then field → value, or in the indexed representation
   * field → slot in the Index's keys / vals.
   */
  protected map: Map<Elem, Elem> | Map<Elem, number> | null = null;
  /**
   * While packed: the packed form (field, value, field, value...). Then: the
   * Index in the indexed representation, else null.
   */
  protected x: Uint8Array | Index | null;

  constructor(capacity?: number) {
    super();
    this.x = pkNew(capacity);
  }

  get size(): number {
    const map = this.map;
    return map === null ? (this.x as Uint8Array)[2]! : map.size;
  }

  /**
   * The packed form (see packed.ts) while the hash is small, else null: for
   * readers that write its bytes straight into a reply. Read-only.
   */
  get packed(): Uint8Array | null {
    return this.map === null ? (this.x as Uint8Array) : null;
  }
}

export class Hash extends HashState {
  readonly type = "hash" as const;
  /** Converted to the hashtable encoding (one-way). */
  big = false;

  /** An empty hash; `capacity` sizes its packed form (see packedSize). */
  constructor(capacity?: number) {
    super(capacity);
  }

  /**
   * Bytes the packed form needs for these field/value pairs (argv[from..]),
   * to size a new hash in one allocation; 0 when they would not stay packed.
   */
  static packedSize(fv: readonly string[], from = 0): number {
    let n = PK_HDR;
    for (let i = from; i < fv.length; i++) n += 1 + fv[i]!.length;
    return n <= PK_MAX_BYTES ? n : 0;
  }

  /**
   * A hash built from scratch from field/value pairs, encoded as Redis would
   * after loading it (RDB, RESTORE): listpack iff within both limits.
   */
  static fromPairs(fv: readonly string[], limits: EncodingLimits): Hash {
    const h = new Hash(Hash.packedSize(fv) || undefined);
    for (let i = 0; i + 1 < fv.length; i += 2) h.set(fv[i]!, fv[i + 1]!, limits);
    return h;
  }

  encoding(): string {
    return this.big ? "hashtable" : "listpack";
  }

  clone(): Hash {
    const h = new Hash(0);
    h.big = this.big;
    if (this.map === null) {
      h.x = pkCopy(this.x as Uint8Array);
    } else {
      h.map = new Map(this.entries());
      h.x = null;
    }
    return h;
  }

  /** The stored value of a field given in stored form, or undefined. */
  getElem(k: Elem): Elem | undefined {
    const map = this.map;
    if (map === null) {
      const lp = this.x as Uint8Array;
      const o = pkFindField(lp, elemBytes(k));
      return o < 0 ? undefined : pkElem(lp, pkNext(lp, o));
    }
    const v = map.get(k);
    const ix = this.x as Index | null;
    if (v === undefined || ix === null) return v;
    return ix.vals[v as number];
  }

  /** The stored value of a field (number or string), or undefined. */
  get(field: string): Elem | undefined {
    if (this.map === null) {
      const lp = this.x as Uint8Array;
      const o = pkFindField(lp, field);
      return o < 0 ? undefined : pkElem(lp, pkNext(lp, o));
    }
    return this.getElem(compactString(field));
  }

  has(field: string): boolean {
    const map = this.map;
    if (map === null) return pkFindField(this.x as Uint8Array, field) >= 0;
    return map.has(compactString(field));
  }

  /** The fields, in order (a live iterator; a snapshot while packed). */
  fields(): IterableIterator<Elem> {
    const map = this.map;
    if (map !== null) return map.keys();
    const lp = this.x as Uint8Array;
    const out: Elem[] = [];
    for (let o = PK_HDR, end = pkEnd(lp); o < end; o = pkNext(lp, pkNext(lp, o))) out.push(pkElem(lp, o));
    return out.values();
  }

  /** The values, in field order. */
  values(): IterableIterator<Elem> {
    const map = this.map;
    if (map === null) {
      const lp = this.x as Uint8Array;
      const out: Elem[] = [];
      for (let o = pkNext(lp, PK_HDR), end = pkEnd(lp); o < end; o = pkNext(lp, pkNext(lp, o))) out.push(pkElem(lp, o));
      return out.values();
    }
    if (this.x === null) return (map as Map<Elem, Elem>).values();
    return this.indexedValues();
  }

  /** Field/value pairs in order. */
  entries(): IterableIterator<[Elem, Elem]> {
    const map = this.map;
    if (map === null) {
      const lp = this.x as Uint8Array;
      const out: [Elem, Elem][] = [];
      for (let o = PK_HDR, end = pkEnd(lp); o < end; ) {
        const vo = pkNext(lp, o);
        out.push([pkElem(lp, o), pkElem(lp, vo)]);
        o = pkNext(lp, vo);
      }
      return out.values();
    }
    if (this.x === null) return (map as Map<Elem, Elem>).entries();
    return this.scan();
  }

  private *indexedValues(): IterableIterator<Elem> {
    for (const k of this.map!.keys()) yield this.getElem(k)!;
  }

  /**
   * Field/value pairs for HSCAN: a live iterator over the fields (robust to
   * changes) that reads each value when it gets there and skips fields
   * deleted meanwhile, even across a change of representation. While packed,
   * it walks a snapshot of the fields taken at the start.
   */
  *scan(): IterableIterator<[Elem, Elem]> {
    for (const k of this.fields()) {
      const v = this.getElem(k);
      if (v !== undefined) yield [k, v];
    }
  }

  /** Moves the fields from the packed form to a Map (one-way). */
  private unpack(lp: Uint8Array): Map<Elem, Elem> {
    const map = new Map<Elem, Elem>();
    for (let o = PK_HDR, end = pkEnd(lp); o < end; ) {
      const vo = pkNext(lp, o);
      map.set(pkElem(lp, o), pkElem(lp, vo));
      o = pkNext(lp, vo);
    }
    this.map = map;
    this.x = null;
    return map;
  }

  /**
   * hashTypeSet: stores value under field, converting to the hashtable
   * encoding when Redis would. Returns true when the field is new.
   */
  set(field: string, value: string, limits: EncodingLimits): boolean {
    if (!this.big && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.big = true;
    }
    if (this.map === null) {
      const lp = this.x as Uint8Array;
      const o = pkFindField(lp, field);
      if (o >= 0) {
        const vo = pkNext(lp, o);
        if (value.length <= PK_MAX_ELEM && pkFits(lp, value.length - lp[vo]!)) {
          this.x = pkReplace(lp, vo, value);
          if (!this.big && lp[2]! > limits.hashMaxListpackEntries) this.big = true;
          return false;
        }
      } else if (
        lp[2]! < PK_MAX_ENTRIES &&
        field.length <= PK_MAX_ELEM &&
        value.length <= PK_MAX_ELEM &&
        pkFits(lp, 2 + field.length + value.length)
      ) {
        const next = pkAppendPair(lp, field, value);
        this.x = next;
        if (!this.big && next[2]! > limits.hashMaxListpackEntries) this.big = true;
        return true;
      }
      this.unpack(lp);
    }
    const k = compactString(field);
    const v = compactString(value);
    let isNew: boolean;
    const ix = this.x as Index | null;
    if (ix === null) {
      const map = this.map as Map<Elem, Elem>;
      const before = map.size;
      map.set(k, v);
      isNew = map.size !== before;
    } else {
      const map = this.map as Map<Elem, number>;
      const slot = map.get(k);
      isNew = slot === undefined;
      if (slot === undefined) {
        map.set(k, ix.vals.length);
        ix.keys.push(k);
        ix.vals.push(v);
      } else {
        ix.vals[slot] = v;
      }
    }
    if (!this.big && this.map!.size > limits.hashMaxListpackEntries) this.big = true;
    return isNew;
  }

  /** hashTypeDelete: true when the field was there. */
  delete(field: string): boolean {
    if (this.map === null) {
      const lp = this.x as Uint8Array;
      const o = pkFindField(lp, field);
      if (o < 0) return false;
      this.x = pkRemove(lp, o, pkNext(lp, pkNext(lp, o)));
      return true;
    }
    const k = compactString(field);
    const ix = this.x as Index | null;
    if (ix === null) return this.map.delete(k);
    const map = this.map as Map<Elem, number>;
    const { keys, vals } = ix;
    const slot = map.get(k);
    if (slot === undefined) return false;
    map.delete(k);
    const lastKey = keys.pop()!;
    const lastVal = vals.pop()!;
    if (slot < keys.length) {
      keys[slot] = lastKey;
      vals[slot] = lastVal;
      map.set(lastKey, slot);
    }
    // Shrunk well below the size that needs the index: back to a plain Map.
    if (map.size <= SMALL_RANDOM / 2) {
      const plain = new Map<Elem, Elem>();
      for (const [f, s] of map) plain.set(f, vals[s]!);
      this.map = plain;
      this.x = null;
    }
    return true;
  }

  /** A uniformly random field (stored form); the hash must not be empty. */
  randomField(): Elem {
    const map = this.map;
    if (map === null) {
      const lp = this.x as Uint8Array;
      return pkElem(lp, pkAt(lp, 2 * Math.floor(Math.random() * lp[2]!)));
    }
    const n = map.size;
    if (n <= SMALL_RANDOM) return walkPick(map.keys(), n);
    let ix = this.x as Index | null;
    if (ix === null) {
      const keys: Elem[] = [];
      const vals: Elem[] = [];
      const indexed = new Map<Elem, number>();
      for (const [f, v] of map as Map<Elem, Elem>) {
        indexed.set(f, keys.length);
        keys.push(f);
        vals.push(v);
      }
      this.map = indexed;
      this.x = ix = { keys, vals };
    }
    return ix.keys[Math.floor(Math.random() * n)]!;
  }
}
