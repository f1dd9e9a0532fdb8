// Listpack (Redis 7.0 listpack.c): the serialized form of small hashes and
// sorted sets and of quicklist nodes in RDB files.
//
//   <total-bytes u32le> <num-elements u16le> <entry>... <0xFF>
//   entry = <encoding+data> <backlen>
//
// Elements that are canonical integers (string2ll) are stored as integers,
// as lpAppend does; everything else as strings.

import { ByteReader, ByteWriter, FormatError } from "./bytes.ts";
import { parseIntStrict } from "../util/numbers.ts";

const LP_HDR_SIZE = 6;
const LP_HDR_NUMELE_UNKNOWN = 65535;
const LP_EOF = 0xff;

/** Bytes an integer entry takes (encoding + data), without backlen. */
function intEntrySize(v: number | bigint): number {
  if (typeof v === "number") {
    if (v >= 0 && v <= 127) return 1;
    if (v >= -4096 && v <= 4095) return 2;
    if (v >= -32768 && v <= 32767) return 3;
    if (v >= -8388608 && v <= 8388607) return 4;
    if (v >= -2147483648 && v <= 2147483647) return 5;
  }
  return 9;
}

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

function writeBacklen(w: ByteWriter, l: number): void {
  if (l <= 127) {
    w.u8(l);
  } else if (l < 16383) {
    w.u8(l >>> 7);
    w.u8((l & 127) | 128);
  } else if (l < 2097151) {
    w.u8(l >>> 14);
    w.u8(((l >>> 7) & 127) | 128);
    w.u8((l & 127) | 128);
  } else if (l < 268435455) {
    w.u8(l >>> 21);
    w.u8(((l >>> 14) & 127) | 128);
    w.u8(((l >>> 7) & 127) | 128);
    w.u8((l & 127) | 128);
  } else {
    w.u8(Math.floor(l / 268435456));
    w.u8(((l >>> 21) & 127) | 128);
    w.u8(((l >>> 14) & 127) | 128);
    w.u8(((l >>> 7) & 127) | 128);
    w.u8((l & 127) | 128);
  }
}

/** The integer a listpack would store this string as, or null (lpStringToInt64). */
export function lpInt(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  const c = s.charCodeAt(0);
  if (c !== 45 && (c < 48 || c > 57)) return null;
  return parseIntStrict(s);
}

