// The stream type (Redis 7.0's t_stream.c / stream.h), modelled node for
// node on Redis's representation so that everything observable about it
// matches: XINFO's radix-tree-keys / radix-tree-nodes, which entries an
// approximate (~) trim can drop, and the RDB encoding.
//
// Redis keeps a stream as a radix tree of listpacks ("nodes"), keyed by the
// 128-bit big-endian ID of the node's master entry. A node holds up to
// stream-node-max-entries entries (live + deleted) and stops growing once its
// listpack reaches stream-node-max-bytes; entries deleted by XDEL or an exact
// trim stay in their node as tombstones (flag DELETED) until the node has no
// live entry left. Here a node is a sorted array of entries plus the listpack
// byte size Redis would have for it (kept incrementally, so the decision to
// open a new node is Redis's), and the nodes are a sorted array.
//
// IDs are two unsigned 64-bit numbers (ms, seq). Each half is a JS number
// while it is a safe integer and a bigint beyond (normalized: a value has one
// representation, so === and the relational operators work across both).
//
// Consumer groups follow streamCG / streamConsumer / streamNACK: a group PEL
// and per-consumer PELs share the same NACK objects, both ordered by ID.

import { FormatError } from "../persistence/bytes.ts";
import { ListpackBuilder, decodeListpack, lpEntrySize } from "../persistence/listpack.ts";
import type { PlainStream, PlainStreamGroup, PlainStreamId } from "../persistence/rdb.ts";
import { RObject } from "./types.ts";

// ---------------------------------------------------------------------------
// 64-bit integers as number | bigint
// ---------------------------------------------------------------------------

/** An integer: a number when it is a safe integer, a bigint otherwise (normalized). */
export type Int = number | bigint;

const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_N = 9007199254740991n;
export const U64_MAX = 18446744073709551615n;

/** Normalizes a bigint to the Int representation. */
export function int(b: bigint): Int {
  return b <= SAFE_N && b >= -SAFE_N ? Number(b) : b;
}

export function big(x: Int): bigint {
  return typeof x === "bigint" ? x : BigInt(x);
}

export function cmpInt(a: Int, b: Int): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function addInt(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= SAFE && r >= -SAFE) return r;
  }
  return int(big(a) + big(b));
}

export function subInt(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= SAFE && r >= -SAFE) return r;
  }
  return int(big(a) - big(b));
}

/** The value as C's (long long) cast would print it. */
export function asInt64(x: Int): Int {
  if (typeof x === "number") return x;
  return int(BigInt.asIntN(64, x));
}

/** The value as a C uint64_t holds it (wrapping). */
export function asUint64(x: Int): Int {
  if (typeof x === "number" && x >= 0) return x;
  return int(BigInt.asUintN(64, big(x)));
}

// ---------------------------------------------------------------------------
// Stream IDs
// ---------------------------------------------------------------------------

export interface StreamID {
  readonly ms: Int;
  readonly seq: Int;
}

export const ID_ZERO: StreamID = { ms: 0, seq: 0 };
export const ID_MAX: StreamID = { ms: U64_MAX, seq: U64_MAX };

export function cmpId(a: StreamID, b: StreamID): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function idIsZero(id: StreamID): boolean {
  return id.ms === 0 && id.seq === 0;
}

export function idIsMax(id: StreamID): boolean {
  return id.ms === U64_MAX && id.seq === U64_MAX;
}

export function idStr(id: StreamID): string {
  return `${id.ms}-${id.seq}`;
}

/** streamIncrID: the next ID, or null for the last possible one (Redis then uses 0-0). */
export function incrId(id: StreamID): StreamID | null {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) return null;
    return { ms: addInt(id.ms, 1), seq: 0 };
  }
  return { ms: id.ms, seq: addInt(id.seq, 1) };
}

/** streamDecrID: the previous ID, or null for 0-0 (Redis then uses the max ID). */
export function decrId(id: StreamID): StreamID | null {
  if (id.seq === 0) {
    if (id.ms === 0) return null;
    return { ms: subInt(id.ms, 1), seq: U64_MAX };
  }
  return { ms: id.ms, seq: subInt(id.seq, 1) };
}

/** The 128-bit big-endian key of an ID (the radix tree key of a node). */
export function idKey(id: StreamID): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, big(id.ms));
  v.setBigUint64(8, big(id.seq));
  return b;
}

export function idFromKey(b: Uint8Array): StreamID {
  const v = new DataView(b.buffer, b.byteOffset, 16);
  return { ms: int(v.getBigUint64(0)), seq: int(v.getBigUint64(8)) };
}

