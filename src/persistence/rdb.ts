// The RDB format of Redis 7.0 (rdb.c, rdb.h; RDB version 10): length and
// string encodings, the object encodings Redis 7.0 writes, the older ones it
// still reads, and whole files (opcodes, aux fields, databases, expiries,
// EOF + CRC64).
//
// This module knows bytes and plain values only (strings, arrays); turning
// keyspace objects into these and back is objects.ts's job.

import { ByteReader, ByteWriter, FormatError, bytesOf, stringOf } from "./bytes.ts";
import { Crc64, crc64 } from "./crc64.ts";
import { decodeIntset, encodeIntset } from "./intset.ts";
import { ListpackBuilder, decodeListpack, lpInt } from "./listpack.ts";
import { lzfCompress, lzfDecompress } from "./lzf.ts";
import { decodeZiplist, decodeZipmap } from "./ziplist.ts";
import { formatDouble, parseDouble, parseIntStrict } from "../util/numbers.ts";

export const RDB_VERSION = 10;

/** Object types (rdb.h). */
export const enum RdbType {
  STRING = 0,
  LIST = 1,
  SET = 2,
  ZSET = 3,
  HASH = 4,
  ZSET_2 = 5,
  MODULE_PRE_GA = 6,
  MODULE_2 = 7,
  HASH_ZIPMAP = 9,
  LIST_ZIPLIST = 10,
  SET_INTSET = 11,
  ZSET_ZIPLIST = 12,
  HASH_ZIPLIST = 13,
  LIST_QUICKLIST = 14,
  STREAM_LISTPACKS = 15,
  HASH_LISTPACK = 16,
  ZSET_LISTPACK = 17,
  LIST_QUICKLIST_2 = 18,
  STREAM_LISTPACKS_2 = 19,
  SET_LISTPACK = 20,
  STREAM_LISTPACKS_3 = 21,
}

/** Special opcodes (rdb.h). */
export const enum RdbOp {
  FUNCTION2 = 245,
  FUNCTION_PRE_GA = 246,
  MODULE_AUX = 247,
  IDLE = 248,
  FREQ = 249,
  AUX = 250,
  RESIZEDB = 251,
  EXPIRETIME_MS = 252,
  EXPIRETIME = 253,
  SELECTDB = 254,
  EOF = 255,
}

const RDB_6BITLEN = 0;
const RDB_14BITLEN = 1;
const RDB_32BITLEN = 0x80;
const RDB_64BITLEN = 0x81;
const RDB_ENCVAL = 3;
const RDB_ENC_INT8 = 0;
const RDB_ENC_INT16 = 1;
const RDB_ENC_INT32 = 2;
const RDB_ENC_LZF = 3;

/** Quicklist node containers (QUICKLIST_2). */
const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
const QUICKLIST_NODE_CONTAINER_PACKED = 2;

// ---------------------------------------------------------------------------
// Values as plain data
// ---------------------------------------------------------------------------

/** A value as read from (or to be written to) an RDB file. */
export type PlainValue =
  | { type: "string"; value: string }
  | { type: "list"; items: string[] }
  | { type: "set"; members: string[] }
  /** fv: field, value, field, value... */
  | { type: "hash"; fv: string[] }
  /** Members with their scores, in any order. */
  | { type: "zset"; members: string[]; scores: number[] }
  | ({ type: "stream" } & PlainStream);

/** A stream ID as two unsigned 64-bit halves. */
export interface PlainStreamId {
  ms: bigint;
  seq: bigint;
}

/** A consumer group as RDB stores it (rdbSaveObject, OBJ_STREAM). */
export interface PlainStreamGroup {
  name: string;
  lastId: PlainStreamId;
  /** Signed (-1: unknown); null in RDB_TYPE_STREAM_LISTPACKS (estimated on load). */
  entriesRead: bigint | null;
  /** The group PEL: raw 16-byte IDs, delivery time (ms) and count. */
  pel: { id: Uint8Array; time: number; count: bigint }[];
  /** Consumers with their seen time and the raw IDs of their PEL. */
  consumers: { name: string; seenTime: number; pel: Uint8Array[] }[];
}

/**
 * A stream as RDB stores it: its listpack nodes keyed by their 16-byte
 * master IDs, then its metadata and consumer groups. firstId, maxDeletedId
 * and entriesAdded are null when read from RDB_TYPE_STREAM_LISTPACKS.
 */
export interface PlainStream {
  nodes: { key: Uint8Array; lp: Uint8Array }[];
  length: bigint;
  lastId: PlainStreamId;
  firstId: PlainStreamId | null;
  maxDeletedId: PlainStreamId | null;
  entriesAdded: bigint | null;
  groups: PlainStreamGroup[];
}

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

/** The quicklist node size classes of list-max-listpack-size -1..-5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const SIZE_ESTIMATE_OVERHEAD = 8;
/** Elements this large get a node of their own (PLAIN container). */
const PACKED_THRESHOLD = 1 << 30;

