// The HyperLogLog byte format of Redis 7.0 (hyperloglog.c), so that an HLL
// is an ordinary string value whose bytes are exactly those Redis stores:
// GET, DUMP/RESTORE, RDB and replication carry it unchanged.
//
// Layout: a 16-byte header
//   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cached cardinality
//   (64-bit little endian; its most significant bit set = stale)
// followed by the registers (16384 of them, 6 bits each):
//   dense:  12288 bytes, register i at bit 6*i, bits taken from each byte's
//           LSB upwards and continuing into the next byte;
//   sparse: run-length opcodes
//           ZERO  00xxxxxx           xxxxxx+1 registers (1..64) set to 0
//           XZERO 01xxxxxx yyyyyyyy  (xxxxxx<<8|yyyyyyyy)+1 registers (1..16384) set to 0
//           VAL   1vvvvvxx           xx+1 registers (1..4) set to vvvvv+1 (1..32)
//
// Functions here work on plain byte arrays; the commands (src/commands/
// hyperloglog.ts) handle keys, replies and the string value's storage. The
// algorithms, down to the order of floating point operations in the
// estimator and the exact shape of sparse-representation edits, follow
// Redis line by line, because the stored bytes and the counts must match.

import { murmurHash64A } from "../util/murmur64.ts";

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >>> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
export const HLL_MAX_ENCODING = 1;
/** Byte offset of the encoding in the header. */
export const HLL_ENC_OFFSET = 4;
/** Byte offset of the cached cardinality. */
export const HLL_CARD_OFFSET = 8;

const HLL_SPARSE_VAL_MAX_VALUE = 32;
const HLL_SPARSE_VAL_MAX_LEN = 4;
const HLL_SPARSE_ZERO_MAX_LEN = 64;
const HLL_SPARSE_XZERO_MAX_LEN = 16384;
const HLL_ALPHA_INF = 0.721347520444481703680; // constant for 0.5/ln(2)

/** The seed Redis's hllPatLen() passes to MurmurHash64A. */
export const HLL_HASH_SEED = 0xadc83b19;

// --- header ------------------------------------------------------------------

/** isHLLObjectOrReply's checks on a string value's bytes. */
export function isValidHll(p: Uint8Array, len: number): boolean {
  if (len < HLL_HDR_SIZE) return false;
  if (p[0] !== 72 || p[1] !== 89 || p[2] !== 76 || p[3] !== 76) return false; // "HYLL"
  const enc = p[HLL_ENC_OFFSET]!;
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && len !== HLL_DENSE_SIZE) return false;
  return true;
}

/** Same checks on a binary string (without making bytes of it). */
export function isValidHllString(s: string): boolean {
  const len = s.length;
  if (len < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(HLL_ENC_OFFSET);
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && len !== HLL_DENSE_SIZE) return false;
  return true;
}

/** HLL_VALID_CACHE */
export function cacheValid(p: Uint8Array): boolean {
  return (p[HLL_CARD_OFFSET + 7]! & 0x80) === 0;
}

/** HLL_INVALIDATE_CACHE */
export function invalidateCache(p: Uint8Array): void {
  p[HLL_CARD_OFFSET + 7]! |= 0x80;
}