/** a - b as C's int64_t of the uint64_t difference (the delta encoding of entry IDs). */
function delta(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return int(BigInt.asIntN(64, big(a) - big(b)));
}

/** master + d (mod 2^64), the inverse of delta(). */
function undelta(master: Int, d: Int): Int {
  if (typeof master === "number" && typeof d === "number") {
    const r = master + d;
    if (r >= 0 && r <= SAFE) return r;
  }
  return int(BigInt.asUintN(64, big(master) + big(d)));
}

// ---------------------------------------------------------------------------
// Listpack sizes (for Redis's node-full decisions)
// ---------------------------------------------------------------------------

/** Size of an integer listpack element, backlen included. */
function lpIntSize(v: Int): number {
  if (typeof v === "number") {
    if (v >= 0 && v <= 127) return 2;
    if (v >= -4096 && v <= 4095) return 3;
    if (v >= -32768 && v <= 32767) return 4;
    if (v >= -8388608 && v <= 8388607) return 5;
    if (v >= -2147483648 && v <= 2147483647) return 6;
  }
  return 10;
}

const LP_EMPTY = 7; // header (6) + terminator (1)
/** STREAM_LISTPACK_MAX_SIZE */
export const LISTPACK_MAX_SIZE = 1 << 30;

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

// ---------------------------------------------------------------------------
// Entries and nodes
// ---------------------------------------------------------------------------

/**
 * One entry of a node. data: the values when SAMEFIELDS is set (the fields
 * are the node's master fields), else field, value, field, value...
 * `data` is never mutated (clones share it); `flags` is.
 */
export interface Entry extends StreamID {
  flags: number;
  readonly data: readonly string[];
}

export class StreamNode {
  entries: Entry[] = [];
  /** Live and deleted (tombstone) entries: the master entry's count fields. */
  live = 0;
  deleted = 0;
  /** Listpack bytes, without the count and deleted elements (which change size as they change). */
  bytes: number;

  constructor(
    readonly master: StreamID,
    readonly fields: readonly string[],
  ) {
    let b = LP_EMPTY + lpIntSize(fields.length) + lpIntSize(0);
    for (const f of fields) b += lpEntrySize(f);
    this.bytes = b;
  }

  /** lpBytes() of the node's listpack. */
  lpBytes(): number {
    return this.bytes + lpIntSize(this.live) + lpIntSize(this.deleted);
  }

