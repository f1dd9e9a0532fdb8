// LZF (liblzf 3.6 as vendored by Redis: lzf_c.c / lzf_d.c, HLOG 16,
// VERY_FAST), the compression of RDB strings (RDB_ENC_LZF), quicklist nodes
// and listpacks. The output of compress() is a valid LZF stream that Redis's
// lzf_decompress reads; decompress() reads any LZF stream.

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

// The hash table holds positions + `base`; entries below `base` belong to an
// earlier call and count as empty, so the table is never cleared (clearing
// 256 KB per string would dominate the cost of compressing short values).
const htab = new Int32Array(HSIZE);
let base = 1;

/**
 * Compresses `inp[start, end)` into `out`, writing at most `outLen` bytes at
 * `outPos`. Returns the compressed length, or 0 when the result would not fit
 * (the caller then stores the data uncompressed), as lzf_compress does.
 */
export function lzfCompress(inp: Uint8Array, start: number, end: number, out: Uint8Array, outPos: number, outLen: number): number {
  const inLen = end - start;
  if (inLen === 0 || outLen === 0) return 0;
  if (base > 0x7fffffff - inLen - 16) {
    htab.fill(0);
    base = 1;
  }
  const callBase = base;
  const b = callBase - start; // table value for position p: p + b
  base += inLen + 1;
  const outEnd = outPos + outLen;
  let op = outPos;
  let ip = start;
  let lit = 0;
  op++; // start run

  let hval = (inp[ip]! << 8) | inp[ip + 1]!;
  while (ip < end - 2) {
    hval = ((hval << 8) | inp[ip + 2]!) >>> 0;
    const slot = ((hval >>> (3 * 8 - HLOG)) - hval) & (HSIZE - 1);
    const stored = htab[slot]!;
    htab[slot] = ip + b;
    const ref = stored - b; // a position in this input, or negative/stale
    let off: number;
    if (
      stored >= callBase &&
      ref > start &&
      ref < ip &&
      (off = ip - ref - 1) < MAX_OFF &&
      inp[ref + 2] === inp[ip + 2] &&
      inp[ref] === inp[ip] &&
      inp[ref + 1] === inp[ip + 1]
    ) {
      let len = 2;
      let maxlen = end - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd) {
        if (op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
      }
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      do len++;
      while (len < maxlen && inp[ref + len] === inp[ip + len]);
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >>> 8) + (len << 5);
      } else {
        out[op++] = (off >>> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= end - 2) break;
      // VERY_FAST: hash the two positions before ip, then continue.
      ip -= 2;
      hval = (inp[ip]! << 8) | inp[ip + 1]!;
      hval = ((hval << 8) | inp[ip + 2]!) >>> 0;
      htab[((hval >>> (3 * 8 - HLOG)) - hval) & (HSIZE - 1)] = ip + b;
      ip++;
      hval = ((hval << 8) | inp[ip + 2]!) >>> 0;
      htab[((hval >>> (3 * 8 - HLOG)) - hval) & (HSIZE - 1)] = ip + b;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = inp[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return 0;
  while (ip < end) {
    lit++;
    out[op++] = inp[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return op - outPos;
}

/**
 * Decompresses `inp[start, end)` into a new buffer of exactly `outLen` bytes.
 * Returns null on a malformed stream or a length mismatch (Redis: "Invalid
 * LZF compressed string").
 */
export function lzfDecompress(inp: Uint8Array, start: number, end: number, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = start;
  let op = 0;
  while (ip < end) {
    let ctrl = inp[ip++]!;
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > end) return null;
      out.set(inp.subarray(ip, ip + ctrl), op);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >>> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= end) return null;
      if (len === 7) {
        len += inp[ip++]!;
        if (ip >= end) return null;
      }
      ref -= inp[ip++]!;
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      for (let i = 0; i < len; i++) out[op++] = out[ref++]!;
    }
  }
  return op === outLen ? out : null;
}
