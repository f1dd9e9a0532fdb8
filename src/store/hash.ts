// The hash value (Redis's t_hash.c).
//
// Fields and values live in one JS Map. As for string values and set
// members, a field or value that is a canonical integer of up to 16
// characters in the safe range is stored as a JS number (inline in the
// engine, no string cell); everything else is a latin1 string.
//
// Encoding: Redis 7.0 keeps a hash in a listpack while it has at most
// hash-max-listpack-entries fields and no field or value longer than
// hash-max-listpack-value bytes, and converts it to a hashtable for good on
// the first write that breaks either limit (hashTypeSet's checks: before the
// write on the lengths, after it on the count, even when the write only
// updated a field). `big` records that.
//
// Order: a Map iterates in insertion order, keeps an updated field in place
// and closes the gap of a deleted one: exactly a listpack's order. So small
// hashes list their fields (HGETALL, HKEYS, HSCAN...) in the same order as
// Redis; hashtable-encoded ones in insertion order (Redis: hash order).
//
// Random fields (HRANDFIELD): small hashes are walked (exact uniform pick).
// A large one switches, on its first random pick, to an indexed
// representation: the Map then holds each field's slot in two dense arrays
// (fields, values), kept up to date by every write with swap-remove on
// delete, so picks are O(1) and uniform. The Map still iterates in insertion
// order and its iterators stay live, so HSCAN and the listpack order are
// unaffected. Hashes that never see HRANDFIELD pay nothing for it.

import type { EncodingLimits } from "./limits.ts";
import { type Elem, SMALL_RANDOM, walkPick } from "./set.ts";
import { compactString, RObject } from "./types.ts";

export class Hash extends RObject {
  readonly type = "hash" as const;
  /** field → value; in the indexed representation, field → slot in keys/vals. */
  private map: Map<Elem, Elem> | Map<Elem, number>;
  /** Dense arrays of the fields and values (indexed representation), else null. */
  private keys: Elem[] | null = null;
  private vals: Elem[] | null = null;
  /** Converted to the hashtable encoding (one-way). */
  big: boolean;

  constructor(map: Map<Elem, Elem> = new Map(), big = false) {
    super();
    this.map = map;
    this.big = big;
  }

  /**
   * A hash built from scratch from field/value pairs, encoded as Redis would
   * after loading it (RDB, RESTORE): listpack iff within both limits.
   */
  static fromPairs(fv: readonly string[], limits: EncodingLimits): Hash {
    const h = new Hash();
    for (let i = 0; i + 1 < fv.length; i += 2) h.set(fv[i]!, fv[i + 1]!, limits);
    return h;
  }

  get size(): number {
    return this.map.size;
  }

  encoding(): string {
    return this.big ? "hashtable" : "listpack";
  }

  clone(): Hash {
    return new Hash(new Map(this.entries()), this.big);
  }

  /** The stored value of a field given in stored form, or undefined. */
  getElem(k: Elem): Elem | undefined {
    const v = this.map.get(k);
    if (v === undefined || this.vals === null) return v;
    return this.vals[v as number];
  }

  /** The stored value of a field (number or string), or undefined. */
  get(field: string): Elem | undefined {
    return this.getElem(compactString(field));
  }

  has(field: string): boolean {
    return this.map.has(compactString(field));
  }

  /** The fields, in order (a live iterator). */
  fields(): IterableIterator<Elem> {
    return this.map.keys();
  }

  /** The values, in field order. */
  values(): IterableIterator<Elem> {
    if (this.vals === null) return (this.map as Map<Elem, Elem>).values();
    return this.indexedValues();
  }

  /** Field/value pairs in order. */
  entries(): IterableIterator<[Elem, Elem]> {
    if (this.vals === null) return (this.map as Map<Elem, Elem>).entries();
    return this.scan();
  }

  private *indexedValues(): IterableIterator<Elem> {
    for (const k of this.map.keys()) yield this.getElem(k)!;
  }

  /**
   * Field/value pairs for HSCAN: a live iterator over the fields (robust to
   * changes) that reads each value when it gets there and skips fields
   * deleted meanwhile, even across a change of representation.
   */
  *scan(): IterableIterator<[Elem, Elem]> {
    for (const k of this.map.keys()) {
      const v = this.getElem(k);
      if (v !== undefined) yield [k, v];
    }
  }

  /**
   * hashTypeSet: stores value under field, converting to the hashtable
   * encoding when Redis would. Returns true when the field is new.
   */
  set(field: string, value: string, limits: EncodingLimits): boolean {
    if (!this.big && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.big = true;
    }
    const k = compactString(field);
    const v = compactString(value);
    let isNew: boolean;
    const vals = this.vals;
    if (vals === null) {
      const map = this.map as Map<Elem, Elem>;
      const before = map.size;
      map.set(k, v);
      isNew = map.size !== before;
    } else {
      const map = this.map as Map<Elem, number>;
      const slot = map.get(k);
      isNew = slot === undefined;
      if (slot === undefined) {
        map.set(k, vals.length);
        this.keys!.push(k);
        vals.push(v);
      } else {
        vals[slot] = v;
      }
    }
    if (!this.big && this.map.size > limits.hashMaxListpackEntries) this.big = true;
    return isNew;
  }

  /** hashTypeDelete: true when the field was there. */
  delete(field: string): boolean {
    const k = compactString(field);
    const vals = this.vals;
    if (vals === null) return this.map.delete(k);
    const map = this.map as Map<Elem, number>;
    const keys = this.keys!;
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
      this.keys = this.vals = null;
    }
    return true;
  }

  /** A uniformly random field (stored form); the hash must not be empty. */
  randomField(): Elem {
    const n = this.map.size;
    if (n <= SMALL_RANDOM) return walkPick(this.map.keys(), n);
    let keys = this.keys;
    if (keys === null) {
      keys = [];
      const vals: Elem[] = [];
      const map = new Map<Elem, number>();
      for (const [f, v] of this.map as Map<Elem, Elem>) {
        map.set(f, keys.length);
        keys.push(f);
        vals.push(v);
      }
      this.map = map;
      this.keys = keys;
      this.vals = vals;
    }
    return keys[Math.floor(Math.random() * n)]!;
  }
}