  /** Index of the first entry >= id. */
  lowerBound(id: StreamID): number {
    const e = this.entries;
    let lo = 0;
    let hi = e.length;
    if (hi > 0 && cmpId(e[hi - 1]!, id) < 0) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(e[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last entry <= id, or -1. */
  upperIndex(id: StreamID): number {
    const e = this.entries;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(e[mid]!, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Field/value pairs of an entry of this node, flattened. */
  pairs(e: Entry): string[] {
    if ((e.flags & FLAG_SAMEFIELDS) === 0) return e.data as string[];
    const f = this.fields;
    const out = new Array<string>(f.length * 2);
    for (let i = 0; i < f.length; i++) {
      out[2 * i] = f[i]!;
      out[2 * i + 1] = e.data[i]!;
    }
    return out;
  }

  /** Number of field/value pairs of an entry. */
  numFields(e: Entry): number {
    return (e.flags & FLAG_SAMEFIELDS) !== 0 ? this.fields.length : e.data.length / 2;
  }

  clone(): StreamNode {
    const n = new StreamNode(this.master, this.fields);
    n.entries = this.entries.map((e) => ({ ms: e.ms, seq: e.seq, flags: e.flags, data: e.data }));
    n.live = this.live;
    n.deleted = this.deleted;
    n.bytes = this.bytes;
    return n;
  }
}

// ---------------------------------------------------------------------------
// ID-ordered maps (PELs)
// ---------------------------------------------------------------------------

/** A map ordered by stream ID (the rax of a PEL): sorted arrays, binary search. */
export class IdMap<V> {
  ids: StreamID[] = [];
  vals: V[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Index of the first key >= id. */
  lowerBound(id: StreamID): number {
    const a = this.ids;
    let hi = a.length;
    if (hi === 0 || cmpId(a[hi - 1]!, id) < 0) return hi;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(a[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(id: StreamID): V | undefined {
    const i = this.lowerBound(id);
    return i < this.ids.length && cmpId(this.ids[i]!, id) === 0 ? this.vals[i] : undefined;
  }

  /** raxTryInsert: false (and nothing changes) when the key is present. */
  tryInsert(id: StreamID, v: V): boolean {
    const i = this.lowerBound(id);
    if (i < this.ids.length && cmpId(this.ids[i]!, id) === 0) return false;
    if (i === this.ids.length) {
      this.ids.push(id);
      this.vals.push(v);
    } else {
      this.ids.splice(i, 0, id);
      this.vals.splice(i, 0, v);
    }
    return true;
  }

  /** raxInsert: inserts or replaces. */
  set(id: StreamID, v: V): void {
    const i = this.lowerBound(id);
    if (i < this.ids.length && cmpId(this.ids[i]!, id) === 0) this.vals[i] = v;
    else if (i === this.ids.length) {
      this.ids.push(id);
      this.vals.push(v);
    } else {
      this.ids.splice(i, 0, id);
      this.vals.splice(i, 0, v);
    }
  }

  delete(id: StreamID): boolean {
    const i = this.lowerBound(id);
    if (i >= this.ids.length || cmpId(this.ids[i]!, id) !== 0) return false;
    this.removeAt(i);
    return true;
  }

  removeAt(i: number): void {
    if (i === 0) {
      this.ids.shift();
      this.vals.shift();
    } else {
      this.ids.splice(i, 1);
      this.vals.splice(i, 1);
    }
  }
}

// ---------------------------------------------------------------------------
// Consumer groups
// ---------------------------------------------------------------------------

export class Nack {
  constructor(
    public deliveryTime: number,
    /** uint64 in Redis; printed as long long. */
    public deliveryCount: Int,
    public consumer: Consumer | null,
  ) {}
}

export class Consumer {
  readonly pel = new IdMap<Nack>();
  constructor(
    readonly name: string,
    public seenTime: number,
  ) {}
}

/** SCG_INVALID_ENTRIES_READ */
export const ENTRIES_READ_INVALID = -1;

export class ConsumerGroup {
  readonly pel = new IdMap<Nack>();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: StreamID,
    /** long long; -1 = unknown. */
    public entriesRead: Int,
  ) {}

  /** Consumers in the radix tree's (byte) order. */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** streamLookupConsumer: refresh updates the seen time (SLC_DEFAULT). */
  lookupConsumer(name: string, refresh: boolean, now: number): Consumer | undefined {
    const c = this.consumers.get(name);
    if (c !== undefined && refresh) c.seenTime = now;
    return c;
  }

  /** streamCreateConsumer without the notification: null when it exists. */
  createConsumer(name: string, now: number): Consumer | null {
    if (this.consumers.has(name)) return null;
    const c = new Consumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** streamDelConsumer: the number of pending entries it had (0 when missing). */
  deleteConsumer(name: string): number {
    const c = this.consumers.get(name);
    if (c === undefined) return 0;
    const n = c.pel.size;
    for (const id of c.pel.ids) this.pel.delete(id);
    this.consumers.delete(name);
    return n;
  }
}

// ---------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------

export type TrimStrategy = "maxlen" | "minid";

export interface TrimArgs {
  strategy: TrimStrategy;
  maxlen: number;
  minid: StreamID;
  approx: boolean;
  /** 0 = no limit. */
  limit: number;
}

export class StreamValue extends RObject {
  readonly type = "stream" as const;
  /** The radix tree: nodes in master ID order. */
  nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  lastId: StreamID = ID_ZERO;
  firstId: StreamID = ID_ZERO;
  maxDeletedId: StreamID = ID_ZERO;
  /** uint64 */
  entriesAdded: Int = 0;
  /** Consumer groups by name (created on demand, as Redis's s->cgroups). */
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return "stream";
  }

  clone(): StreamValue {
    const s = new StreamValue();
    s.nodes = this.nodes.map((n) => n.clone());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new Map();
      for (const [name, g] of this.groups) {
        const ng = new ConsumerGroup(name, g.lastId, g.entriesRead);
        const copies = new Map<Nack, Nack>();
        for (let i = 0; i < g.pel.size; i++) {
          const n = g.pel.vals[i]!;
          const c = new Nack(n.deliveryTime, n.deliveryCount, null);
          copies.set(n, c);
          ng.pel.ids.push(g.pel.ids[i]!);
          ng.pel.vals.push(c);
        }
        for (const [cname, cons] of g.consumers) {
          const nc = new Consumer(cname, cons.seenTime);
          for (let i = 0; i < cons.pel.size; i++) {
            const orig = cons.pel.vals[i]!;
            let c = copies.get(orig);
            if (c === undefined) c = new Nack(orig.deliveryTime, orig.deliveryCount, null);
            c.consumer = nc;
            nc.pel.ids.push(cons.pel.ids[i]!);
            nc.pel.vals.push(c);
          }
          ng.consumers.set(cname, nc);
        }
        s.groups.set(name, ng);
      }
    }
    return s;
  }

  // --- groups ---------------------------------------------------------------

  group(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  /** streamCreateCG: null when a group of that name exists. */
  createGroup(name: string, id: StreamID, entriesRead: Int): ConsumerGroup | null {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const g = new ConsumerGroup(name, id, entriesRead);
    this.groups.set(name, g);
    return g;
  }

  /** Groups in the radix tree's (byte) order. */
  sortedGroups(): ConsumerGroup[] {
    if (this.groups === null) return [];
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // --- appending ------------------------------------------------------------

  /**
   * streamAppendItem once the ID is known to be valid (> lastId): adds the
   * entry made of argv[from..] (field, value, ...), opening a new node as
   * Redis would for these stream-node-max-bytes / -entries settings.
   */
  append(argv: readonly string[], from: number, id: StreamID, maxBytes: number, maxEntries: number): void {
    const numfields = (argv.length - from) >> 1;
    let totelelen = 0;
    for (let i = from; i < argv.length; i++) totelelen += argv[i]!.length;
    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (node !== undefined) {
      let nodeMax = maxBytes;
      if (nodeMax === 0 || nodeMax > LISTPACK_MAX_SIZE) nodeMax = LISTPACK_MAX_SIZE;
      if (node.lpBytes() + totelelen >= nodeMax) node = undefined;
      else if (maxEntries !== 0 && node.live + node.deleted >= maxEntries) node = undefined;
    }
    let flags = 0;
    if (node === undefined) {
      const fields = new Array<string>(numfields);
      for (let i = 0; i < numfields; i++) fields[i] = argv[from + 2 * i]!;
      node = new StreamNode(id, fields);
      this.nodes.push(node);
      flags = FLAG_SAMEFIELDS;
    } else if (numfields === node.fields.length) {
      const f = node.fields;
      let i = 0;
      while (i < numfields && f[i] === argv[from + 2 * i]) i++;
      if (i === numfields) flags = FLAG_SAMEFIELDS;
    }
    const same = flags === FLAG_SAMEFIELDS;
    const m = node.master;
    const msd = delta(id.ms, m.ms);
    const seqd = delta(id.seq, m.seq);
    let bytes = 2 /* flags */ + lpIntSize(msd) + lpIntSize(seqd);
    let data: string[];
    if (same) {
      data = new Array<string>(numfields);
      for (let i = 0; i < numfields; i++) {
        const v = argv[from + 2 * i + 1]!;
        data[i] = v;
        bytes += lpEntrySize(v);
      }
      bytes += lpIntSize(numfields + 3);
    } else {
      data = argv.slice(from) as string[];
      bytes += lpIntSize(numfields);
      for (let i = 0; i < data.length; i++) bytes += lpEntrySize(data[i]!);
      bytes += lpIntSize(2 * numfields + 4);
    }
    node.entries.push({ ms: id.ms, seq: id.seq, flags, data });
    node.bytes += bytes;
    node.live++;
    this.length++;
    this.entriesAdded = addInt(this.entriesAdded, 1);
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
    this.numNodesCache = -1;
  }

  // --- lookups and iteration --------------------------------------------------

  /** Index of the last node whose master ID is <= id, or -1. */
  private nodeAtOrBefore(id: StreamID): number {
    const n = this.nodes;
    let lo = 0;
    let hi = n.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(n[mid]!.master, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * Calls fn for the entries with start <= ID <= end, in order (reversed
   * with rev), skipping tombstones unless `tombstones`; stops when fn returns false.
   */
  range(start: StreamID, end: StreamID, rev: boolean, fn: (e: Entry, n: StreamNode) => boolean, tombstones = false): void {
    if (cmpId(start, end) > 0) return;
    const nodes = this.nodes;
    if (!rev) {
      let ni = this.nodeAtOrBefore(start);
      if (ni < 0) ni = 0;
      let first = true;
      for (; ni < nodes.length; ni++) {
        const n = nodes[ni]!;
        const es = n.entries;
        for (let i = first ? n.lowerBound(start) : 0; i < es.length; i++) {
          const e = es[i]!;
          if (cmpId(e, end) > 0) return;
          if (!tombstones && (e.flags & FLAG_DELETED) !== 0) continue;
          if (!fn(e, n)) return;
        }
        first = false;
      }
    } else {
      let ni = this.nodeAtOrBefore(end);
      for (; ni >= 0; ni--) {
        const n = nodes[ni]!;
        const es = n.entries;
        for (let i = n.upperIndex(end); i >= 0; i--) {
          const e = es[i]!;
          if (cmpId(e, start) < 0) return;
          if (!tombstones && (e.flags & FLAG_DELETED) !== 0) continue;
          if (!fn(e, n)) return;
        }
      }
    }
  }

  /** The entry with this ID and its node, if it exists and is not deleted. */
  find(id: StreamID): { e: Entry; n: StreamNode } | null {
    const ni = this.nodeAtOrBefore(id);
    if (ni < 0) return null;
    const n = this.nodes[ni]!;
    const i = n.lowerBound(id);
    const e = n.entries[i];
    if (e === undefined || cmpId(e, id) !== 0 || (e.flags & FLAG_DELETED) !== 0) return null;
    return { e, n };
  }

  /**
   * streamGetEdgeID: the first (or last) entry's ID, tombstones included or
   * not; when there is none, the max ID for first and 0-0 for last.
   */
  edgeId(first: boolean, skipTombstones: boolean): StreamID {
    let found: StreamID | null = null;
    this.range(
      ID_ZERO,
      ID_MAX,
      !first,
      (e) => {
        found = { ms: e.ms, seq: e.seq };
        return false;
      },
      !skipTombstones,
    );
    return found ?? (first ? ID_MAX : ID_ZERO);
  }

  /** streamLastValidID: the last live entry's ID (0-0 when none). */
  lastValidId(): StreamID {
    return this.edgeId(false, true);
  }

  // --- deletion and trimming --------------------------------------------------

  /** streamDeleteItem: marks the entry deleted (dropping its node when it was the last live one). */
  deleteEntry(id: StreamID): boolean {
    const ni = this.nodeAtOrBefore(id);
    if (ni < 0) return false;
    const n = this.nodes[ni]!;
    const i = n.lowerBound(id);
    const e = n.entries[i];
    if (e === undefined || cmpId(e, id) !== 0 || (e.flags & FLAG_DELETED) !== 0) return false;
    e.flags |= FLAG_DELETED;
    if (n.live === 1) {
      this.nodes.splice(ni, 1);
      this.numNodesCache = -1;
    } else {
      n.live--;
      n.deleted++;
    }
    this.length--;
    return true;
  }

  /** streamTrim: the number of entries removed. */
  trim(a: TrimArgs): number {
    const maxlen = a.maxlen;
    const limit = a.limit;
    let deleted = 0;
    const nodes = this.nodes;
    let removeFrom = 0; // nodes [0, removeFrom) are dropped
    while (removeFrom < nodes.length) {
      if (a.strategy === "maxlen" && this.length <= maxlen) break;
      const n = nodes[removeFrom]!;
      const entries = n.live;
      if (limit !== 0 && deleted + entries > limit) break;
      let removeNode: boolean;
      if (a.strategy === "maxlen") {
        removeNode = this.length - entries >= maxlen;
      } else {
        const last = n.entries[n.entries.length - 1]!;
        removeNode = cmpId(last, a.minid) < 0;
      }
      if (removeNode) {
        this.length -= entries;
        deleted += entries;
        removeFrom++;
        continue;
      }
      if (a.approx) break;
      // Mark entries deleted inside this node.
      let fromNode = 0;
      for (const e of n.entries) {
        const stop = a.strategy === "maxlen" ? this.length <= maxlen : cmpId(e, a.minid) >= 0;
        if (stop) break;
        if ((e.flags & FLAG_DELETED) === 0) {
          e.flags |= FLAG_DELETED;
          fromNode++;
          this.length--;
        }
      }
      n.live -= fromNode;
      n.deleted += fromNode;
      deleted += fromNode;
      break;
    }
    if (removeFrom > 0) {
      nodes.splice(0, removeFrom);
      this.numNodesCache = -1;
    }
    this.firstId = this.length === 0 ? ID_ZERO : this.edgeId(true, true);
    return deleted;
  }

  // --- consumer group bookkeeping ----------------------------------------------

  /** streamRangeHasTombstones */
  rangeHasTombstones(start: StreamID | null, end: StreamID | null): boolean {
    if (this.length === 0 || idIsZero(this.maxDeletedId)) return false;
    if (cmpId(this.firstId, this.maxDeletedId) > 0) return false;
    const s = start ?? ID_ZERO;
    const e = end ?? ID_MAX;
    return cmpId(s, this.maxDeletedId) <= 0 && cmpId(this.maxDeletedId, e) <= 0;
  }

  /** streamEstimateDistanceFromFirstEverEntry: -1 when it can't be known. */
  estimateDistance(id: StreamID): Int {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && cmpId(id, this.lastId) < 1) return asInt64(this.entriesAdded);
    const cmpLast = cmpId(id, this.lastId);
    if (cmpLast === 0) return asInt64(this.entriesAdded);
    if (cmpLast > 0) return ENTRIES_READ_INVALID;
    const cmpIdFirst = cmpId(id, this.firstId);
    const cmpXdelFirst = cmpId(this.maxDeletedId, this.firstId);
    if (idIsZero(this.maxDeletedId) || cmpXdelFirst < 0) {
      if (cmpIdFirst < 0) return asInt64(subInt(this.entriesAdded, this.length));
      if (cmpIdFirst === 0) return asInt64(addInt(subInt(this.entriesAdded, this.length), 1));
    }
    return ENTRIES_READ_INVALID;
  }

  /** streamReplyWithCGLag's value: null when unknown. */
  groupLag(g: ConsumerGroup): Int | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== ENTRIES_READ_INVALID && !this.rangeHasTombstones(g.lastId, null)) {
      return asInt64(subInt(this.entriesAdded, g.entriesRead));
    }
    const read = this.estimateDistance(g.lastId);
    if (read === ENTRIES_READ_INVALID) return null;
    return asInt64(subInt(this.entriesAdded, read));
  }

  /** The group's read counter after delivering `id` (as streamReplyWithRange updates it). */
  advanceGroup(g: ConsumerGroup, id: StreamID): void {
    if (g.entriesRead !== ENTRIES_READ_INVALID && !this.rangeHasTombstones(id, null)) {
      g.entriesRead = asInt64(addInt(g.entriesRead, 1));
    } else if (this.entriesAdded !== 0) {
      g.entriesRead = this.estimateDistance(id);
    }
    g.lastId = id;
  }

  // --- XINFO's radix tree figures ------------------------------------------------

  private numNodesCache = -1;

  /** raxSize(s->rax) */
  get raxKeys(): number {
    return this.nodes.length;
  }

  /**
   * s->rax->numnodes: the nodes of a radix tree holding the nodes' 16-byte
   * keys, as Redis's rax builds it (maximally compressed: a normal node at
   * every branching point, one compressed node per run of single-child
   * bytes, the head always present).
   */
  get raxNodes(): number {
    if (this.numNodesCache >= 0) return this.numNodesCache;
    const keys = this.nodes.map((n) => idKey(n.master));
    const r = keys.length === 0 ? 1 : raxCount(keys, 0, keys.length, 0);
    this.numNodesCache = r;
    return r;
  }

  /** Forgets cached figures after the nodes were replaced wholesale (loading). */
  invalidate(): void {
    this.numNodesCache = -1;
  }

  // --- RDB (RDB_TYPE_STREAM_LISTPACKS_2) ------------------------------------------

  /** The stream as rdbSaveObject writes it: listpack nodes, metadata, groups. */
  toPlain(): PlainStream {
    const nodes = this.nodes.map((n) => ({ key: idKey(n.master), lp: encodeNode(n) }));
    const pid = (id: StreamID): PlainStreamId => ({ ms: big(id.ms), seq: big(id.seq) });
    const groups: PlainStreamGroup[] = this.sortedGroups().map((g) => ({
      name: g.name,
      lastId: pid(g.lastId),
      entriesRead: big(g.entriesRead),
      pel: g.pel.ids.map((id, i) => ({ id: idKey(id), time: g.pel.vals[i]!.deliveryTime, count: big(g.pel.vals[i]!.deliveryCount) })),
      consumers: g.sortedConsumers().map((c) => ({ name: c.name, seenTime: c.seenTime, pel: c.pel.ids.map(idKey) })),
    }));
    return {
      nodes,
      length: BigInt(this.length),
      lastId: pid(this.lastId),
      firstId: pid(this.firstId),
      maxDeletedId: pid(this.maxDeletedId),
      entriesAdded: big(this.entriesAdded),
      groups,
    };
  }

  /** Rebuilds a stream from its RDB form; throws FormatError on inconsistent data. */
  static fromPlain(p: PlainStream, at = 0): StreamValue {
    const s = new StreamValue();
    const fail = (msg: string): never => {
      throw new FormatError(msg, at);
    };
    let counted = 0;
    let prevKey: StreamID | null = null;
    for (const { key, lp } of p.nodes) {
      if (key.length !== 16) fail("Stream node key entry is not the size of a stream ID");
      const master = idFromKey(key);
      if (prevKey !== null && cmpId(prevKey, master) >= 0) fail("Listpack re-added with existing key");
      prevKey = master;
      const n = decodeNode(master, lp, fail);
      counted += n.live;
      s.nodes.push(n);
    }
    const u = (x: bigint) => int(x);
    const id = (x: PlainStreamId): StreamID => ({ ms: u(x.ms), seq: u(x.seq) });
    if (p.length !== BigInt(counted)) fail("Stream length inconsistent with rax entries");
    s.length = counted;
    s.lastId = id(p.lastId);
    if (s.nodes.length > 0) {
      const lastNode = s.nodes[s.nodes.length - 1]!;
      const lastEntry = lastNode.entries[lastNode.entries.length - 1]!;
      if (cmpId(lastEntry, s.lastId) > 0) fail("Stream last ID is smaller than its entries");
    }
    if (p.firstId !== null && p.maxDeletedId !== null && p.entriesAdded !== null) {
      s.firstId = id(p.firstId);
      s.maxDeletedId = id(p.maxDeletedId);
      s.entriesAdded = u(p.entriesAdded);
    } else {
      // RDB_TYPE_STREAM_LISTPACKS (Redis < 7): derived as Redis's loader does.
      s.maxDeletedId = ID_ZERO;
      s.entriesAdded = counted;
      s.firstId = s.edgeId(true, true);
    }
    for (const pg of p.groups) {
      const gid = id(pg.lastId);
      const entriesRead = pg.entriesRead === null ? s.estimateDistance(gid) : int(BigInt.asIntN(64, pg.entriesRead));
      const g = s.createGroup(pg.name, gid, entriesRead);
      if (g === null) fail(`Duplicated consumer group name ${pg.name}`);
      for (const e of pg.pel) {
        if (!g!.pel.tryInsert(idFromKey(e.id), new Nack(e.time, int(e.count), null))) fail("Duplicated global PEL entry loading stream consumer group");
      }
      for (const pc of pg.consumers) {
        const c = g!.createConsumer(pc.name, pc.seenTime);
        if (c === null) fail("Duplicate stream consumer detected.");
        for (const raw of pc.pel) {
          const eid = idFromKey(raw);
          const nack = g!.pel.get(eid);
          if (nack === undefined) fail("Consumer entry not found in group global PEL");
          nack!.consumer = c;
          if (!c!.pel.tryInsert(eid, nack!)) fail("Duplicated consumer PEL entry  loading a stream consumer group");
        }
      }
      for (const n of g!.pel.vals) if (n.consumer === null) fail("Stream CG PEL entry without consumer");
    }
    return s;
  }
}

// ---------------------------------------------------------------------------
// Node listpacks
// ---------------------------------------------------------------------------

/** A node as Redis's listpack: master entry, then each entry (see streamAppendItem). */
function encodeNode(n: StreamNode): Uint8Array {
  const b = new ListpackBuilder();
  b.addInt(n.live);
  b.addInt(n.deleted);
  b.addInt(n.fields.length);
  for (const f of n.fields) b.add(f);
  b.addInt(0);
  const m = n.master;
  for (const e of n.entries) {
    b.addInt(e.flags);
    b.addInt(delta(e.ms, m.ms));
    b.addInt(delta(e.seq, m.seq));
    const same = (e.flags & FLAG_SAMEFIELDS) !== 0;
    const nf = same ? n.fields.length : e.data.length / 2;
    if (!same) b.addInt(nf);
    for (const x of e.data) b.add(x);
    b.addInt(same ? nf + 3 : 2 * nf + 4);
  }
  return b.finish().slice();
}

function lpInteger(s: string | undefined, fail: (m: string) => never): Int {
  if (s === undefined || !/^-?\d{1,20}$/.test(s)) fail("Stream listpack integrity check failed.");
  const v = BigInt(s!);
  if (v < -9223372036854775808n || v > 9223372036854775807n) fail("Stream listpack integrity check failed.");
  return int(v);
}

/** Decodes a node's listpack, validating its structure as Redis's deep sanitization would. */
function decodeNode(master: StreamID, lp: Uint8Array, fail: (m: string) => never): StreamNode {
  let els: string[];
  try {
    els = decodeListpack(lp);
  } catch (e) {
    if (e instanceof FormatError) fail(`Stream listpack integrity check failed: ${e.message}`);
    throw e;
  }
  if (els.length === 0) fail("Empty listpack inside stream");
  let p = 0;
  const next = (): string => {
    if (p >= els.length) fail("Stream listpack integrity check failed.");
    return els[p++]!;
  };
  const num = (): Int => lpInteger(next(), fail);
  const live = num();
  const deleted = num();
  const nf = num();
  if (typeof live !== "number" || typeof deleted !== "number" || typeof nf !== "number" || live < 0 || deleted < 0 || nf < 0)
    fail("Stream listpack integrity check failed.");
  const fields: string[] = [];
  for (let i = 0; i < (nf as number); i++) fields.push(next());
  if (num() !== 0) fail("Stream listpack integrity check failed.");
  const n = new StreamNode(master, fields);
  let liveSeen = 0;
  let deletedSeen = 0;
  let prev: StreamID | null = null;
  while (p < els.length) {
    const start = p;
    const flags = num();
    if (typeof flags !== "number" || flags < 0 || flags > 3) fail("Stream listpack integrity check failed.");
    const id: StreamID = { ms: undelta(master.ms, num()), seq: undelta(master.seq, num()) };
    const same = ((flags as number) & FLAG_SAMEFIELDS) !== 0;
    let cnt: number;
    if (same) cnt = fields.length;
    else {
      const c = num();
      if (typeof c !== "number" || c < 0) fail("Stream listpack integrity check failed.");
      cnt = c as number;
    }
    const data: string[] = [];
    for (let i = 0; i < (same ? cnt : 2 * cnt); i++) data.push(next());
    const lpCount = num();
    if (lpCount !== p - start - 1) fail("Stream listpack integrity check failed.");
    if (prev !== null && cmpId(prev, id) >= 0) fail("Stream listpack integrity check failed.");
    if (cmpId(id, master) < 0) fail("Stream listpack integrity check failed.");
    prev = id;
    if (((flags as number) & FLAG_DELETED) !== 0) deletedSeen++;
    else liveSeen++;
    n.entries.push({ ms: id.ms, seq: id.seq, flags: flags as number, data });
  }
  if (liveSeen !== live || deletedSeen !== deleted) fail("Stream listpack integrity check failed.");
  if (n.entries.length === 0) fail("Empty listpack inside stream");
  n.live = liveSeen;
  n.deleted = deletedSeen;
  // Redis's lpBytes() of this very listpack (the count fields are added by lpBytes()).
  n.bytes = lp.length - lpIntSize(liveSeen) - lpIntSize(deletedSeen);
  return n;
}

// ---------------------------------------------------------------------------
// Radix tree node count
// ---------------------------------------------------------------------------

/**
 * Rax nodes of the subtree whose top node sits at depth d over keys[lo, hi)
 * (sorted, distinct, 16 bytes): a compressed node up to the keys' common
 * prefix (or the leaf), then a normal node branching on byte L, each branch
 * a subtree one byte deeper.
 */
function raxCount(keys: Uint8Array[], lo: number, hi: number, d: number): number {
  if (hi - lo === 1) return d === 16 ? 1 : 2;
  const a = keys[lo]!;
  const b = keys[hi - 1]!;
  let L = d;
  while (L < 16 && a[L] === b[L]) L++;
  if (L > d) return 1 + raxCount(keys, lo, hi, L);
  // Branching at byte L (== d).
  let total = 1;
  let i = lo;
  while (i < hi) {
    const byte = keys[i]![L];
    let j = i + 1;
    while (j < hi && keys[j]![L] === byte) j++;
    total += raxCount(keys, i, j, L + 1);
    i = j;
  }
  return total;
}

// ---------------------------------------------------------------------------
// AOF rewrite (rewriteStreamObject)
// ---------------------------------------------------------------------------

/**
 * The commands that rebuild a stream with its groups, as Redis's AOF
 * rewrite emits them (aof-use-rdb-preamble no): XADD per entry (or an XADD
 * MAXLEN 0 for an empty stream), XSETID, then XGROUP CREATE / XCLAIM /
 * XGROUP CREATECONSUMER per group.
 */
export function streamRewriteCommands(key: string, s: StreamValue): string[][] {
  const out: string[][] = [];
  if (s.length > 0) {
    s.range(ID_ZERO, ID_MAX, false, (e, n) => {
      out.push(["XADD", key, idStr(e), ...n.pairs(e)]);
      return true;
    });
  } else {
    out.push(["XADD", key, "MAXLEN", "0", "0-1", "x", "y"]);
  }
  out.push(["XSETID", key, idStr(s.lastId), "ENTRIESADDED", String(asInt64(s.entriesAdded)), "MAXDELETEDID", idStr(s.maxDeletedId)]);
  for (const g of s.sortedGroups()) {
    out.push(["XGROUP", "CREATE", key, g.name, idStr(g.lastId), "ENTRIESREAD", String(g.entriesRead)]);
    for (const x of g.sortedConsumers()) {
      if (x.pel.size === 0) {
        out.push(["XGROUP", "CREATECONSUMER", key, g.name, x.name]);
        continue;
      }
      for (let i = 0; i < x.pel.size; i++) {
        const nack = x.pel.vals[i]!;
        out.push([
          "XCLAIM",
          key,
          g.name,
          x.name,
          "0",
          idStr(x.pel.ids[i]!),
          "TIME",
          String(nack.deliveryTime),
          "RETRYCOUNT",
          String(asInt64(nack.deliveryCount)),
          "JUSTID",
          "FORCE",
        ]);
      }
    }
  }
  return out;
}
