// MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit version), exactly as
// Redis's hyperloglog.c computes it (its endian-neutral variant: 8-byte
// blocks are read little endian).
//
// JS has no 64-bit integer multiply outside BigInt, which is far too slow for
// a hash run once per PFADD element. A 64-bit value is kept here as two
// unsigned 32-bit halves, and the one operation needed, multiplication by the
// constant m modulo 2^64, is done with Math.imul for the low 32 bits of each
// partial product and 16-bit limbs for the carry out of lo*lo.

/** m = 0xc6a4a7935bd1e995, as 32-bit halves and the low half's 16-bit limbs. */
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO_0 = M_LO & 0xffff;
const M_LO_1 = M_LO >>> 16;

// Result of mulM(): module variables instead of an allocated pair.
let rHi = 0;
let rLo = 0;

/** (hi:lo) * m mod 2^64 into rHi:rLo. */
function mulM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  // The high 32 bits of the 64-bit product lo * M_LO, from 16-bit limbs
  // (each partial product is below 2^32, so exact in a double).
  const p00 = a0 * M_LO_0;
  const p01 = a0 * M_LO_1;
  const p10 = a1 * M_LO_0;
  const p11 = a1 * M_LO_1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  rLo = Math.imul(lo, M_LO) >>> 0;
  rHi = (carry + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
}

/**
 * MurmurHash64A of a binary string (one byte per char, latin1) with a 32-bit
 * seed. The hash is written to out[0] (high 32 bits) and out[1] (low 32 bits).
 */
export function murmurHash64A(key: string, seed: number, out: Uint32Array): void {
  const len = key.length;
  // h = seed ^ (len * m)
  mulM(0, len);
  let hHi = rHi;
  let hLo = (rLo ^ seed) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  while (i < blocks) {
    let kLo = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24);
    let kHi = key.charCodeAt(i + 4) | (key.charCodeAt(i + 5) << 8) | (key.charCodeAt(i + 6) << 16) | (key.charCodeAt(i + 7) << 24);
    i += 8;
    // k *= m; k ^= k >> 47; k *= m;
    mulM(kHi >>> 0, kLo >>> 0);
    kHi = rHi;
    kLo = (rLo ^ (rHi >>> 15)) >>> 0;
    mulM(kHi, kLo);
    // h ^= k; h *= m;
    mulM((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0);
    hHi = rHi;
    hLo = rLo;
  }
  const rest = len & 7;
  if (rest !== 0) {
    // The C switch falls through from case `rest` down to case 1.
    if (rest >= 7) hHi ^= key.charCodeAt(i + 6) << 16;
    if (rest >= 6) hHi ^= key.charCodeAt(i + 5) << 8;
    if (rest >= 5) hHi ^= key.charCodeAt(i + 4);
    if (rest >= 4) hLo ^= key.charCodeAt(i + 3) << 24;
    if (rest >= 3) hLo ^= key.charCodeAt(i + 2) << 16;
    if (rest >= 2) hLo ^= key.charCodeAt(i + 1) << 8;
    if (rest >= 1) hLo ^= key.charCodeAt(i);
    mulM(hHi >>> 0, hLo >>> 0);
    hHi = rHi;
    hLo = rLo;
  }
  // h ^= h >> r; h *= m; h ^= h >> r;
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mulM(hHi, hLo);
  out[0] = rHi;
  out[1] = (rLo ^ (rHi >>> 15)) >>> 0;
}

/** MurmurHash64A of bytes p[off, off+len), as murmurHash64A. */
export function murmurHash64ABytes(p: Uint8Array, off: number, len: number, seed: number, out: Uint32Array): void {
  mulM(0, len);
  let hHi = rHi;
  let hLo = (rLo ^ seed) >>> 0;
  const end = off + len - (len & 7);
  let i = off;
  while (i < end) {
    let kLo = p[i]! | (p[i + 1]! << 8) | (p[i + 2]! << 16) | (p[i + 3]! << 24);
    let kHi = p[i + 4]! | (p[i + 5]! << 8) | (p[i + 6]! << 16) | (p[i + 7]! << 24);
    i += 8;
    mulM(kHi >>> 0, kLo >>> 0);
    kHi = rHi;
    kLo = (rLo ^ (rHi >>> 15)) >>> 0;
    mulM(kHi, kLo);
    mulM((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0);
    hHi = rHi;
    hLo = rLo;
  }
  const rest = len & 7;
  if (rest !== 0) {
    // The C switch falls through from case `rest` down to case 1.
    if (rest >= 7) hHi ^= p[i + 6]! << 16;
    if (rest >= 6) hHi ^= p[i + 5]! << 8;
    if (rest >= 5) hHi ^= p[i + 4]!;
    if (rest >= 4) hLo ^= p[i + 3]! << 24;
    if (rest >= 3) hLo ^= p[i + 2]! << 16;
    if (rest >= 2) hLo ^= p[i + 1]! << 8;
    if (rest >= 1) hLo ^= p[i]!;
    mulM(hHi >>> 0, hLo >>> 0);
    hHi = rHi;
    hLo = rLo;
  }
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mulM(hHi, hLo);
  out[0] = rHi;
  out[1] = (rLo ^ (rHi >>> 15)) >>> 0;
}

/**
 * Reference implementation with BigInt (slow; for self-checks and tests):
 * the same function written the way the C code reads.
 */
export function murmurHash64ABig(p: Uint8Array, seed: number): bigint {
  const MASK = 0xffffffffffffffffn;
  const m = 0xc6a4a7935bd1e995n;
  const len = p.length;
  let h = (BigInt(seed >>> 0) ^ ((BigInt(len) * m) & MASK)) & MASK;
  const end = len - (len & 7);
  let i = 0;
  for (; i < end; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(p[i + j]!);
    k = (k * m) & MASK;
    k ^= k >> 47n;
    k = (k * m) & MASK;
    h ^= k;
    h = (h * m) & MASK;
  }
  const rest = len & 7;
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(p[i + j]!) << BigInt(8 * j);
    h = (h * m) & MASK;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK;
  h ^= h >> 47n;
  return h;
}
