// Intset (Redis intset.c): a sorted array of unique integers, all of the
// smallest width (2, 4 or 8 bytes) that holds every member.
//   <encoding u32le> <length u32le> <contents, little-endian>

import { ByteReader, ByteWriter } from "./bytes.ts";

function cmp(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes integers (any order, unique) as an intset. */
export function encodeIntset(values: readonly (number | bigint)[]): Uint8Array {
  const sorted = values.slice().sort(cmp);
  let width = 2;
  for (const v of sorted) {
    if (typeof v === "bigint" || v < -2147483648 || v > 2147483647) {
      width = 8;
      break;
    }
    if (v < -32768 || v > 32767) width = 4;
  }
  const w = new ByteWriter(8 + width * sorted.length);
  w.u32le(width);
  w.u32le(sorted.length);
  for (const v of sorted) {
    if (width === 2) w.u16le((v as number) & 0xffff);
    else if (width === 4) w.u32le((v as number) >>> 0);
    else w.i64le(v);
  }
  return w.view().slice();
}

/**
 * Decodes an intset into its members as strings, checking the encoding, the
 * length and the order (intsetValidateIntegrity).
 */
export function decodeIntset(buf: Uint8Array, base = 0): string[] {
  const r = new ByteReader(buf, 0, base);
  const width = r.u32le();
  if (width !== 2 && width !== 4 && width !== 8) r.fail(`invalid intset encoding ${width}`, 0);
  const n = r.u32le();
  if (n * width !== buf.length - 8) r.fail(`intset length ${n} does not match its size`, 4);
  const out: string[] = new Array(n);
  let prev: number | bigint | null = null;
  for (let i = 0; i < n; i++) {
    let v: number | bigint;
    if (width === 2) {
      const u = r.u16le();
      v = u >= 0x8000 ? u - 0x10000 : u;
    } else if (width === 4) v = r.u32le() | 0;
    else v = r.i64leExact();
    if (prev !== null && !(v > prev)) r.fail("intset not sorted or has duplicates", r.pos - width);
    prev = v;
    out[i] = String(v);
  }
  return out;
}