export interface RdbWriterOptions {
  /** rdbcompression: LZF-compress strings longer than 20 bytes when it saves at least 4. */
  compress?: boolean;
  /**
   * Receives the bytes each time more than `chunk` are buffered (and at
   * finish); the view is only valid during the call. Without a sink
   * everything stays in memory (DUMP).
   */
  sink?: (bytes: Uint8Array) => void;
  chunk?: number;
  /** Keep a running CRC64 of everything written (rdbchecksum). */
  checksum?: boolean;
}

/** Serializes RDB primitives and objects (rdbSave*). */
export class RdbWriter {
  readonly w: ByteWriter;
  readonly compress: boolean;
  readonly crc: Crc64 | null;
  private readonly sink: ((bytes: Uint8Array) => void) | null;
  private readonly chunk: number;
  /** Bytes handed to the sink so far. */
  flushed = 0;
  private lzfBuf = new Uint8Array(1024);
  /** Scratch buffer for listpacks being built. */
  readonly lp = new ByteWriter(8192);

  constructor(opts: RdbWriterOptions = {}) {
    this.compress = opts.compress ?? true;
    this.sink = opts.sink ?? null;
    this.chunk = opts.chunk ?? 1 << 20;
    this.crc = opts.checksum === false ? null : new Crc64();
    this.w = new ByteWriter(this.sink ? this.chunk + 65536 : 4096);
  }

  /** Total bytes written so far. */
  get size(): number {
    return this.flushed + this.w.pos;
  }

  /** Hands buffered bytes to the sink once over the chunk size. */
  maybeFlush(): void {
    if (this.sink !== null && this.w.pos >= this.chunk) this.flush();
  }

  flush(): void {
    if (this.sink === null) return; // in memory: everything stays in w
    const v = this.w.view();
    if (v.length === 0) return;
    this.crc?.update(v);
    this.flushed += v.length;
    if (this.sink) this.sink(v);
    this.w.reset();
  }

  /** Writes EOF and the checksum (zeros when checksums are off), handing everything to the sink. */
  trailer(): void {
    this.type(RdbOp.EOF);
    if (this.sink === null) {
      this.w.bytes(this.crc ? crc64(this.w.view()).bytesLE() : new Uint8Array(8));
      return;
    }
    this.flush();
    // The CRC covers everything before it, so it goes out after the last flush.
    this.w.bytes(this.crc ? this.crc.bytesLE() : new Uint8Array(8));
    const v = this.w.view();
    this.flushed += v.length;
    this.sink(v);
    this.w.reset();
  }

  /** The bytes written (no sink): for DUMP payloads. */
  bytes(): Uint8Array {
    return this.w.view();
  }

  type(t: number): void {
    this.w.u8(t);
  }

  /** rdbSaveLen */
  len(n: number): void {
    const w = this.w;
    if (n < 1 << 6) {
      w.u8((RDB_6BITLEN << 6) | n);
    } else if (n < 1 << 14) {
      w.u8((RDB_14BITLEN << 6) | (n >>> 8));
      w.u8(n & 0xff);
    } else if (n <= 0xffffffff) {
      w.u8(RDB_32BITLEN);
      w.u32be(n);
    } else {
      w.u8(RDB_64BITLEN);
      w.u32be(Math.floor(n / 4294967296));
      w.u32be(n >>> 0);
    }
  }

  /** rdbSaveLen of a full 64-bit length. */
  len64(n: bigint): void {
    if (n <= 0xffffffffn) {
      this.len(Number(n));
      return;
    }
    this.w.u8(RDB_64BITLEN);
    this.w.u32be(Number(n >> 32n));
    this.w.u32be(Number(n & 0xffffffffn));
  }

  millis(ms: number): void {
    this.w.i64le(ms);
  }

  binaryDouble(d: number): void {
    this.w.f64le(d);
  }

  /** rdbEncodeInteger: true if v was written in the INT8/16/32 encoding. */
  private encodedInt(v: number): boolean {
    const w = this.w;
    if (v >= -128 && v <= 127) {
      w.u8((RDB_ENCVAL << 6) | RDB_ENC_INT8);
      w.u8(v & 0xff);
    } else if (v >= -32768 && v <= 32767) {
      w.u8((RDB_ENCVAL << 6) | RDB_ENC_INT16);
      w.u16le(v & 0xffff);
    } else if (v >= -2147483648 && v <= 2147483647) {
      w.u8((RDB_ENCVAL << 6) | RDB_ENC_INT32);
      w.u32le(v >>> 0);
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveLongLongAsStringObject: an integer value (int-encoded when it fits 32 bits). */
  int(v: number): void {
    if (Number.isInteger(v) && this.encodedInt(v)) return;
    this.rawString(String(v), false);
  }

  /** rdbSaveRawString: int encoding for short canonical integers, LZF for long strings. */
  string(s: string): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const c = s.charCodeAt(0);
      if ((c >= 48 && c <= 57) || c === 45) {
        const v = parseIntStrict(s);
        if (typeof v === "number" && this.encodedInt(v)) return;
      }
    }
    this.rawString(s, true);
  }