/** The cached cardinality (call when cacheValid): a number, or a bigint beyond 2^53. */
export function readCachedCard(p: Uint8Array): number | bigint {
  const o = HLL_CARD_OFFSET;
  const lo = (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
  const hi = (p[o + 4]! | (p[o + 5]! << 8) | (p[o + 6]! << 16) | (p[o + 7]! << 24)) >>> 0;
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Stores a cardinality (as hllCount returns it, uint64) into the cache field. */
export function writeCachedCard(p: Uint8Array, card: number | bigint): void {
  const o = HLL_CARD_OFFSET;
  let lo: number;
  let hi: number;
  if (typeof card === "number") {
    lo = card % 4294967296;
    hi = Math.floor(card / 4294967296);
  } else {
    lo = Number(card & 0xffffffffn);
    hi = Number((card >> 32n) & 0xffffffffn);
  }
  p[o] = lo & 0xff;
  p[o + 1] = (lo >>> 8) & 0xff;
  p[o + 2] = (lo >>> 16) & 0xff;
  p[o + 3] = (lo >>> 24) & 0xff;
  p[o + 4] = hi & 0xff;
  p[o + 5] = (hi >>> 8) & 0xff;
  p[o + 6] = (hi >>> 16) & 0xff;
  p[o + 7] = (hi >>> 24) & 0xff;
}

// --- hashing -----------------------------------------------------------------

const hashOut = new Uint32Array(2);

/**
 * hllPatLen: the register an element hashes to and the length of the run of
 * zeroes (plus one) in the rest of its hash, packed as count * 2^14 + index.
 */
export function patLen(ele: string): number {
  murmurHash64A(ele, HLL_HASH_SEED, hashOut);
  return patLenOfHash(hashOut[0]!, hashOut[1]!);
}

/** patLen for an already computed 64-bit hash (hi:lo). */
export function patLenOfHash(hi: number, lo: number): number {
  const index = lo & HLL_P_MASK;
  // hash >>= P; hash |= 1 << Q; count = trailing zeroes + 1.
  const l = ((lo >>> HLL_P) | (hi << (32 - HLL_P))) >>> 0;
  const h = (hi >>> HLL_P) | (1 << (HLL_Q - 32));
  let count: number;
  if (l !== 0) count = 32 - Math.clz32(l & -l);
  else count = 32 + 32 - Math.clz32(h & -h);
  return count * HLL_REGISTERS + index;
}

// --- dense representation ----------------------------------------------------

/** HLL_DENSE_GET_REGISTER, registers starting at p[off]. */
export function denseGet(p: Uint8Array, off: number, regnum: number): number {
  const bit = regnum * HLL_BITS;
  const byte = off + (bit >>> 3);
  const fb = bit & 7;
  // Only a register starting past bit 2 reaches into the next byte (which,
  // for the last register, Redis reads from the sds terminator).
  if (fb <= 2) return (p[byte]! >>> fb) & HLL_REGISTER_MAX;
  return ((p[byte]! >>> fb) | (p[byte + 1]! << (8 - fb))) & HLL_REGISTER_MAX;
}

/** HLL_DENSE_SET_REGISTER */
export function denseSetRegister(p: Uint8Array, off: number, regnum: number, val: number): void {
  const bit = regnum * HLL_BITS;
  const byte = off + (bit >>> 3);
  const fb = bit & 7;
  p[byte] = (p[byte]! & ~(HLL_REGISTER_MAX << fb)) | ((val << fb) & 0xff);
  if (fb > 2) {
    const fb8 = 8 - fb;
    p[byte + 1] = (p[byte + 1]! & ~(HLL_REGISTER_MAX >>> fb8)) | (val >>> fb8);
  }
}

/** hllDenseSet: raises register `index` to `count`; 1 if it changed. */
export function denseSet(p: Uint8Array, off: number, index: number, count: number): number {
  if (count > denseGet(p, off, index)) {
    denseSetRegister(p, off, index, count);
    return 1;
  }
  return 0;
}

/** hllDenseAdd on a dense HLL whose header is at p[0]. */
export function denseAdd(p: Uint8Array, ele: string): number {
  const pl = patLen(ele);
  return denseSet(p, HLL_HDR_SIZE, pl & HLL_P_MASK, Math.floor(pl / HLL_REGISTERS));
}

/** hllDenseRegHisto: registers at p[off], 16 registers (12 bytes) at a time. */
export function denseRegHisto(p: Uint8Array, off: number, reghisto: Int32Array): void {
  let r = off;
  for (let j = 0; j < 1024; j++) {
    const b0 = p[r]!;
    const b1 = p[r + 1]!;
    const b2 = p[r + 2]!;
    const b3 = p[r + 3]!;
    const b4 = p[r + 4]!;
    const b5 = p[r + 5]!;
    const b6 = p[r + 6]!;
    const b7 = p[r + 7]!;
    const b8 = p[r + 8]!;
    const b9 = p[r + 9]!;
    const b10 = p[r + 10]!;
    const b11 = p[r + 11]!;
    reghisto[b0 & 63]!++;
    reghisto[((b0 >>> 6) | (b1 << 2)) & 63]!++;
    reghisto[((b1 >>> 4) | (b2 << 4)) & 63]!++;
    reghisto[b2 >>> 2]!++;
    reghisto[b3 & 63]!++;
    reghisto[((b3 >>> 6) | (b4 << 2)) & 63]!++;
    reghisto[((b4 >>> 4) | (b5 << 4)) & 63]!++;
    reghisto[b5 >>> 2]!++;
    reghisto[b6 & 63]!++;
    reghisto[((b6 >>> 6) | (b7 << 2)) & 63]!++;
    reghisto[((b7 >>> 4) | (b8 << 4)) & 63]!++;
    reghisto[b8 >>> 2]!++;
    reghisto[b9 & 63]!++;
    reghisto[((b9 >>> 6) | (b10 << 2)) & 63]!++;
    reghisto[((b10 >>> 4) | (b11 << 4)) & 63]!++;
    reghisto[b11 >>> 2]!++;
    r += 12;
  }
}

// --- sparse representation ---------------------------------------------------

const isZero = (b: number): boolean => (b & 0xc0) === 0;
const isXzero = (b: number): boolean => (b & 0xc0) === 0x40;
const isVal = (b: number): boolean => (b & 0x80) !== 0;
const zeroLen = (b: number): number => (b & 0x3f) + 1;
const xzeroLen = (b: number, b1: number): number => (((b & 0x3f) << 8) | b1) + 1;
const valValue = (b: number): number => ((b >>> 2) & 0x1f) + 1;
const valLen = (b: number): number => (b & 0x3) + 1;
const valByte = (val: number, len: number): number => (((val - 1) << 2) | (len - 1) | 0x80) & 0xff;

/**
 * A sparse (or freshly converted) HLL being edited: bytes [0, len) are the
 * value, and the byte at len is always 0, as the terminator of Redis's sds
 * string is (Redis reads it when an XZERO opcode is cut short).
 */
export class HllBuf {
  buf: Uint8Array = new Uint8Array(4096);
  len = 0;

  /** Room for n value bytes plus the terminator, keeping the contents. */
  reserve(n: number): void {
    if (n + 1 <= this.buf.length) return;
    const next = new Uint8Array(Math.max(n + 1, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Loads a value's bytes. */
  load(p: Uint8Array, len: number): void {
    this.len = 0;
    this.reserve(len + 3);
    this.buf.set(p.subarray(0, len));
    this.buf[len] = 0;
    this.len = len;
  }

  /** createHLLObject: an empty sparse HLL (XZERO:16384, cached cardinality 0). */
  loadEmpty(): void {
    this.len = 0;
    this.reserve(HLL_HDR_SIZE + 2 + 3);
    const b = this.buf;
    b.fill(0, 0, HLL_HDR_SIZE + 3);
    b[0] = 72; // H
    b[1] = 89; // Y
    b[2] = 76; // L
    b[3] = 76; // L
    b[HLL_ENC_OFFSET] = HLL_SPARSE;
    let p = HLL_HDR_SIZE;
    let aux = HLL_REGISTERS;
    while (aux > 0) {
      const xzero = aux < HLL_SPARSE_XZERO_MAX_LEN ? aux : HLL_SPARSE_XZERO_MAX_LEN;
      b[p] = ((xzero - 1) >>> 8) | 0x40;
      b[p + 1] = (xzero - 1) & 0xff;
      p += 2;
      aux -= xzero;
    }
    this.len = p;
    b[p] = 0;
  }

  /** A copy of the value's bytes. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.len); // its own memory, not a slice of a shared pool
    out.set(this.buf.subarray(0, this.len));
    return out;
  }
}

/** What sparseSet() returns when the HLL must become dense first (Redis's "promote"). */
export const SPARSE_PROMOTE = 2;

/**
 * Where sparseSet() may start looking for the opcode of a register when
 * registers are set in increasing order (PFMERGE): an opcode boundary and
 * the first register it covers. Only a speed-up: the result is the same as
 * scanning from the start. After each edit it is left two opcodes before the
 * edited one, since the edit and the merging of VAL opcodes that follows it
 * touch nothing before the opcode preceding the edited one, and the next,
 * higher register is covered by that preceding opcode or a later one.
 */
export class SparseCursor {
  pos = HLL_HDR_SIZE;
  first = 0;

  reset(): void {
    this.pos = HLL_HDR_SIZE;
    this.first = 0;
  }
}

/** A scratch for the opcodes replacing the one being edited (at most 5 bytes). */
const seq = new Uint8Array(5);

/**
 * The edit of hllSparseSet on a sparse HLL: raises register `index` to
 * `count`. Returns 1 if changed (the cached cardinality is then
 * invalidated), 0 if not, -1 if the representation is invalid, or
 * SPARSE_PROMOTE when Redis converts to dense here (the value is then
 * unchanged; the caller converts with sparseToDense and sets the register
 * in the dense form). With a cursor, registers must come in increasing
 * order across calls.
 */
export function sparseSet(h: HllBuf, index: number, count: number, maxBytes: number, cursor?: SparseCursor): number {
  if (count > HLL_SPARSE_VAL_MAX_VALUE) return SPARSE_PROMOTE;
  h.reserve(h.len + 3); // sdsMakeRoomFor(o->ptr,3)
  const b = h.buf;
  const sparse = HLL_HDR_SIZE;
  let p = sparse;
  let end = h.len;

  // Find the opcode covering the register (and the two before it).
  let first = 0;
  if (cursor !== undefined) {
    p = cursor.pos;
    first = cursor.first;
  }
  const from = p;
  let steps = 0;
  let prev = -1;
  let prev2 = -1;
  let prev2First = 0;
  let prevFirst = 0;
  let span = 0;
  while (p < end) {
    let oplen = 1;
    const op = b[p]!;
    if ((op & 0x80) !== 0) {
      span = (op & 3) + 1; // VAL
    } else if ((op & 0x40) !== 0) {
      span = (((op & 0x3f) << 8) | b[p + 1]!) + 1; // XZERO
      oplen = 2;
    } else {
      span = (op & 0x3f) + 1; // ZERO
    }
    if (index < first + span) break;
    prev2 = prev;
    prev2First = prevFirst;
    prev = p;
    prevFirst = first;
    p += oplen;
    first += span;
    steps++;
  }
  if (cursor !== undefined && from !== sparse) {
    if (steps === 0) {
      // Cannot happen when registers come in increasing order; the opcode
      // before is unknown, so look again from the start.
      cursor.reset();
      return sparseSet(h, index, count, maxBytes, cursor);
    }
    // With one step the opcode before is the cursor's, but the one before
    // that is unknown: the next call starts from the beginning.
    if (prev2 === -1) cursor.reset();
  }
  if (cursor !== undefined && prev2 !== -1) {
    cursor.pos = prev2;
    cursor.first = prev2First;
  }
  if (span === 0 || p >= end) return -1; // invalid format

  const op = b[p]!;
  let next = isXzero(op) ? p + 2 : p + 1;
  if (next >= end) next = -1;

  let runlen: number;
  let isZ = false;
  let isX = false;
  let isV = false;
  if (isZero(op)) {
    isZ = true;
    runlen = zeroLen(op);
  } else if (isXzero(op)) {
    isX = true;
    runlen = xzeroLen(op, b[p + 1]!);
  } else {
    isV = true;
    runlen = valLen(op);
  }

  let updated = false;
  if (isV) {
    const oldcount = valValue(op);
    if (oldcount >= count) return 0;
    if (runlen === 1) {
      b[p] = valByte(count, 1);
      updated = true;
    }
  }
  if (!updated && isZ && runlen === 1) {
    b[p] = valByte(count, 1);
    updated = true;
  }

  if (!updated) {
    // General case: replace the opcode with up to three (ZERO/XZERO or VAL
    // before, the new VAL, ZERO/XZERO or VAL after).
    let n = 0;
    const last = first + span - 1;
    if (isZ || isX) {
      if (index !== first) {
        const len = index - first;
        if (len > HLL_SPARSE_ZERO_MAX_LEN) {
          seq[n++] = ((len - 1) >>> 8) | 0x40;
          seq[n++] = (len - 1) & 0xff;
        } else {
          seq[n++] = len - 1;
        }
      }
      seq[n++] = valByte(count, 1);
      if (index !== last) {
        const len = last - index;
        if (len > HLL_SPARSE_ZERO_MAX_LEN) {
          seq[n++] = ((len - 1) >>> 8) | 0x40;
          seq[n++] = (len - 1) & 0xff;
        } else {
          seq[n++] = len - 1;
        }
      }
    } else {
      const curval = valValue(op);
      if (index !== first) seq[n++] = valByte(curval, index - first);
      seq[n++] = valByte(count, 1);
      if (index !== last) seq[n++] = valByte(curval, last - index);
    }

    const seqlen = n;
    const oldlen = isX ? 2 : 1;
    const deltalen = seqlen - oldlen;
    if (deltalen > 0 && h.len + deltalen > maxBytes) return SPARSE_PROMOTE;
    if (deltalen !== 0 && next !== -1) b.copyWithin(next + deltalen, next, end);
    h.len += deltalen;
    b[h.len] = 0;
    b.set(seq.subarray(0, seqlen), p);
    end += deltalen;
  }

  // "updated:" — merge adjacent VAL opcodes of the same value around the
  // edit (up to 5 opcodes from the one before it).
  p = prev !== -1 ? prev : sparse;
  let scanlen = 5;
  while (p < end && scanlen-- > 0) {
    const c = b[p]!;
    if (isXzero(c)) {
      p += 2;
      continue;
    } else if (isZero(c)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(b[p + 1]!)) {
      const v1 = valValue(c);
      const v2 = valValue(b[p + 1]!);
      if (v1 === v2) {
        const len = valLen(c) + valLen(b[p + 1]!);
        if (len <= HLL_SPARSE_VAL_MAX_LEN) {
          b[p + 1] = valByte(v1, len);
          b.copyWithin(p, p + 1, end);
          h.len--;
          b[h.len] = 0;
          end--;
          continue;
        }
      }
    }
    p++;
  }

  invalidateCache(b);
  return 1;
}

/**
 * hllSparseToDense: the dense form (header copied, encoding set to dense) of
 * a sparse HLL's bytes p[0, len), or null if the opcodes do not cover exactly
 * the 16384 registers. A VAL run crossing the last register is an error even
 * when the count ends at 16384 (as the reference redis-server 7.0.15 behaves:
 * the bounds checks of the CVE-2025-32023 fix).
 */
export function sparseToDense(p: Uint8Array, len: number): Buffer | null {
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  dense.set(p.subarray(0, HLL_HDR_SIZE));
  dense[HLL_ENC_OFFSET] = HLL_DENSE;
  let idx = 0;
  let i = HLL_HDR_SIZE;
  while (i < len) {
    const op = p[i]!;
    if (isZero(op)) {
      idx += zeroLen(op);
      i++;
    } else if (isXzero(op)) {
      idx += xzeroLen(op, i + 1 < len ? p[i + 1]! : 0);
      i += 2;
    } else {
      let runlen = valLen(op);
      const regval = valValue(op);
      if (runlen + idx > HLL_REGISTERS) return null; // overflow
      while (runlen-- > 0) {
        denseSetRegister(dense, HLL_HDR_SIZE, idx, regval);
        idx++;
      }
      i++;
    }
  }
  if (idx !== HLL_REGISTERS) return null;
  return dense;
}

/** hllSparseRegHisto over opcodes p[from, to); false if they do not cover exactly 16384 registers. */
export function sparseRegHisto(p: Uint8Array, from: number, to: number, reghisto: Int32Array): boolean {
  let idx = 0;
  let i = from;
  while (i < to) {
    const op = p[i]!;
    if (isZero(op)) {
      const runlen = zeroLen(op);
      idx += runlen;
      reghisto[0]! += runlen;
      i++;
    } else if (isXzero(op)) {
      const runlen = xzeroLen(op, i + 1 < to ? p[i + 1]! : 0);
      idx += runlen;
      reghisto[0]! += runlen;
      i += 2;
    } else {
      const runlen = valLen(op);
      idx += runlen;
      reghisto[valValue(op)]! += runlen;
      i++;
    }
  }
  return idx === HLL_REGISTERS;
}

/**
 * hllMerge: max[i] = MAX(max[i], register i) for an HLL's bytes p[0, len)
 * (already validated as an HLL). False when a sparse HLL is invalid (as in
 * sparseToDense, a VAL run crossing the last register is invalid).
 */
export function mergeInto(max: Uint8Array, p: Uint8Array, len: number): boolean {
  if (p[HLL_ENC_OFFSET] === HLL_DENSE) {
    denseMax(max, p, HLL_HDR_SIZE);
    return true;
  }
  let i = 0;
  let q = HLL_HDR_SIZE;
  while (q < len) {
    const op = p[q]!;
    if (isZero(op)) {
      i += zeroLen(op);
      q++;
    } else if (isXzero(op)) {
      i += xzeroLen(op, q + 1 < len ? p[q + 1]! : 0);
      q += 2;
    } else {
      let runlen = valLen(op);
      const regval = valValue(op);
      if (runlen + i > HLL_REGISTERS) return false; // overflow
      while (runlen-- > 0) {
        if (regval > max[i]!) max[i] = regval;
        i++;
      }
      q++;
    }
  }
  return i === HLL_REGISTERS;
}

/** max[i] = MAX(max[i], register i) for dense registers at p[off], 16 registers (12 bytes) at a time. */
function denseMax(max: Uint8Array, p: Uint8Array, off: number): void {
  let r = off;
  for (let i = 0; i < HLL_REGISTERS; i += 16) {
    const b0 = p[r]!;
    const b1 = p[r + 1]!;
    const b2 = p[r + 2]!;
    const b3 = p[r + 3]!;
    const b4 = p[r + 4]!;
    const b5 = p[r + 5]!;
    const b6 = p[r + 6]!;
    const b7 = p[r + 7]!;
    const b8 = p[r + 8]!;
    const b9 = p[r + 9]!;
    const b10 = p[r + 10]!;
    const b11 = p[r + 11]!;
    r += 12;
    if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7 | b8 | b9 | b10 | b11) === 0) continue;
    let v: number;
    if ((v = b0 & 63) > max[i]!) max[i] = v;
    if ((v = ((b0 >>> 6) | (b1 << 2)) & 63) > max[i + 1]!) max[i + 1] = v;
    if ((v = ((b1 >>> 4) | (b2 << 4)) & 63) > max[i + 2]!) max[i + 2] = v;
    if ((v = b2 >>> 2) > max[i + 3]!) max[i + 3] = v;
    if ((v = b3 & 63) > max[i + 4]!) max[i + 4] = v;
    if ((v = ((b3 >>> 6) | (b4 << 2)) & 63) > max[i + 5]!) max[i + 5] = v;
    if ((v = ((b4 >>> 4) | (b5 << 4)) & 63) > max[i + 6]!) max[i + 6] = v;
    if ((v = b5 >>> 2) > max[i + 7]!) max[i + 7] = v;
    if ((v = b6 & 63) > max[i + 8]!) max[i + 8] = v;
    if ((v = ((b6 >>> 6) | (b7 << 2)) & 63) > max[i + 9]!) max[i + 9] = v;
    if ((v = ((b7 >>> 4) | (b8 << 4)) & 63) > max[i + 10]!) max[i + 10] = v;
    if ((v = b8 >>> 2) > max[i + 11]!) max[i + 11] = v;
    if ((v = b9 & 63) > max[i + 12]!) max[i + 12] = v;
    if ((v = ((b9 >>> 6) | (b10 << 2)) & 63) > max[i + 13]!) max[i + 13] = v;
    if ((v = ((b10 >>> 4) | (b11 << 4)) & 63) > max[i + 14]!) max[i + 14] = v;
    if ((v = b11 >>> 2) > max[i + 15]!) max[i + 15] = v;
  }
}

/** The "PFDEBUG DECODE" text of a sparse HLL's opcodes. */
export function decodeSparse(p: Uint8Array, len: number): string {
  const parts: string[] = [];
  let i = HLL_HDR_SIZE;
  while (i < len) {
    const op = p[i]!;
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      i++;
    } else if (isXzero(op)) {
      parts.push(`Z:${xzeroLen(op, i + 1 < len ? p[i + 1]! : 0)}`);
      i += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      i++;
    }
  }
  return parts.join(" ");
}

// --- cardinality estimate ----------------------------------------------------

/** hllSigma: helper of the improved estimator (Ertl). */
function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** hllTau */
function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** 2^63 as a double: hllCount's uint64 result is exact below it. */
const TWO_63 = 9223372036854775808;

/**
 * The estimate hllCount() computes from the register histogram. A number
 * (an integer), or 2n ** 63n where Redis's llroundl() overflows (an
 * infinite or huge estimate from a crafted HLL).
 */
export function estimate(reghisto: Int32Array): number | bigint {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - reghisto[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += reghisto[j]!;
    z *= 0.5;
  }
  z += m * hllSigma(reghisto[0]! / m);
  const x = (HLL_ALPHA_INF * m * m) / z;
  // llroundl: half away from zero; out of range (or NaN) gives LLONG_MIN,
  // which the (uint64_t) cast of its double turns into 2^63.
  if (!(x < TWO_63 - 0.5)) return 1n << 63n;
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

const histo = new Int32Array(64);

/**
 * hllCount for an HLL's bytes p[0, len) (dense or sparse): the estimate, or
 * -1 if a sparse representation is invalid.
 */
export function count(p: Uint8Array, len: number): number | bigint {
  histo.fill(0);
  if (p[HLL_ENC_OFFSET] === HLL_DENSE) {
    denseRegHisto(p, HLL_HDR_SIZE, histo);
  } else if (!sparseRegHisto(p, HLL_HDR_SIZE, len, histo)) {
    return -1;
  }
  return estimate(histo);
}

/** hllCount of raw registers (one byte each; PFCOUNT of several keys). */
export function countRaw(max: Uint8Array): number | bigint {
  histo.fill(0);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[max[i]!]!++;
  return estimate(histo);
}
