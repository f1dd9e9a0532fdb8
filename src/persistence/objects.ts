// Keyspace values ⇄ RDB objects: which RDB type Redis 7.0 would write for a
// value (the one matching its OBJECT ENCODING), and how a loaded value
// becomes a keyspace object (encoding chosen by size, as Redis's loader
// does).

import { FormatError } from "./bytes.ts";
import { ListpackBuilder } from "./listpack.ts";
import { type PlainValue, RdbType, type RdbWriter } from "./rdb.ts";
import { Hash } from "../store/hash.ts";
import type { EncodingLimits } from "../store/limits.ts";
import { listFromItems, listItems, listLength } from "./listadapter.ts";
import { RSet, type Elem } from "../store/set.ts";
import { compactString, RawString, type Value } from "../store/types.ts";
import { StreamValue } from "../store/stream.ts";
import { ZSet } from "../store/zset.ts";

function addElem(b: ListpackBuilder, e: Elem): void {
  if (typeof e === "number") b.addInt(e);
  else b.add(e);
}

/** The RDB type byte Redis 7.0 writes for a value. */
export function rdbTypeOf(v: Value): number {
  if (typeof v !== "object" || v instanceof RawString) return RdbType.STRING;
  switch (v.type) {
    case "list":
      return RdbType.LIST_QUICKLIST_2;
    case "hash":
      return (v as Hash).big ? RdbType.HASH : RdbType.HASH_LISTPACK;
    case "set":
      return (v as RSet).intset ? RdbType.SET_INTSET : RdbType.SET;
    case "zset":
      return (v as ZSet).big ? RdbType.ZSET_2 : RdbType.ZSET_LISTPACK;
    case "stream":
      return RdbType.STREAM_LISTPACKS_2;
    default:
      throw new Error(`cannot serialize a ${v.type} value`);
  }
}

/** Writes a value's type byte (rdbSaveObjectType). */
export function writeObjectType(rw: RdbWriter, v: Value): void {
  rw.type(rdbTypeOf(v));
}

/** Writes a value's payload (rdbSaveObject), in the encoding of rdbTypeOf(v). */
export function writeObject(rw: RdbWriter, v: Value, limits: EncodingLimits): void {
  if (typeof v === "string") return rw.string(v);
  if (typeof v === "number") return rw.int(v);
  if (v instanceof RawString) return rw.string(v.s);
  switch (v.type) {
    case "list":
      rw.listQuicklist2(listItems(v), limits.listMaxListpackSize);
      return;
    case "hash": {
      const h = v as Hash;
      if (!h.big) {
        const b = new ListpackBuilder(rw.lp);
        for (const [f, val] of h.entries()) {
          addElem(b, f);
          addElem(b, val);
        }
        rw.blob(b.finish());
        return;
      }
      rw.len(h.size);
      for (const [f, val] of h.entries()) {
        rw.stringValue(f);
        rw.stringValue(val);
        rw.maybeFlush();
      }
      return;
    }
    case "set": {
      const s = v as RSet;
      if (s.intset) {
        const members: string[] = [];
        for (const e of s.elems()) members.push(typeof e === "number" ? String(e) : e);
        rw.setIntset(members);
        return;
      }
      rw.len(s.size);
      for (const e of s.elems()) {
        rw.stringValue(e);
        rw.maybeFlush();
      }
      return;
    }
    case "zset": {
      const z = v as ZSet;
      if (!z.big) {
        const pairs: [string, number][] = [];
        z.tree.forEach((ele, score) => pairs.push([ele, score]));
        rw.zsetListpack(pairs);
        return;
      }
      // From the greatest to the smallest, as Redis saves (O(1) inserts on load).
      rw.len(z.dict.size);
      const p = z.tree.last();
      if (p !== null) {
        do {
          rw.string(p.ele);
          rw.binaryDouble(p.score);
          rw.maybeFlush();
        } while (p.prev());
      }
      return;
    }
    case "stream":
      rw.streamListpacks2((v as StreamValue).toPlain());
      return;
    default:
      throw new Error(`cannot serialize a ${v.type} value`);
  }
}

/** Element count of an aggregate (0 for strings). */
export function sizeOf(v: Value): number {
  if (typeof v !== "object" || v instanceof RawString) return 0;
  switch (v.type) {
    case "list":
      return listLength(v);
    case "hash":
      return (v as Hash).size;
    case "set":
      return (v as RSet).size;
    case "zset":
      return (v as ZSet).dict.size;
    case "stream":
      return (v as StreamValue).length;
    default:
      return 0;
  }
}

/**
 * A loaded value as a keyspace value, or null for an empty aggregate (Redis
 * skips those keys). Duplicate fields/members are a FormatError, as Redis's
 * loader reports them.
 */
export function objectFromPlain(pv: PlainValue, limits: EncodingLimits, at = 0): Value | null {
  switch (pv.type) {
    case "string":
      return compactString(pv.value);
    case "list":
      if (pv.items.length === 0) return null;
      return listFromItems(pv.items, limits);
    case "hash": {
      if (pv.fv.length === 0) return null;
      const h = Hash.fromPairs(pv.fv, limits);
      if (h.size * 2 !== pv.fv.length) throw new FormatError("Duplicate hash fields detected", at);
      return h;
    }
    case "set": {
      if (pv.members.length === 0) return null;
      const elems: Elem[] = new Array(pv.members.length);
      for (let i = 0; i < elems.length; i++) elems[i] = compactString(pv.members[i]!);
      const s = RSet.from(elems, limits);
      if (s.size !== elems.length) throw new FormatError("Duplicate set members detected", at);
      return s;
    }
    case "zset": {
      const n = pv.members.length;
      if (n === 0) return null;
      const z = new ZSet(false);
      let maxLen = 0;
      for (let i = 0; i < n; i++) {
        const m = pv.members[i]!;
        if (z.dict.has(m)) throw new FormatError("Duplicate zset fields detected", at);
        if (m.length > maxLen) maxLen = m.length;
        z.dict.set(m, pv.scores[i]!);
        z.tree.insert(pv.scores[i]!, m);
      }
      z.settleEncoding(limits, maxLen);
      return z;
    }
    case "stream":
      // An empty stream is a valid key (unlike empty aggregates of other types).
      return StreamValue.fromPlain(pv, at);
  }
}