  private rawString(s: string, tryLzf: boolean): void {
    const n = s.length;
    if (tryLzf && this.compress && n > 20) {
      const src = n <= 4096 ? this.scratch(s) : bytesOf(s);
      if (this.lzf(src, 0, n)) return;
    }
    this.len(n);
    this.w.latin1(s);
    this.maybeFlush();
  }

  private scratchBuf = new Uint8Array(4096);
  private scratch(s: string): Uint8Array {
    const b = this.scratchBuf;
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }

  /** rdbSaveLzfStringObject: writes the compressed form and returns true if it saves >= 4 bytes. */
  private lzf(src: Uint8Array, start: number, n: number): boolean {
    if (n <= 4) return false;
    const outLen = n - 4;
    if (this.lzfBuf.length < outLen + 1) this.lzfBuf = new Uint8Array(Math.max(outLen + 1, this.lzfBuf.length * 2));
    const clen = lzfCompress(src, start, start + n, this.lzfBuf, 0, outLen);
    if (clen === 0) return false;
    this.w.u8((RDB_ENCVAL << 6) | RDB_ENC_LZF);
    this.len(clen);
    this.len(n);
    this.w.bytes(this.lzfBuf.subarray(0, clen));
    this.maybeFlush();
    return true;
  }

  /** A blob (listpack, intset) as a string, LZF-compressed when that helps. */
  blob(b: Uint8Array): void {
    if (this.compress && b.length > 20 && this.lzf(b, 0, b.length)) return;
    this.len(b.length);
    this.w.bytes(b);
    this.maybeFlush();
  }

  /** A string value: a JS number is an int-encoded Redis string. */
  stringValue(v: string | number): void {
    if (typeof v === "number") this.int(v);
    else this.string(v);
  }

  // --- objects (rdbSaveObject), without the type byte ----------------------

  /**
   * A list as RDB_TYPE_LIST_QUICKLIST_2: listpack nodes filled the way
   * quicklist does for list-max-listpack-size `fill`, oversized elements in
   * PLAIN nodes.
   */
  listQuicklist2(items: Iterable<string>, fill: number): void {
    const nodes: { plain: boolean; bytes: Uint8Array }[] = [];
    let b: ListpackBuilder | null = null;
    let nodeSz = 0;
    let count = 0;
    const close = () => {
      if (b !== null && b.count > 0) nodes.push({ plain: false, bytes: b.finish().slice() });
      b = null;
    };
    for (const s of items) {
      const sz = s.length;
      if (sz >= PACKED_THRESHOLD) {
        close();
        nodes.push({ plain: true, bytes: bytesOf(s) });
        continue;
      }
      if (b !== null && !allowInsert(nodeSz, count, sz, fill)) close();
      if (b === null) {
        b = new ListpackBuilder(this.lp);
        count = 0;
      }
      b.add(s);
      count++;
      nodeSz = b.size;
    }
    close();
    this.len(nodes.length);
    for (const n of nodes) {
      this.len(n.plain ? QUICKLIST_NODE_CONTAINER_PLAIN : QUICKLIST_NODE_CONTAINER_PACKED);
      this.blob(n.bytes);
    }
  }

  /** RDB_TYPE_HASH_LISTPACK from field, value, field, value... */
  hashListpack(fv: Iterable<string>): void {
    const b = new ListpackBuilder(this.lp);
    for (const s of fv) b.add(s);
    this.blob(b.finish());
  }

  /** RDB_TYPE_HASH: count pairs, then field, value strings. */
  hashTable(count: number, fv: Iterable<string>): void {
    this.len(count);
    for (const s of fv) this.string(s);
  }

  /** RDB_TYPE_SET_INTSET */
  setIntset(members: Iterable<string>): void {
    const ints: (number | bigint)[] = [];
    for (const m of members) {
      const v = parseIntStrict(m);
      if (v === null) throw new Error(`intset member is not an integer: ${m}`);
      ints.push(v);
    }
    this.blob(encodeIntset(ints));
  }

  /** RDB_TYPE_SET */
  setTable(count: number, members: Iterable<string>): void {
    this.len(count);
    for (const m of members) this.string(m);
  }

  /** RDB_TYPE_ZSET_LISTPACK from member, score pairs in ascending order. */
  zsetListpack(pairs: Iterable<[string, number]>): void {
    const b = new ListpackBuilder(this.lp);
    for (const [m, s] of pairs) {
      b.add(m);
      // zzlInsertAt: integral scores (double2ll, |s| < LLONG_MAX/2) as integers, others via d2string.
      if (Number.isInteger(s) && Math.abs(s) < 4611686018427387904) b.addInt(Number.isSafeInteger(s) ? s + 0 : BigInt(s));
      else b.add(formatDouble(s));
    }
    this.blob(b.finish());
  }

