// HyperLogLog commands (Redis 7.0's hyperloglog.c): PFADD, PFCOUNT, PFMERGE,
// PFDEBUG, PFSELFTEST.
//
// An HLL is a plain string value holding Redis's exact bytes (see
// src/store/hll.ts for the format), so GET, DUMP/RESTORE, the RDB and
// replication see what Redis would. Like Redis's dbUnshareStringValue, every
// command that may write turns the value into a plain RawString first:
//   - a dense HLL (12304 bytes) is edited in place through RawString.bytes();
//   - a sparse HLL (at most hll-sparse-max-bytes, 3000 by default) is edited
//     in a reused work buffer, whose opcodes grow and shrink, and stored back
//     as a new RawString once per command.
//
// PFCOUNT is a read-only command that writes: it refreshes the cached
// cardinality in the header. Redis then counts a change (dirty++) and, as
// for any command that dirtied the dataset, propagates it; the dispatcher
// here propagates only commands flagged "write", so the handler hands PFCOUNT
// to the propagation point itself.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import {
  cacheValid,
  count,
  countRaw,
  decodeSparse,
  denseGet,
  denseSetRegister,
  estimate,
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_ENC_OFFSET,
  HLL_HASH_SEED,
  HLL_HDR_SIZE,
  HLL_P_MASK,
  HLL_REGISTER_MAX,
  HLL_REGISTERS,
  HLL_SPARSE,
  HllBuf,
  invalidateCache,
  isValidHll,
  isValidHllString,
  mergeInto,
  patLen,
  patLenOfHash,
  readCachedCard,
  sparseSet,
  sparseToDense,
  SPARSE_PROMOTE,
  SparseCursor,
  writeCachedCard,
} from "../store/hll.ts";
import { isString, RawString, type Value } from "../store/types.ts";
import { murmurHash64ABytes } from "../util/murmur64.ts";
import { readKey, written } from "./access.ts";
import { err } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

/** isHLLObjectOrReply's reply for a string that is not an HLL. */
const NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const INVALID_HLL = "INVALIDOBJ Corrupted HLL object detected";

/** The sparse HLL being edited (commands run one at a time). */
const work = new HllBuf();
/** PFMERGE sets the registers in increasing order: each edit starts near the last one. */
const cursor = new SparseCursor();
/** Registers of the union (PFCOUNT of several keys, PFMERGE), one byte each. */
const maxRegs = new Uint8Array(HLL_REGISTERS);
/** Bytes of a plain-string value being read, reused. */
let scratch = Buffer.alloc(HLL_DENSE_SIZE);

/**
 * isHLLObjectOrReply: whether v is a string holding a valid HLL header (and
 * a dense HLL has the exact dense size). Replies WRONGTYPE when not.
 */
function checkHll(c: Client, v: Value): v is string | RawString {
  if (!isString(v)) {
    err(c, E.WRONGTYPE);
    return false;
  }
  let ok: boolean;
  if (typeof v === "number") ok = false; // int-encoded: not sds, never an HLL
  else if (typeof v === "string") ok = isValidHllString(v);
  else ok = isValidHll(v.view(), v.length);
  if (!ok) err(c, NOT_HLL);
  return ok;
}

/** The bytes of a valid HLL value for reading, without changing how it is stored. */
function readBytes(v: string | RawString): Uint8Array {
  if (typeof v === "object") return v.view();
  const n = v.length;
  if (n > scratch.length) scratch = Buffer.alloc(n);
  scratch.write(v, 0, n, "latin1");
  return scratch.subarray(0, n);
}

/** dbUnshareStringValue: the value at key as a plain RawString that may be edited in place. */
function unshare(c: Client, key: string, v: string | RawString): RawString {
  if (typeof v === "object" && v.constructor === RawString) return v;
  const r = new RawString(typeof v === "object" ? v.s : v);
  c.db.replace(key, r);
  return r;
}