/** Size in bytes of the entry (with backlen) a string would take. */
export function lpEntrySize(s: string): number {
  const iv = lpInt(s);
  let l: number;
  if (iv !== null) l = intEntrySize(iv);
  else {
    const n = s.length;
    l = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  return l + backlenSize(l);
}

/** Builds a listpack: add() elements, then finish() for the bytes. */
export class ListpackBuilder {
  readonly w: ByteWriter;
  count = 0;

  constructor(w = new ByteWriter(256)) {
    this.w = w;
    w.reset();
    w.ensure(LP_HDR_SIZE);
    w.pos = LP_HDR_SIZE;
  }

  /** Bytes used so far, including header and terminator. */
  get size(): number {
    return this.w.pos + 1;
  }

  addInt(v: number | bigint): void {
    const w = this.w;
    this.count++;
    let l: number;
    if (typeof v === "number" && v >= 0 && v <= 127) {
      w.u8(v);
      l = 1;
    } else if (typeof v === "number" && v >= -4096 && v <= 4095) {
      const u = v < 0 ? (1 << 13) + v : v;
      w.u8((u >>> 8) | 0xc0);
      w.u8(u & 0xff);
      l = 2;
    } else if (typeof v === "number" && v >= -32768 && v <= 32767) {
      const u = v < 0 ? (1 << 16) + v : v;
      w.u8(0xf1);
      w.u8(u & 0xff);
      w.u8(u >>> 8);
      l = 3;
    } else if (typeof v === "number" && v >= -8388608 && v <= 8388607) {
      const u = v < 0 ? (1 << 24) + v : v;
      w.u8(0xf2);
      w.u8(u & 0xff);
      w.u8((u >>> 8) & 0xff);
      w.u8(u >>> 16);
      l = 4;
    } else if (typeof v === "number" && v >= -2147483648 && v <= 2147483647) {
      w.u8(0xf3);
      w.u32le(v >>> 0);
      l = 5;
    } else {
      w.u8(0xf4);
      w.i64le(v);
      l = 9;
    }
    writeBacklen(w, l);
  }

  addString(s: string): void {
    const w = this.w;
    this.count++;
    const n = s.length;
    let l: number;
    if (n < 64) {
      w.u8(0x80 | n);
      l = 1 + n;
    } else if (n < 4096) {
      w.u8((n >>> 8) | 0xe0);
      w.u8(n & 0xff);
      l = 2 + n;
    } else {
      w.u8(0xf0);
      w.u32le(n);
      l = 5 + n;
    }
    w.latin1(s);
    writeBacklen(w, l);
  }

  /** Adds an element, as an integer when it is a canonical one (lpAppend). */
  add(s: string): void {
    const iv = lpInt(s);
    if (iv !== null) this.addInt(iv);
    else this.addString(s);
  }

  /** Terminates the listpack and fills in the header; returns a view of the bytes. */
  finish(): Uint8Array {
    const w = this.w;
    w.u8(LP_EOF);
    const total = w.pos;
    const b = w.buf;
    b[0] = total & 0xff;
    b[1] = (total >>> 8) & 0xff;
    b[2] = (total >>> 16) & 0xff;
    b[3] = (total >>> 24) & 0xff;
    const n = this.count < LP_HDR_NUMELE_UNKNOWN ? this.count : LP_HDR_NUMELE_UNKNOWN;
    b[4] = n & 0xff;
    b[5] = n >>> 8;
    return w.view();
  }
}

/** Encodes elements as a listpack (a fresh buffer). */
export function encodeListpack(items: Iterable<string>): Uint8Array {
  const b = new ListpackBuilder();
  for (const s of items) b.add(s);
  return b.finish().slice();
}

/**
 * Decodes a listpack into its elements as strings (integers in decimal),
 * validating the header, every entry's backlen and the terminator.
 */
export function decodeListpack(buf: Uint8Array, base = 0): string[] {
  const r = new ByteReader(buf, 0, base);
  if (buf.length < LP_HDR_SIZE + 1) r.fail("listpack too short");
  const total = r.u32le();
  if (total !== buf.length) r.fail(`listpack header size ${total} does not match ${buf.length}`, 0);
  const count = r.u16le();
  const out: string[] = [];
  const end = buf.length - 1;
  while (r.pos < end) {
    const start = r.pos;
    const b0 = r.u8();
    let s: string;
    if ((b0 & 0x80) === 0) {
      s = String(b0);
    } else if ((b0 & 0xc0) === 0x80) {
      s = r.latin1(b0 & 0x3f);
    } else if ((b0 & 0xe0) === 0xc0) {
      let u = ((b0 & 0x1f) << 8) | r.u8();
      if (u >= 1 << 12) u -= 1 << 13;
      s = String(u);
    } else if ((b0 & 0xf0) === 0xe0) {
      s = r.latin1(((b0 & 0x0f) << 8) | r.u8());
    } else {
      switch (b0) {
        case 0xf0:
          s = r.latin1(r.u32le());
          break;
        case 0xf1: {
          let u = r.u16le();
          if (u >= 1 << 15) u -= 1 << 16;
          s = String(u);
          break;
        }
        case 0xf2: {
          let u = r.u16le() | (r.u8() << 16);
          if (u >= 1 << 23) u -= 1 << 24;
          s = String(u);
          break;
        }
        case 0xf3:
          s = String(r.u32le() | 0);
          break;
        case 0xf4:
          s = String(r.i64leExact());
          break;
        default:
          r.fail(`invalid listpack entry encoding 0x${b0.toString(16)}`, start);
      }
    }
    // backlen: the entry's size, 7 bits per byte, last byte first when read backwards.
    const l = r.pos - start;
    const bl = backlenSize(l);
    r.need(bl);
    let v = 0;
    for (let i = 0; i < bl; i++) {
      const byte = buf[r.pos + bl - 1 - i]!;
      v += (byte & 127) * 2 ** (7 * i);
      if (i < bl - 1 && (byte & 128) === 0) r.fail("invalid listpack backlen", r.pos);
    }
    if (v !== l) r.fail("invalid listpack backlen", r.pos);
    r.pos += bl;
    out.push(s!);
  }
  if (r.pos !== end || buf[end] !== LP_EOF) r.fail("listpack not terminated", r.pos);
  if (count !== LP_HDR_NUMELE_UNKNOWN && count !== out.length) r.fail(`listpack header count ${count} does not match ${out.length} entries`, 4);
  return out;
}

export { FormatError };