  /** RDB_TYPE_STREAM_LISTPACKS_2 (without the type byte), as Redis 7.0's rdbSaveObject writes a stream. */
  streamListpacks2(s: PlainStream): void {
    const u64 = (v: bigint) => this.len64(BigInt.asUintN(64, v));
    this.len(s.nodes.length);
    for (const n of s.nodes) {
      this.blob(n.key);
      this.blob(n.lp);
      this.maybeFlush();
    }
    u64(s.length);
    u64(s.lastId.ms);
    u64(s.lastId.seq);
    const first = s.firstId ?? { ms: 0n, seq: 0n };
    const maxDel = s.maxDeletedId ?? { ms: 0n, seq: 0n };
    u64(first.ms);
    u64(first.seq);
    u64(maxDel.ms);
    u64(maxDel.seq);
    u64(s.entriesAdded ?? s.length);
    this.len(s.groups.length);
    for (const g of s.groups) {
      this.string(g.name);
      u64(g.lastId.ms);
      u64(g.lastId.seq);
      u64(g.entriesRead ?? -1n);
      this.len(g.pel.length);
      for (const e of g.pel) {
        this.w.bytes(e.id);
        this.millis(e.time);
        u64(e.count);
      }
      this.len(g.consumers.length);
      for (const c of g.consumers) {
        this.string(c.name);
        this.millis(c.seenTime);
        this.len(c.pel.length);
        for (const id of c.pel) this.w.bytes(id);
        this.maybeFlush();
      }
    }
  }

  /** RDB_TYPE_ZSET_2 from member, score pairs in DESCENDING order (as Redis saves, for O(1) inserts on load). */
  zset2(count: number, pairsDesc: Iterable<[string, number]>): void {
    this.len(count);
    for (const [m, s] of pairsDesc) {
      this.string(m);
      this.binaryDouble(s);
    }
  }
}

/** _quicklistNodeAllowInsert (Redis 7.0). */
function allowInsert(nodeSz: number, count: number, sz: number, fill: number): boolean {
  const newSz = nodeSz + sz + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const lvl = OPTIMIZATION_LEVEL[-fill - 1];
    if (lvl !== undefined && newSz <= lvl) return true;
  }
  if (newSz > SIZE_SAFETY_LIMIT) return false;
  return count < fill;
}

/** Writes a plain value with its type byte (tests, old-dump fixtures use the raw methods). */
export function writePlainValue(rw: RdbWriter, v: PlainValue, limits: PlainLimits = DEFAULT_LIMITS): void {
  switch (v.type) {
    case "string":
      rw.type(RdbType.STRING);
      rw.string(v.value);
      return;
    case "list":
      rw.type(RdbType.LIST_QUICKLIST_2);
      rw.listQuicklist2(v.items, limits.listMaxListpackSize);
      return;
    case "set": {
      const ints = v.members.length <= limits.setMaxIntsetEntries && v.members.every((m) => lpInt(m) !== null);
      if (ints) {
        rw.type(RdbType.SET_INTSET);
        rw.setIntset(v.members);
      } else {
        rw.type(RdbType.SET);
        rw.setTable(v.members.length, v.members);
      }
      return;
    }
    case "hash": {
      const small = v.fv.length / 2 <= limits.hashMaxListpackEntries && v.fv.every((s) => s.length <= limits.hashMaxListpackValue);
      if (small) {
        rw.type(RdbType.HASH_LISTPACK);
        rw.hashListpack(v.fv);
      } else {
        rw.type(RdbType.HASH);
        rw.hashTable(v.fv.length / 2, v.fv);
      }
      return;
    }
    case "stream":
      rw.type(RdbType.STREAM_LISTPACKS_2);
      rw.streamListpacks2(v);
      return;
    case "zset": {
      const idx = v.members.map((_, i) => i).sort((a, b) => v.scores[a]! - v.scores[b]! || (v.members[a]! < v.members[b]! ? -1 : 1));
      const small = v.members.length <= limits.zsetMaxListpackEntries && v.members.every((m) => m.length <= limits.zsetMaxListpackValue);
      if (small) {
        rw.type(RdbType.ZSET_LISTPACK);
        rw.zsetListpack(idx.map((i) => [v.members[i]!, v.scores[i]!] as [string, number]));
      } else {
        rw.type(RdbType.ZSET_2);
        rw.zset2(v.members.length, idx.reverse().map((i) => [v.members[i]!, v.scores[i]!] as [string, number]));
      }
      return;
    }
  }
}

export interface PlainLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  listMaxListpackSize: number;
}

export const DEFAULT_LIMITS: PlainLimits = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
};

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