/** Stores the work buffer's sparse HLL at key (created, or replacing the value and keeping its TTL). */
function storeWork(c: Client, key: string, isNew: boolean): RawString {
  const r = RawString.fromBytes(work.toBuffer());
  if (isNew) c.db.set(key, r);
  else c.db.replace(key, r);
  return r;
}

/** Stores a dense HLL's bytes at key; returns its writable buffer. */
function storeDense(c: Client, key: string, d: Buffer, isNew: boolean): Buffer {
  const r = RawString.fromBytes(d);
  if (isNew) c.db.set(key, r);
  else c.db.replace(key, r);
  return r.bytes(0);
}

function maxSparseBytes(c: Client): number {
  return c.server.config.getInt("hll-sparse-max-bytes");
}

/** A cardinality as Redis's addReplyLongLong sends the uint64 (2^63 and above wrap negative). */
function replyCard(c: Client, card: number | bigint): void {
  if (typeof card === "bigint") c.w.int(BigInt.asIntN(64, card));
  else if (card > Number.MAX_SAFE_INTEGER) c.w.int(BigInt(card));
  else c.w.int(card);
}

// --- PFADD -------------------------------------------------------------------

/** PFADD key [element ...] */
function pfadd(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const v = c.db.get(key);
  let updated = 0;
  let isNew = false;
  let r: RawString | null = null;
  if (v === undefined) {
    // createHLLObject + dbAdd: a creation counts as an update.
    isNew = true;
    work.loadEmpty();
    updated = 1;
  } else {
    if (!checkHll(c, v)) return;
    r = unshare(c, key, v);
  }

  const argc = argv.length;
  // Dense: the value's bytes (a read view until the first change, then the
  // writable buffer). Sparse: the work buffer, with `workChanged` telling
  // whether it must be stored back.
  let dense: Uint8Array | null = null;
  let writable = false;
  let workChanged = false;
  if (r !== null) {
    const p = r.view();
    if (p[HLL_ENC_OFFSET] === HLL_DENSE) dense = p;
    else work.load(p, r.length);
  }
  let failed = false;
  let maxBytes = -1;
  for (let j = 2; j < argc; j++) {
    const pl = patLen(argv[j]!);
    const index = pl & HLL_P_MASK;
    const cnt = Math.floor(pl / HLL_REGISTERS);
    if (dense !== null) {
      if (cnt > denseGet(dense, HLL_HDR_SIZE, index)) {
        if (!writable) {
          dense = r!.bytes(0);
          writable = true;
        }
        denseSetRegister(dense, HLL_HDR_SIZE, index, cnt);
        updated++;
      }
      continue;
    }
    if (maxBytes < 0) maxBytes = maxSparseBytes(c);
    const rv = sparseSet(work, index, cnt, maxBytes);
    if (rv === 1) {
      updated++;
      workChanged = true;
    } else if (rv === SPARSE_PROMOTE) {
      const d = sparseToDense(work.buf, work.len);
      if (d === null) {
        failed = true;
        break;
      }
      denseSetRegister(d, HLL_HDR_SIZE, index, cnt); // always raises it (Redis asserts so)
      updated++;
      dense = storeDense(c, key, d, isNew);
      isNew = false;
      writable = true;
      workChanged = false;
    } else if (rv === -1) {
      failed = true;
      break;
    }
  }

  if (failed) {
    // Redis replies the error without signalling the key, but what was
    // already edited stays.
    if (workChanged) storeWork(c, key, isNew);
    err(c, INVALID_HLL);
    return;
  }
  if (updated > 0) {
    if (dense !== null) {
      if (!writable) dense = r!.bytes(0);
      invalidateCache(dense);
    } else {
      invalidateCache(work.buf);
    }
  }
  if (dense === null && (workChanged || isNew)) storeWork(c, key, isNew);
  if (updated > 0) {
    written(c, key, N.STRING, "pfadd");
    c.server.prop.dirty += updated - 1; // server.dirty += updated
  }
  c.w.int(updated > 0 ? 1 : 0);
}

