// Redis's CRC64 (crc64.c): the Jones polynomial 0xad93d23594c935a9, input
// and output reflected, initial value 0, no final xor — the checksum at the
// end of an RDB file and of a DUMP payload. crc64(0, "123456789") is
// 0xe9c6d914c4b8d9ca.
//
// JS has no fast 64-bit integers, so the running CRC is two uint32 halves and
// the tables are split likewise; bytes are consumed 8 at a time with
// slicing-by-8 tables (Redis's crcspeed does the same).

/** The reflected polynomial (bit-reverse of 0xad93d23594c935a9), as two halves. */
const POLY_LO = 0xac4bc9b5;
const POLY_HI = 0x95ac9329;

// TL/TH[k * 256 + i]: low/high half of slicing table k for byte i.
const TL = new Uint32Array(8 * 256);
const TH = new Uint32Array(8 * 256);

(function init() {
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let j = 0; j < 8; j++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (bit) {
        lo = (lo ^ POLY_LO) >>> 0;
        hi = (hi ^ POLY_HI) >>> 0;
      }
    }
    TL[i] = lo;
    TH[i] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const plo = TL[(k - 1) * 256 + i]!;
      const phi = TH[(k - 1) * 256 + i]!;
      const idx = plo & 0xff;
      TL[k * 256 + i] = (((plo >>> 8) | (phi << 24)) ^ TL[idx]!) >>> 0;
      TH[k * 256 + i] = ((phi >>> 8) ^ TH[idx]!) >>> 0;
    }
  }
})();

/** A running CRC64: feed bytes with update(), read the result with lo/hi or bytesLE(). */
export class Crc64 {
  lo = 0;
  hi = 0;

  update(b: Uint8Array, start = 0, end = b.length): void {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    const tl = TL;
    const th = TH;
    for (; i + 8 <= end; i += 8) {
      const xl = (lo ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24))) >>> 0;
      const xh = (hi ^ (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24))) >>> 0;
      const a0 = 7 * 256 + (xl & 0xff);
      const a1 = 6 * 256 + ((xl >>> 8) & 0xff);
      const a2 = 5 * 256 + ((xl >>> 16) & 0xff);
      const a3 = 4 * 256 + (xl >>> 24);
      const a4 = 3 * 256 + (xh & 0xff);
      const a5 = 2 * 256 + ((xh >>> 8) & 0xff);
      const a6 = 256 + ((xh >>> 16) & 0xff);
      const a7 = xh >>> 24;
      lo = tl[a0]! ^ tl[a1]! ^ tl[a2]! ^ tl[a3]! ^ tl[a4]! ^ tl[a5]! ^ tl[a6]! ^ tl[a7]!;
      hi = th[a0]! ^ th[a1]! ^ th[a2]! ^ th[a3]! ^ th[a4]! ^ th[a5]! ^ th[a6]! ^ th[a7]!;
    }
    for (; i < end; i++) {
      const idx = (lo ^ b[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx]!;
      hi = (hi >>> 8) ^ th[idx]!;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The 8 bytes Redis stores (little-endian). */
  bytesLE(): Uint8Array {
    const out = new Uint8Array(8);
    for (let i = 0; i < 4; i++) {
      out[i] = (this.lo >>> (8 * i)) & 0xff;
      out[4 + i] = (this.hi >>> (8 * i)) & 0xff;
    }
    return out;
  }

  /** As an unsigned 64-bit bigint (tests, messages). */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Hex as Redis prints it in "Wrong RDB checksum" (%llx). */
  hex(): string {
    return this.value().toString(16);
  }
}

/** The CRC64 of some bytes. */
export function crc64(b: Uint8Array, start = 0, end = b.length): Crc64 {
  const c = new Crc64();
  c.update(b, start, end);
  return c;
}

/** True when 8 bytes at `at` equal the CRC (little-endian). */
export function crcMatches(c: Crc64, b: Uint8Array, at: number): boolean {
  const lo = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  const hi = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24)) >>> 0;
  return lo === c.lo && hi === c.hi;
}