/** Deserializes RDB primitives and objects (rdbLoad*). */
export class RdbReader {
  readonly r: ByteReader;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.r = new ByteReader(buf, start, 0, end);
  }

  get pos(): number {
    return this.r.pos;
  }

  fail(msg: string, at?: number): never {
    this.r.fail(msg, at);
  }

  u8(): number {
    return this.r.u8();
  }

  /** rdbLoadLenByRef: [length, isEncoded]; when encoded the length is the RDB_ENC_* kind. */
  private lenOrEnc(): number {
    const r = this.r;
    const b = r.u8();
    const kind = (b & 0xc0) >> 6;
    this.encoded = false;
    if (kind === RDB_ENCVAL) {
      this.encoded = true;
      return b & 0x3f;
    }
    if (kind === RDB_6BITLEN) return b & 0x3f;
    if (kind === RDB_14BITLEN) return ((b & 0x3f) << 8) | r.u8();
    if (b === RDB_32BITLEN) return r.u32be();
    if (b === RDB_64BITLEN) {
      const v = r.u64be();
      if (!Number.isSafeInteger(v)) this.fail("length too large", r.pos - 8);
      return v;
    }
    this.fail(`unknown length encoding ${b} in rdbLoadLen()`, r.pos - 1);
  }
  private encoded = false;

  len(): number {
    const at = this.r.pos;
    const n = this.lenOrEnc();
    if (this.encoded) this.fail("unexpected encoded length", at);
    return n;
  }

  /** rdbLoadLen of a full unsigned 64-bit value (stream IDs and counters). */
  len64(): bigint {
    const r = this.r;
    const at = r.pos;
    const b = r.u8();
    if (b === RDB_64BITLEN) {
      const hi = r.u32be();
      const lo = r.u32be();
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    r.pos = at;
    return BigInt(this.len());
  }

  /** A stream (RDB_TYPE_STREAM_LISTPACKS, _2 or _3) as plain data. */
  private stream(type: number): PlainStream {
    const r = this.r;
    const nodeCount = this.count(2);
    const nodes: { key: Uint8Array; lp: Uint8Array }[] = [];
    for (let i = 0; i < nodeCount; i++) {
      const kat = r.pos;
      const key = this.blob();
      if (key.length !== 16) this.fail("Stream node key entry is not the size of a stream ID", kat);
      const lat = r.pos;
      const lp = this.blob();
      if (lp.length < 7) this.fail("Empty listpack inside stream", lat);
      nodes.push({ key: key.slice(), lp: lp.slice() });
    }
    const id = (): PlainStreamId => ({ ms: this.len64(), seq: this.len64() });
    const length = this.len64();
    const lastId = id();
    let firstId: PlainStreamId | null = null;
    let maxDeletedId: PlainStreamId | null = null;
    let entriesAdded: bigint | null = null;
    if (type !== RdbType.STREAM_LISTPACKS) {
      firstId = id();
      maxDeletedId = id();
      entriesAdded = this.len64();
    }
    const groupCount = this.count(3);
    const groups: PlainStreamGroup[] = [];
    for (let g = 0; g < groupCount; g++) {
      const name = this.string();
      const gid = id();
      const entriesRead = type === RdbType.STREAM_LISTPACKS ? null : BigInt.asIntN(64, this.len64());
      const pelSize = this.count(17);
      const pel: PlainStreamGroup["pel"] = [];
      for (let i = 0; i < pelSize; i++) {
        const rawId = r.bytes(16).slice();
        const time = this.millis();
        const count = this.len64();
        pel.push({ id: rawId, time, count });
      }
      const consumerCount = this.count(9);
      const consumers: PlainStreamGroup["consumers"] = [];
      for (let i = 0; i < consumerCount; i++) {
        const cname = this.string();
        const seenTime = this.millis();
        if (type === RdbType.STREAM_LISTPACKS_3) this.millis(); // active time (Redis 7.2)
        const n = this.count(16);
        const cpel: Uint8Array[] = [];
        for (let j = 0; j < n; j++) cpel.push(r.bytes(16).slice());
        consumers.push({ name: cname, seenTime, pel: cpel });
      }
      groups.push({ name, lastId: gid, entriesRead, pel, consumers });
    }
    return { nodes, length, lastId, firstId, maxDeletedId, entriesAdded, groups };
  }

  /** A length that counts things still to be read: at most the bytes left (guards allocation). */
  count(minBytesEach = 1): number {
    const at = this.r.pos;
    const n = this.len();
    if (n * minBytesEach > this.r.remaining) this.fail(`length ${n} exceeds the data left`, at);
    return n;
  }

  /** rdbGenericLoadStringObject as bytes (blobs: listpacks, ziplists, intsets). */
  blob(): Uint8Array {
    const r = this.r;
    const at = r.pos;
    const n = this.lenOrEnc();
    if (this.encoded) {
      switch (n) {
        case RDB_ENC_INT8:
        case RDB_ENC_INT16:
        case RDB_ENC_INT32:
          return bytesOf(String(this.encInt(n)));
        case RDB_ENC_LZF: {
          const clen = this.len();
          const len = this.len();
          const cstart = r.pos;
          r.need(clen);
          r.pos += clen;
          // A 3-byte back reference expands to at most 264 bytes: a larger claim is corrupt
          // (and must not make us allocate it).
          if (len > 0x7fffffff || len > clen * 88 + 64) this.fail("Invalid LZF compressed string", at);
          const out = lzfDecompress(r.buf, cstart, cstart + clen, len);
          if (out === null || len === 0) this.fail("Invalid LZF compressed string", at);
          return out;
        }
        default:
          this.fail(`Unknown RDB string encoding type ${n}`, at);
      }
    }
    return r.bytes(n);
  }

  private encInt(kind: number): number {
    const r = this.r;
    if (kind === RDB_ENC_INT8) {
      const b = r.u8();
      return b >= 128 ? b - 256 : b;
    }
    if (kind === RDB_ENC_INT16) {
      const v = r.u16le();
      return v >= 0x8000 ? v - 0x10000 : v;
    }
    return r.u32le() | 0;
  }

  /** A string. */
  string(): string {
    const r = this.r;
    const at = r.pos;
    const n = this.lenOrEnc();
    if (!this.encoded) return r.latin1(n);
    if (n !== RDB_ENC_LZF) {
      if (n > RDB_ENC_LZF) this.fail(`Unknown RDB string encoding type ${n}`, at);
      return String(this.encInt(n));
    }
    r.pos = at;
    const b = this.blob();
    return stringOf(b);
  }

  /** A string value: int-encoded ones come back as numbers (the "int" string encoding). */
  stringValue(): string | number {
    const r = this.r;
    const at = r.pos;
    const n = this.lenOrEnc();
    if (this.encoded && n <= RDB_ENC_INT32) return this.encInt(n);
    r.pos = at;
    return this.string();
  }

  millis(): number {
    return this.r.i64le();
  }

  binaryDouble(): number {
    return this.r.f64le();
  }

  /** rdbLoadDoubleValue: the text scores of RDB_TYPE_ZSET. */
  textDouble(): number {
    const r = this.r;
    const at = r.pos;
    const n = r.u8();
    if (n === 255) return -Infinity;
    if (n === 254) return Infinity;
    if (n === 253) return NaN;
    const s = r.latin1(n);
    const v = parseDouble(s) ?? Number(s);
    if (Number.isNaN(v) && s !== "nan") this.fail(`invalid double value "${s}"`, at);
    return v;
  }

  /** rdbLoadObject: a value of the given type, as plain data. */
  object(type: number): PlainValue {
    const at = this.r.pos;
    switch (type) {
      case RdbType.STRING:
        return { type: "string", value: this.string() };
      case RdbType.LIST: {
        const n = this.count();
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(this.string());
        return { type: "list", items };
      }
      case RdbType.SET: {
        const n = this.count();
        const members: string[] = [];
        for (let i = 0; i < n; i++) members.push(this.string());
        return { type: "set", members };
      }
      case RdbType.ZSET:
      case RdbType.ZSET_2: {
        const n = this.count(type === RdbType.ZSET_2 ? 9 : 2);
        const members: string[] = [];
        const scores: number[] = [];
        for (let i = 0; i < n; i++) {
          members.push(this.string());
          const s = type === RdbType.ZSET_2 ? this.binaryDouble() : this.textDouble();
          if (Number.isNaN(s)) this.fail("Zset with NAN score detected", at);
          scores.push(s);
        }
        return { type: "zset", members, scores };
      }
      case RdbType.HASH: {
        const n = this.count(2);
        const fv: string[] = [];
        for (let i = 0; i < n; i++) {
          fv.push(this.string());
          fv.push(this.string());
        }
        return { type: "hash", fv };
      }
      case RdbType.LIST_QUICKLIST:
      case RdbType.LIST_QUICKLIST_2: {
        const n = this.count();
        const items: string[] = [];
        for (let i = 0; i < n; i++) {
          let container = QUICKLIST_NODE_CONTAINER_PACKED;
          if (type === RdbType.LIST_QUICKLIST_2) {
            const cat = this.r.pos;
            container = this.len();
            if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN)
              this.fail("Quicklist integrity check failed.", cat);
          }
          const bat = this.r.pos;
          const blob = this.blob();
          if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
            items.push(stringOf(blob));
            continue;
          }
          const els = type === RdbType.LIST_QUICKLIST_2 ? this.nested(decodeListpack, blob, bat) : this.nested(decodeZiplist, blob, bat);
          for (const e of els) items.push(e);
        }
        return { type: "list", items };
      }
      case RdbType.LIST_ZIPLIST: {
        const bat = this.r.pos;
        return { type: "list", items: this.nested(decodeZiplist, this.blob(), bat) };
      }
      case RdbType.SET_INTSET: {
        const bat = this.r.pos;
        return { type: "set", members: this.nested(decodeIntset, this.blob(), bat) };
      }
      case RdbType.SET_LISTPACK: {
        const bat = this.r.pos;
        return { type: "set", members: this.nested(decodeListpack, this.blob(), bat) };
      }
      case RdbType.HASH_ZIPMAP: {
        const bat = this.r.pos;
        return { type: "hash", fv: this.nested(decodeZipmap, this.blob(), bat) };
      }
      case RdbType.HASH_ZIPLIST:
      case RdbType.HASH_LISTPACK: {
        const bat = this.r.pos;
        const blob = this.blob();
        const fv = type === RdbType.HASH_LISTPACK ? this.nested(decodeListpack, blob, bat) : this.nested(decodeZiplist, blob, bat);
        if (fv.length % 2 !== 0) this.fail("Hash listpack integrity check failed.", bat);
        return { type: "hash", fv };
      }
      case RdbType.ZSET_ZIPLIST:
      case RdbType.ZSET_LISTPACK: {
        const bat = this.r.pos;
        const blob = this.blob();
        const flat = type === RdbType.ZSET_LISTPACK ? this.nested(decodeListpack, blob, bat) : this.nested(decodeZiplist, blob, bat);
        if (flat.length % 2 !== 0) this.fail("Zset listpack integrity check failed.", bat);
        const members: string[] = [];
        const scores: number[] = [];
        for (let i = 0; i < flat.length; i += 2) {
          members.push(flat[i]!);
          const s = parseDouble(flat[i + 1]!);
          if (s === null) this.fail("Zset listpack integrity check failed.", bat);
          scores.push(s);
        }
        return { type: "zset", members, scores };
      }
      case RdbType.STREAM_LISTPACKS:
      case RdbType.STREAM_LISTPACKS_2:
      case RdbType.STREAM_LISTPACKS_3:
        return { type: "stream", ...this.stream(type) };
      case RdbType.MODULE_PRE_GA:
      case RdbType.MODULE_2:
        this.fail("module data types are not supported by redbun", at - 1);
      default:
        this.fail(`Unknown RDB encoding type ${type}`, at - 1);
    }
  }

  /** Decodes a nested structure, mapping its errors to offsets in this file. */
  private nested(decode: (b: Uint8Array, base: number) => string[], blob: Uint8Array, at: number): string[] {
    try {
      return decode(blob, at);
    } catch (e) {
      if (e instanceof FormatError) throw new FormatError(`${e.message} (in the value at offset ${at})`, at);
      throw e;
    }
  }
}