// --- PFCOUNT -----------------------------------------------------------------

/** PFCOUNT key [key ...] */
function pfcount(c: Client, argv: string[]): void {
  const argc = argv.length;
  if (argc > 2) {
    // Cardinality of the union: registers M[i] = MAX(M[i] of each key).
    maxRegs.fill(0);
    for (let j = 1; j < argc; j++) {
      const v = readKey(c, argv[j]!);
      if (v === undefined) continue; // an empty HLL
      if (!checkHll(c, v)) return;
      const p = readBytes(v);
      if (!mergeInto(maxRegs, p, p.length)) return err(c, INVALID_HLL);
    }
    return replyCard(c, countRaw(maxRegs));
  }

  const key = argv[1]!;
  const v = readKey(c, key);
  if (v === undefined) return c.w.int(0);
  if (!checkHll(c, v)) return;
  const r = unshare(c, key, v);
  const p = r.view();
  if (cacheValid(p)) return replyCard(c, readCachedCard(p));
  const card = count(p, r.length);
  if (card === -1) return err(c, INVALID_HLL);
  writeCachedCard(r.bytes(0), card);
  // The cache update is a change (signalModifiedKey, dirty++): the dispatcher
  // propagates it although PFCOUNT is read-only, as Redis does.
  const prop = c.server.prop;
  prop.keyChanged(c.db.id, key);
  prop.dirty++;
  replyCard(c, card);
}

// --- PFMERGE -----------------------------------------------------------------

/** PFMERGE destkey [sourcekey ...] */
function pfmerge(c: Client, argv: string[]): void {
  const argc = argv.length;
  maxRegs.fill(0);
  let useDense = false;
  // The destination is merged too (it is argv[1]).
  for (let j = 1; j < argc; j++) {
    const v = readKey(c, argv[j]!);
    if (v === undefined) continue;
    if (!checkHll(c, v)) return;
    const p = readBytes(v);
    if (p[HLL_ENC_OFFSET] === HLL_DENSE) useDense = true;
    if (!mergeInto(maxRegs, p, p.length)) return err(c, INVALID_HLL);
  }

  const key = argv[1]!;
  const v = c.db.get(key);
  let isNew = false;
  let dense: Uint8Array | null = null;
  if (v === undefined) {
    isNew = true;
    work.loadEmpty();
  } else {
    // Checked to be an HLL above.
    const r = unshare(c, key, v as string | RawString);
    const p = r.view();
    if (p[HLL_ENC_OFFSET] === HLL_DENSE) dense = r.bytes(0);
    else work.load(p, r.length);
  }
  if (useDense && dense === null) {
    const d = sparseToDense(work.buf, work.len);
    if (d === null) {
      if (isNew) storeWork(c, key, true);
      return err(c, INVALID_HLL);
    }
    dense = storeDense(c, key, d, isNew);
    isNew = false;
  }

  let workChanged = isNew;
  let maxBytes = -1;
  cursor.reset();
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const val = maxRegs[j]!;
    if (val === 0) continue;
    if (dense !== null) {
      if (val > denseGet(dense, HLL_HDR_SIZE, j)) denseSetRegister(dense, HLL_HDR_SIZE, j, val);
      continue;
    }
    if (maxBytes < 0) maxBytes = maxSparseBytes(c);
    const rv = sparseSet(work, j, val, maxBytes, cursor);
    if (rv === 1) {
      workChanged = true;
    } else if (rv === SPARSE_PROMOTE) {
      const d = sparseToDense(work.buf, work.len);
      if (d === null) continue; // Redis ignores hllSparseSet's failure here
      denseSetRegister(d, HLL_HDR_SIZE, j, val);
      dense = storeDense(c, key, d, isNew);
      isNew = false;
      workChanged = false;
    }
  }
  if (dense !== null) {
    invalidateCache(dense);
  } else {
    invalidateCache(work.buf);
    workChanged = true;
  }
  if (workChanged) storeWork(c, key, isNew);
  written(c, key, N.STRING, "pfadd");
  c.w.ok();
}

