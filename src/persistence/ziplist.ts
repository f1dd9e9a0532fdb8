// Ziplist (Redis <= 6.2 ziplist.c) and zipmap (Redis <= 2.4 zipmap.c): the
// small-aggregate encodings of older RDB files, which Redis 7 still loads.
// Decoding is what redbun needs; the encoder exists so tests can build the
// old formats (Redis 7 no longer writes them).
//
// ziplist: <zlbytes u32le> <zltail u32le> <zllen u16le> <entry>... <0xFF>
//   entry = <prevlen: 1 byte, or 0xFE + u32le> <encoding> <data>

import { ByteReader, ByteWriter } from "./bytes.ts";
import { parseIntStrict } from "../util/numbers.ts";

const ZIP_END = 0xff;
const ZIP_BIG_PREVLEN = 254;

/** Decodes a ziplist into its elements as strings. */
export function decodeZiplist(buf: Uint8Array, base = 0): string[] {
  const r = new ByteReader(buf, 0, base);
  if (buf.length < 11) r.fail("ziplist too short");
  const zlbytes = r.u32le();
  if (zlbytes !== buf.length) r.fail(`ziplist header size ${zlbytes} does not match ${buf.length}`, 0);
  const zltail = r.u32le();
  const zllen = r.u16le();
  const out: string[] = [];
  let prevSize = 0;
  let lastStart = 10;
  const end = buf.length - 1;
  while (r.pos < end) {
    const start = r.pos;
    let prevlen = r.u8();
    if (prevlen === ZIP_BIG_PREVLEN) prevlen = r.u32le();
    else if (prevlen === ZIP_END) r.fail("invalid ziplist prevlen", start);
    if (prevlen !== prevSize) r.fail("invalid ziplist prevlen", start);
    const enc = r.u8();
    let s: string;
    switch (enc >> 6) {
      case 0:
        s = r.latin1(enc & 0x3f);
        break;
      case 1:
        s = r.latin1(((enc & 0x3f) << 8) | r.u8());
        break;
      case 2:
        if (enc !== 0x80) r.fail("invalid ziplist string encoding", start);
        s = r.latin1(r.u32be());
        break;
      default:
        if (enc === 0xc0) {
          const u = r.u16le();
          s = String(u >= 0x8000 ? u - 0x10000 : u);
        } else if (enc === 0xd0) {
          s = String(r.u32le() | 0);
        } else if (enc === 0xe0) {
          s = String(r.i64leExact());
        } else if (enc === 0xf0) {
          let u = r.u16le() | (r.u8() << 16);
          if (u >= 1 << 23) u -= 1 << 24;
          s = String(u);
        } else if (enc === 0xfe) {
          const u = r.u8();
          s = String(u >= 128 ? u - 256 : u);
        } else if (enc >= 0xf1 && enc <= 0xfd) {
          s = String((enc & 0x0f) - 1);
        } else {
          r.fail(`invalid ziplist entry encoding 0x${enc.toString(16)}`, start);
        }
    }
    out.push(s!);
    prevSize = r.pos - start;
    lastStart = start;
  }
  if (r.pos !== end || buf[end] !== ZIP_END) r.fail("ziplist not terminated", r.pos);
  if (out.length > 0 && zltail !== lastStart) r.fail("invalid ziplist tail offset", 4);
  if (zllen !== 0xffff && zllen !== out.length) r.fail(`ziplist header count ${zllen} does not match ${out.length} entries`, 8);
  return out;
}

/** Encodes elements as a ziplist, the way ziplistPush would (tests and old-format fixtures). */
export function encodeZiplist(items: Iterable<string>): Uint8Array {
  const w = new ByteWriter(256);
  w.pos = 10;
  let prevSize = 0;
  let count = 0;
  let lastStart = 10;
  for (const s of items) {
    const start = w.pos;
    lastStart = start;
    if (prevSize < ZIP_BIG_PREVLEN) w.u8(prevSize);
    else {
      w.u8(ZIP_BIG_PREVLEN);
      w.u32le(prevSize);
    }
    const iv = s.length <= 20 ? parseIntStrict(s) : null;
    if (iv !== null) {
      if (typeof iv === "number" && iv >= 0 && iv <= 12) w.u8(0xf1 + iv);
      else if (typeof iv === "number" && iv >= -128 && iv <= 127) {
        w.u8(0xfe);
        w.u8(iv & 0xff);
      } else if (typeof iv === "number" && iv >= -32768 && iv <= 32767) {
        w.u8(0xc0);
        w.u16le(iv & 0xffff);
      } else if (typeof iv === "number" && iv >= -8388608 && iv <= 8388607) {
        w.u8(0xf0);
        w.u16le(iv & 0xffff);
        w.u8((iv >> 16) & 0xff);
      } else if (typeof iv === "number" && iv >= -2147483648 && iv <= 2147483647) {
        w.u8(0xd0);
        w.u32le(iv >>> 0);
      } else {
        w.u8(0xe0);
        w.i64le(iv);
      }
    } else {
      const n = s.length;
      if (n <= 0x3f) w.u8(n);
      else if (n <= 0x3fff) {
        w.u8(0x40 | (n >> 8));
        w.u8(n & 0xff);
      } else {
        w.u8(0x80);
        w.u32be(n);
      }
      w.latin1(s);
    }
    prevSize = w.pos - start;
    count++;
  }
  w.u8(ZIP_END);
  const total = w.pos;
  const out = w.view().slice();
  const hdr = new ByteWriter(10);
  hdr.u32le(total);
  hdr.u32le(count > 0 ? lastStart : 10);
  hdr.u16le(count < 0xffff ? count : 0xffff);
  out.set(hdr.view(), 0);
  return out;
}

/**
 * Decodes a zipmap (RDB_TYPE_HASH_ZIPMAP, Redis <= 2.4) into field, value,
 * field, value...
 *   <zmlen u8> (<len> field <len> <free u8> value <free bytes>)... <0xFF>
 *   len = 1 byte < 254, or 254 + u32le
 */
export function decodeZipmap(buf: Uint8Array, base = 0): string[] {
  const r = new ByteReader(buf, 0, base);
  r.u8(); // zmlen (a count only when < 254)
  const out: string[] = [];
  const len = (): number => {
    const b = r.u8();
    if (b < 254) return b;
    if (b === 254) return r.u32le();
    return -1;
  };
  for (;;) {
    const klen = len();
    if (klen === -1) break;
    out.push(r.latin1(klen));
    const vlen = len();
    if (vlen === -1) r.fail("zipmap ends after a field");
    const free = r.u8();
    out.push(r.latin1(vlen));
    r.need(free);
    r.pos += free;
  }
  if (r.pos !== buf.length) r.fail("data after the end of zipmap", r.pos);
  return out;
}

/** Encodes field, value, ... pairs as a zipmap (tests). */
export function encodeZipmap(fv: readonly string[]): Uint8Array {
  const w = new ByteWriter(256);
  w.u8(fv.length / 2 < 254 ? fv.length / 2 : 254);
  const len = (n: number) => {
    if (n < 254) w.u8(n);
    else {
      w.u8(254);
      w.u32le(n);
    }
  };
  for (let i = 0; i < fv.length; i += 2) {
    len(fv[i]!.length);
    w.latin1(fv[i]!);
    len(fv[i + 1]!.length);
    w.u8(0);
    w.latin1(fv[i + 1]!);
  }
  w.u8(0xff);
  return w.view().slice();
}