/** True for the type bytes rdbLoadObjectType accepts. */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 21);
}

// ---------------------------------------------------------------------------
// Whole files
// ---------------------------------------------------------------------------

export interface RdbVisitor {
  aux?(key: string, value: string): void;
  selectDb?(db: number): void;
  resizeDb?(dbSize: number, expiresSize: number): void;
  /** A key of the current database; expireAt is -1 without expiry. */
  key(db: number, key: string, value: PlainValue, expireAt: number): void;
  /** A function library (FUNCTION2 opcode). */
  functionLib?(code: string): void;
  /** A module's aux data cannot be loaded: default is to fail. */
}

export interface RdbParseOptions {
  /** Verify the CRC64 at the end (rdbchecksum). */
  checksum?: boolean;
  /** Number of databases the server has (SELECTDB beyond it fails). */
  databases?: number;
  /** Stop after EOF + checksum even if bytes follow (RDB preamble of an AOF). */
  allowTrailing?: boolean;
}

export interface RdbParseResult {
  version: number;
  /** Offset just after the checksum (where an AOF tail starts). */
  end: number;
  keys: number;
  /** The stored checksum was 0 (saved with rdbchecksum no). */
  checksumSkipped: boolean;
}

/** Parses an RDB file from memory, calling the visitor for each key. Throws FormatError. */
export function parseRdb(buf: Uint8Array, visitor: RdbVisitor, opts: RdbParseOptions = {}): RdbParseResult {
  const rd = new RdbReader(buf);
  const r = rd.r;
  if (buf.length < 9) rd.fail("Short read or OOM loading DB. Unrecoverable error, aborting now.", 0);
  const magic = r.latin1(9);
  if (!magic.startsWith("REDIS")) rd.fail("Wrong signature trying to load DB from file", 0);
  const version = Number(magic.slice(5));
  if (!/^\d{4}$/.test(magic.slice(5)) || version < 1 || version > RDB_VERSION) rd.fail(`Can't handle RDB format version ${magic.slice(5)}`, 5);
  const databases = opts.databases ?? 16;
  let db = 0;
  let keys = 0;
  let expireAt = -1;
  for (;;) {
    const at = r.pos;
    const t = r.u8();
    switch (t) {
      case RdbOp.EXPIRETIME:
        expireAt = (r.u32le() | 0) * 1000;
        continue;
      case RdbOp.EXPIRETIME_MS:
        expireAt = rd.millis();
        continue;
      case RdbOp.FREQ:
        r.u8();
        continue;
      case RdbOp.IDLE:
        rd.len();
        continue;
      case RdbOp.EOF:
        break;
      case RdbOp.SELECTDB: {
        db = rd.len();
        if (db >= databases)
          rd.fail(`FATAL: Data file was created with a Redis server configured to handle more than ${databases} databases. Exiting`, at);
        visitor.selectDb?.(db);
        continue;
      }
      case RdbOp.RESIZEDB: {
        const a = rd.len();
        const b = rd.len();
        visitor.resizeDb?.(a, b);
        continue;
      }
      case RdbOp.AUX: {
        const k = rd.string();
        const v = rd.string();
        visitor.aux?.(k, v);
        continue;
      }
      case RdbOp.MODULE_AUX:
        return rd.fail("The RDB file contains AUX module data redbun cannot load (modules are not supported)", at);
      case RdbOp.FUNCTION_PRE_GA:
        return rd.fail("Pre-release function format not supported.", at);
      case RdbOp.FUNCTION2: {
        const code = rd.string();
        visitor.functionLib?.(code);
        continue;
      }
      default: {
        if (!isObjectType(t)) rd.fail(`Unknown RDB encoding type ${t}`, at);
        const key = rd.string();
        const value = rd.object(t);
        visitor.key(db, key, value, expireAt);
        keys++;
        expireAt = -1;
        continue;
      }
    }
    break;
  }
  let checksumSkipped = false;
  if (version >= 5) {
    const at = r.pos;
    r.need(8);
    const allZero = buf[at] === 0 && buf.subarray(at, at + 8).every((b) => b === 0);
    if (allZero) checksumSkipped = true;
    else if (opts.checksum !== false) {
      const c = crc64(buf, 0, at);
      const stored = r.bytes(8);
      const got = new Crc64();
      got.lo = (stored[0]! | (stored[1]! << 8) | (stored[2]! << 16) | (stored[3]! << 24)) >>> 0;
      got.hi = (stored[4]! | (stored[5]! << 8) | (stored[6]! << 16) | (stored[7]! << 24)) >>> 0;
      if (got.lo !== c.lo || got.hi !== c.hi) rd.fail(`Wrong RDB checksum expected: (${got.hex()}) got (${c.hex()}). Aborting now.`, at);
      r.pos = at;
    }
    r.pos = at + 8;
  }
  return { version, end: r.pos, keys, checksumSkipped };
}