// --- PFDEBUG -----------------------------------------------------------------

/** Redis compares the subcommand as a C string. */
function cstr(a: string): string {
  const i = a.indexOf("\0");
  return i === -1 ? a : a.slice(0, i);
}

/** PFDEBUG <subcommand> <key> */
function pfdebug(c: Client, argv: string[]): void {
  const cmd = cstr(argv[1]!);
  const key = argv[2]!;
  const v = c.db.get(key);
  if (v === undefined) return err(c, "ERR The specified key does not exist");
  if (!checkHll(c, v)) return;
  const r = unshare(c, key, v);
  const p = r.view();
  const sparse = p[HLL_ENC_OFFSET] === HLL_SPARSE;
  const sub = cmd.toLowerCase();

  if (sub === "getreg") {
    let regs: Uint8Array = p;
    if (sparse) {
      const d = sparseToDense(p, p.length);
      if (d === null) return err(c, INVALID_HLL);
      c.db.replace(key, RawString.fromBytes(d));
      c.server.prop.dirty++; // forces propagation of the encoding change
      regs = d;
    }
    c.w.arrayHeader(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.w.int(denseGet(regs, HLL_HDR_SIZE, j));
  } else if (sub === "decode") {
    if (!sparse) return err(c, "ERR HLL encoding is not sparse");
    c.w.bulk(decodeSparse(p, p.length));
  } else if (sub === "encoding") {
    c.w.simple(sparse ? "sparse" : "dense");
  } else if (sub === "todense") {
    if (!sparse) return c.w.int(0);
    const d = sparseToDense(p, p.length);
    if (d === null) return err(c, INVALID_HLL);
    c.db.replace(key, RawString.fromBytes(d));
    c.server.prop.dirty++;
    c.w.int(1);
  } else {
    err(c, `ERR Unknown PFDEBUG subcommand '${cmd}'`);
  }
}

// --- PFSELFTEST --------------------------------------------------------------

const TEST_CYCLES = 1000;
const TEST_ELEMENTS = 1_000_000;

/**
 * PFSELFTEST: checks this implementation as Redis checks its own: the dense
 * register accessors against a byte array, then a dense and a sparse HLL fed
 * the same elements (the sparse one promoted to dense past
 * hll-sparse-max-bytes): at each power of ten the sparse encoding must still
 * be used while small, both must give the same count, and the count must be
 * within 6 standard errors (1 at 10 elements). 10^6 elements instead of
 * Redis's 10^7 keep it well under a second.
 */
function pfselftest(c: Client, _argv: string[]): void {
  const msg = selfTest(c.server.config.getInt("hll-sparse-max-bytes"));
  if (msg === null) c.w.ok();
  else err(c, msg);
}

/** The self test: null when it passes, else the TESTFAILED error. */
export function selfTest(configMaxBytes: number): string | null {
  // With a very large hll-sparse-max-bytes the sparse HLL would stay sparse
  // for all 10^6 elements, each edit scanning ~16 KB of opcodes: test the
  // promotion at Redis's default size at most.
  const maxBytes = Math.min(configMaxBytes, 3000);
  const regs = Buffer.alloc(HLL_DENSE_SIZE);
  const bytecounters = new Uint8Array(HLL_REGISTERS);
  for (let j = 0; j < TEST_CYCLES; j++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = Math.floor(Math.random() * 256) & HLL_REGISTER_MAX;
      bytecounters[i] = r;
      denseSetRegister(regs, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const val = denseGet(regs, HLL_HDR_SIZE, i);
      if (val !== bytecounters[i]) return `TESTFAILED Register ${i} should be ${bytecounters[i]} but is ${val}`;
    }
  }

  // A dense HLL (regs) and a sparse one (promoted as it grows) fed the same
  // 8-byte elements (j XOR a random 64-bit seed, little endian).
  regs.fill(0);
  regs.write("HYLL", 0, "latin1");
  regs[HLL_ENC_OFFSET] = HLL_DENSE;
  const sparse = new HllBuf();
  sparse.loadEmpty();
  let promoted: Buffer | null = null;
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seedLo = (Math.random() * 4294967296) >>> 0;
  const seedHi = (Math.random() * 4294967296) >>> 0;
  const ele = new Uint8Array(8);
  ele[4] = seedHi & 0xff;
  ele[5] = (seedHi >>> 8) & 0xff;
  ele[6] = (seedHi >>> 16) & 0xff;
  ele[7] = seedHi >>> 24;
  const hash = new Uint32Array(2);
  for (let j = 1; j <= TEST_ELEMENTS; j++) {
    const lo = (j ^ seedLo) >>> 0;
    ele[0] = lo & 0xff;
    ele[1] = (lo >>> 8) & 0xff;
    ele[2] = (lo >>> 16) & 0xff;
    ele[3] = lo >>> 24;
    murmurHash64ABytes(ele, 0, 8, HLL_HASH_SEED, hash);
    const pl = patLenOfHash(hash[0]!, hash[1]!);
    const index = pl & HLL_P_MASK;
    const cnt = Math.floor(pl / HLL_REGISTERS);
    if (cnt > denseGet(regs, HLL_HDR_SIZE, index)) denseSetRegister(regs, HLL_HDR_SIZE, index, cnt);
    if (promoted !== null) {
      if (cnt > denseGet(promoted, HLL_HDR_SIZE, index)) denseSetRegister(promoted, HLL_HDR_SIZE, index, cnt);
    } else {
      const rv = sparseSet(sparse, index, cnt, maxBytes);
      if (rv === SPARSE_PROMOTE) {
        promoted = sparseToDense(sparse.buf, sparse.len);
        if (promoted === null) return "TESTFAILED sparse to dense conversion failed";
        denseSetRegister(promoted, HLL_HDR_SIZE, index, cnt);
      } else if (rv === -1) {
        return "TESTFAILED invalid sparse representation";
      }
    }
    if (j !== checkpoint) continue;

    if (j < Math.floor(maxBytes / 2) && promoted !== null) return "TESTFAILED sparse encoding not used";
    const denseCard = count(regs, HLL_DENSE_SIZE);
    const otherCard = promoted !== null ? count(promoted, HLL_DENSE_SIZE) : count(sparse.buf, sparse.len);
    if (denseCard !== otherCard) return "TESTFAILED dense/sparse disagree";
    let maxerr = Math.ceil(relerr * 6 * checkpoint);
    // Very small cardinalities are estimated almost exactly.
    if (j === 10) maxerr = 1;
    const abserr = Math.abs(checkpoint - Number(denseCard));
    if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
    checkpoint *= 10;
  }
  // The estimator of an empty HLL is exactly 0.
  const empty = new Int32Array(64);
  empty[0] = HLL_REGISTERS;
  if (estimate(empty) !== 0) return "TESTFAILED empty HLL count is not 0";
  return null;
}

export const hyperloglogCommands: CommandDef[] = [
  { name: "pfadd", arity: -2, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: pfadd },
  { name: "pfcount", arity: -2, flags: ["readonly", "may_replicate"], keys: [1, -1, 1], handler: pfcount },
  { name: "pfmerge", arity: -2, flags: ["write", "denyoom"], keys: [1, -1, 1], handler: pfmerge },
  { name: "pfdebug", arity: 3, flags: ["write", "denyoom", "admin"], keys: [2, 2, 1], handler: pfdebug },
  { name: "pfselftest", arity: 1, flags: ["admin"], handler: pfselftest },
];