export interface RdbFileHeader {
  /** aof-base 1 for the base of an AOF. */
  aofBase?: boolean;
  usedMem?: number;
  ctime?: number;
}

/** Writes "REDIS0010" and the aux fields Redis 7.0 writes. */
export function writeRdbHeader(rw: RdbWriter, redisVersion: string, h: RdbFileHeader = {}): void {
  rw.w.latin1(`REDIS${String(RDB_VERSION).padStart(4, "0")}`);
  const aux = (k: string, v: string) => {
    rw.type(RdbOp.AUX);
    rw.string(k);
    rw.string(v);
  };
  aux("redis-ver", redisVersion);
  aux("redis-bits", "64");
  aux("ctime", String(h.ctime ?? Math.floor(Date.now() / 1000)));
  aux("used-mem", String(h.usedMem ?? process.memoryUsage.rss?.() ?? 0));
  aux("aof-base", h.aofBase ? "1" : "0");
}

export function writeSelectDb(rw: RdbWriter, db: number, size: number, expires: number): void {
  rw.type(RdbOp.SELECTDB);
  rw.len(db);
  rw.type(RdbOp.RESIZEDB);
  rw.len(size);
  rw.len(expires);
}

/** Writes EOF and the checksum (0 when checksums are off), and flushes. */
export function writeRdbTrailer(rw: RdbWriter): void {
  rw.trailer();
}

export { FormatError };

// ---------------------------------------------------------------------------
// DUMP payloads: <type> <value> <RDB version u16le> <CRC64 le>
// ---------------------------------------------------------------------------

/** Builds a DUMP payload around a value written by `fill` (type byte included). */
export function dumpPayload(fill: (rw: RdbWriter) => void, compress = true): Uint8Array {
  const rw = new RdbWriter({ compress, checksum: false });
  fill(rw);
  rw.w.u16le(RDB_VERSION);
  const crc = crc64(rw.w.view());
  rw.w.bytes(crc.bytesLE());
  return rw.w.view().slice();
}

/** verifyDumpPayload: length, RDB version (<= ours) and CRC64. */
export function verifyDumpPayload(b: Uint8Array): boolean {
  if (b.length < 10) return false;
  const f = b.length - 10;
  const ver = b[f]! | (b[f + 1]! << 8);
  if (ver > RDB_VERSION) return false;
  const crc = crc64(b, 0, b.length - 8);
  for (let i = 0; i < 8; i++) {
    const byte = i < 4 ? (crc.lo >>> (8 * i)) & 0xff : (crc.hi >>> (8 * (i - 4))) & 0xff;
    if (b[b.length - 8 + i] !== byte) return false;
  }
  return true;
}

/** Reads the value of a verified DUMP payload. Throws FormatError on bad data. */
export function readDumpPayload(b: Uint8Array): PlainValue {
  // As Redis's rio buffer: the object may read into the footer (Redis does not stop at it).
  const rd = new RdbReader(b, 0, b.length);
  const t = rd.u8();
  if (!isObjectType(t)) rd.fail(`Unknown RDB encoding type ${t}`, 0);
  return rd.object(t);
}
