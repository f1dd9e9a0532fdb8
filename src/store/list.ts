// The list value: a deque of fixed-size chunks, in the spirit of Redis's
// quicklist (a linked list of listpacks), built so that every operation at
// either end is O(1) whatever the length, with no Array.shift/unshift on big
// arrays.
//
// Layout. The elements (latin1 "binary" strings) live in chunks of CHUNK
// slots. The chunks sit in a ring buffer (`ring`, power-of-two capacity,
// first chunk at `rh`, `nc` chunks). Invariants:
//   - only the first chunk has unused slots at its front: its elements are
//     first[lo .. first.length);
//   - every other chunk starts at index 0;
//   - every chunk strictly between the first and the last is exactly full;
//   - the first and the last chunk may be empty (a chunk emptied by a pop is
//     kept until a pop needs the next one, so alternating push/pop at a chunk
//     boundary allocates nothing).
// So the position of element i is plain arithmetic (O(1) index access), and
// pushing or popping at either end touches only the first or last chunk.
// Inserting or removing in the middle shifts the elements on the shorter side
// by one, which keeps the invariants (O(min(i, n - i)), as Redis's own
// LINSERT/LREM are O(n) to find the element anyway).
//
// Two kinds of chunk. A chunk is either a plain JS array of strings, or, for
// a full chunk away from the ends, "packed": one Uint8Array holding its CHUNK
// elements' bytes back to back, each after its length (a LEB128 varint),
// behind a small index (the byte offset of every GROUP-th element), like a
// listpack. The first and the last chunk are always arrays: every push and
// pop works on strings exactly as in a small list (lists of up to 4 chunks
// never have a packed one). A chunk is packed when pushes move it two chunks
// away from the end that grew, and turned back into an array when pops make
// it the first or the last chunk; both take CHUNK pushes or pops, so the
// cost is O(1) amortised: a queue flowing through a big list encodes and
// decodes each element once (~30-40 ns, a string made by decoding).
//
// Memory: an array chunk costs one 8-byte slot per element plus the string
// (a JSC string cell and its body: ~32-80 bytes for short elements); a
// packed chunk costs the element's bytes plus 1 length byte (below 128
// bytes) plus ~0.3 bytes of index and object overhead. A chunk whose packed
// form would exceed PACK_MAX bytes (big elements, where a string's overhead
// no longer matters) stays an array. Decoded elements are new strings, never
// substrings of a chunk's bytes, so a popped or trimmed-to element pins
// nothing else.
//
// Packing is opt-in, as compression is in Redis: `list-compress-depth N`
// (N > 0) packs every chunk more than N chunks away from both ends, trading
// an encode and a decode per element that flows through a long list (a
// queue) for about 3x less memory. With the default 0 no chunk is packed and
// every operation works on strings, so a queue's push/pop rate does not
// depend on the list's length.
//
// OBJECT ENCODING: Redis 7.0 creates every list as a quicklist and reports
// "quicklist" at any size (the small "listpack" list encoding arrived in 7.2),
// so encoding() always answers "quicklist".

import { RObject } from "./types.ts";

const SHIFT = 10;
/** Elements per chunk (a power of two). */
export const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

type Arr = (string | undefined)[];
/** A packed chunk: CHUNK elements (see above). */
type Packed = Uint8Array;
type Chunk = Arr | Packed;

// --- packed chunks ---------------------------------------------------------------

/** One index entry per GROUP elements: the byte offset of element g * GROUP (u32le). */
const GSHIFT = 4;
const GROUP = 1 << GSHIFT;
const GMASK = GROUP - 1;
const NGROUPS = CHUNK >>> GSHIFT;
/** Bytes of index before the first element. */
const HDR = NGROUPS * 4;
/**
 * How many chunks at each end stay arrays (list-compress-depth); 0 = never
 * pack. Process-wide: it only trades memory for CPU, never changes replies.
 */
export const listPacking = { depth: 0 };

/** One emptied chunk array kept for reuse (process-wide: it holds no elements). */
let spare: Arr | null = null;

/** A chunk that would pack to more bytes than this stays an array. */
const PACK_MAX = 1 << 18;

interface Latin1Buffer {
  latin1Write(s: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
}
const BP = Buffer.prototype as unknown as Latin1Buffer;

function isPacked(c: Chunk): c is Packed {
  return c instanceof Uint8Array;
}

function u32(b: Packed, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function setU32(b: Packed, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

/** Bytes an element of length n takes packed (varint length + bytes). */
function entrySize(n: number): number {
  return n + (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
}

/** Writes s at p (length, then bytes); returns the position after it. */
function writeEntry(b: Packed, p: number, s: string): number {
  const n = s.length;
  let x = n;
  while (x >= 0x80) {
    b[p++] = (x & 0x7f) | 0x80;
    x = Math.floor(x / 128);
  }
  b[p++] = x;
  if (n < 24) {
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    return p;
  }
  BP.latin1Write.call(b as unknown as Latin1Buffer, s, p, n);
  return p + n;
}

/** Where the element read by the last readEntry/entryBytes call ends. */
let entryEnd = 0;

/** The slot inside its chunk of the position found by the last ListValue.locate call. */
let locatedOff = 0;

/** Position of the bytes of the element at p (after its length); sets entryEnd. */
function entryBytes(b: Packed, p: number): number {
  let n = b[p++]!;
  if (n >= 0x80) {
    n &= 0x7f;
    let mul = 0x80;
    let x: number;
    do {
      x = b[p++]!;
      n += (x & 0x7f) * mul;
      mul *= 0x80;
    } while (x >= 0x80);
  }
  entryEnd = p + n;
  return p;
}

/** The element at p; sets entryEnd. */
function readEntry(b: Packed, p: number): string {
  const s = entryBytes(b, p);
  const n = entryEnd - s;
  if (n > 1) return BP.latin1Slice.call(b as unknown as Latin1Buffer, s, entryEnd);
  return n === 1 ? String.fromCharCode(b[s]!) : "";
}

/** Whether b[s, s + ele.length) are the bytes of ele. */
function bytesEqual(b: Packed, s: number, ele: string): boolean {
  for (let j = 0; j < ele.length; j++) if (b[s + j] !== ele.charCodeAt(j)) return false;
  return true;
}

/** Position of element o of a packed chunk. */
function entryAt(b: Packed, o: number): number {
  let p = u32(b, (o >>> GSHIFT) << 2);
  for (let k = o & GMASK; k > 0; k--) {
    entryBytes(b, p);
    p = entryEnd;
  }
  return p;
}

/** offsets[o] = position of element o of a packed chunk, for o in 0..last (reading lengths forwards). */
function entryOffsets(b: Packed, last: number, offsets: Uint32Array): void {
  let p = HDR;
  for (let o = 0; o <= last; o++) {
    offsets[o] = p;
    entryBytes(b, p);
    p = entryEnd;
  }
}

/** Elements from..from+CHUNK-1 of c packed, or null when they would take more than PACK_MAX bytes. */
function pack(c: readonly (string | undefined)[], from = 0): Packed | null {
  let total = HDR;
  for (let i = 0; i < CHUNK; i++) total += entrySize(c[from + i]!.length);
  if (total > PACK_MAX) return null;
  const b = new Uint8Array(total);
  let p = HDR;
  for (let i = 0; i < CHUNK; i++) {
    if ((i & GMASK) === 0) setU32(b, (i >>> GSHIFT) << 2, p);
    p = writeEntry(b, p, c[from + i]!);
  }
  return b;
}

/** The elements of a packed chunk as an array chunk. */
function unpack(b: Packed): Arr {
  const a: Arr = new Array(CHUNK);
  let p = HDR;
  for (let i = 0; i < CHUNK; i++) {
    a[i] = readEntry(b, p);
    p = entryEnd;
  }
  return a;
}

/** A copy of b with element o replaced by v, or null when it would be bigger than PACK_MAX. */
function packedWith(b: Packed, o: number, v: string): Packed | null {
  const p = entryAt(b, o);
  entryBytes(b, p);
  const q = entryEnd;
  const size = entrySize(v.length);
  const delta = size - (q - p);
  if (b.length + delta > PACK_MAX) return null;
  const nb = new Uint8Array(b.length + delta);
  nb.set(b.subarray(0, p));
  writeEntry(nb, p, v);
  nb.set(b.subarray(q), p + size);
  for (let g = (o >>> GSHIFT) + 1; g < NGROUPS; g++) setU32(nb, g << 2, u32(nb, g << 2) + delta);
  return nb;
}

// --- rewrites -------------------------------------------------------------------------

const NO_BYTES: Packed = new Uint8Array(0);

/**
 * Reads elements for a rewrite (see ListValue.cursor). take(max) reads up
 * to max elements in a row: one string (`str`), or, from a packed chunk, a
 * run of entries copied as they are: bytes buf[s, e) (length prefixes
 * included), in list order whatever the direction of reading.
 */
class Cursor {
  str: string | null = null;
  buf: Packed = NO_BYTES;
  s = 0;
  e = 0;
  private c: Chunk;

  constructor(
    private readonly chunkAt: (k: number) => Chunk,
    private k: number,
    private off: number,
    private pos: number,
    private left: number,
    private readonly reverse: boolean,
    private readonly skip: readonly number[] | null,
    private si: number,
    private readonly extra: string,
  ) {
    this.c = left > 0 ? chunkAt(k) : NO_BYTES;
  }

  /** Reads up to max (>= 1) elements; returns how many. */
  take(max: number): number {
    for (;;) {
      if (this.left === 0) {
        this.str = this.extra;
        return 1;
      }
      let c = this.c;
      const rev = this.reverse;
      if (!rev && this.off >= (isPacked(c) ? CHUNK : c.length)) {
        this.c = c = this.chunkAt(++this.k);
        this.off = 0;
      } else if (rev && this.off < 0) {
        this.c = c = this.chunkAt(--this.k);
        this.off = (isPacked(c) ? CHUNK : c.length) - 1;
      }
      // Elements up to the next one to pass over.
      let m = Math.min(max, this.left, rev ? this.off + 1 : (isPacked(c) ? CHUNK : c.length) - this.off);
      const skip = this.skip;
      if (skip !== null && this.si >= 0 && this.si < skip.length) {
        const d = rev ? this.pos - skip[this.si]! : skip[this.si]! - this.pos;
        if (d === 0) {
          this.advance(1);
          this.si += rev ? -1 : 1;
          continue;
        }
        if (d < m) m = d;
      }
      if (!isPacked(c)) {
        this.str = c[this.off]!;
        this.advance(1);
        return 1;
      }
      // Entries first..first+m-1 of the chunk.
      const first = rev ? this.off - m + 1 : this.off;
      this.str = null;
      this.buf = c;
      this.s = entryAt(c, first);
      this.e = first + m < CHUNK ? entryAt(c, first + m) : c.length;
      this.advance(m);
      return m;
    }
  }

  private advance(m: number): void {
    const d = this.reverse ? -m : m;
    this.off += d;
    this.pos += d;
    this.left -= m;
  }
}

// The elements taken for one chunk's slots: refs (a string, or a run of
// packed entries), in the order taken (a rewrite is never re-entered, so one
// set serves all lists).
const refStr: (string | null)[] = new Array<string | null>(CHUNK).fill(null);
const refBuf: (Packed | null)[] = new Array<Packed | null>(CHUNK).fill(null);
const refS = new Int32Array(CHUNK);
const refE = new Int32Array(CHUNK);
const refN = new Int32Array(CHUNK);
let refCount = 0;

/** Takes the elements for `slots` slots from the cursor as refs 0..refCount-1. */
function takeRefs(cur: Cursor, slots: number): void {
  let r = 0;
  while (slots > 0) {
    const m = cur.take(slots);
    const s = cur.str;
    refStr[r] = s;
    refN[r] = m;
    if (s === null) {
      refBuf[r] = cur.buf;
      refS[r] = cur.s;
      refE[r] = cur.e;
    }
    r++;
    slots -= m;
  }
  refCount = r;
}

function clearRefs(): void {
  for (let i = 0; i < refCount; i++) {
    refStr[i] = null;
    refBuf[i] = null;
  }
  refCount = 0;
}

/** Writes the elements of ref r into array slots from `at` on; returns the next slot. */
function refToArray(r: number, a: Arr, at: number): number {
  const s = refStr[r];
  if (s !== null) {
    a[at] = s!;
    return at + 1;
  }
  const b = refBuf[r]!;
  let p = refS[r]!;
  for (let i = refN[r]!; i > 0; i--) {
    a[at++] = readEntry(b, p);
    p = entryEnd;
  }
  return at;
}

/** Copies src[s, e) to dst at p; returns the position after. */
function copyBytes(dst: Packed, p: number, src: Packed, s: number, e: number): number {
  if (e - s < 32) {
    while (s < e) dst[p++] = src[s++]!;
    return p;
  }
  dst.set(src.subarray(s, e), p);
  return p + (e - s);
}

/**
 * Packed chunk c with its slots la..lb replaced by the refs (in slot order,
 * or reversed when `reversed`): a new packed chunk, or an array chunk when it
 * would be bigger than PACK_MAX.
 */
function rebuildPacked(c: Packed, la: number, lb: number, reversed: boolean): Chunk {
  const pa = entryAt(c, la);
  const pb = lb + 1 < CHUNK ? entryAt(c, lb + 1) : c.length;
  let size = pa + (c.length - pb);
  for (let r = 0; r < refCount; r++) {
    const s = refStr[r];
    size += s !== null ? entrySize(s!.length) : refE[r]! - refS[r]!;
  }
  if (size > PACK_MAX) {
    const a = unpack(c);
    let at = la;
    if (!reversed) for (let r = 0; r < refCount; r++) at = refToArray(r, a, at);
    else for (let r = refCount - 1; r >= 0; r--) at = refToArray(r, a, at);
    return a;
  }
  const nb = new Uint8Array(size);
  // The index up to la's group and the entries before la are unchanged.
  const g0 = la >>> GSHIFT;
  nb.set(c.subarray(0, g0 << 2));
  let p = copyBytes(nb, HDR, c, HDR, pa);
  for (let i = 0; i < refCount; i++) {
    const r = reversed ? refCount - 1 - i : i;
    const s = refStr[r];
    p = s !== null ? writeEntry(nb, p, s!) : copyBytes(nb, p, refBuf[r]!, refS[r]!, refE[r]!);
  }
  copyBytes(nb, p, c, pb, c.length);
  // The index from group g0 on.
  let q = u32(c, g0 << 2);
  for (let i = g0 << GSHIFT; i < CHUNK; i++) {
    if ((i & GMASK) === 0) setU32(nb, (i >>> GSHIFT) << 2, q);
    entryBytes(nb, q);
    q = entryEnd;
  }
  return nb;
}

// --- the list -----------------------------------------------------------------------

export class ListValue extends RObject {
  readonly type = "list" as const;
  /** Ring of chunks; capacity is a power of two. */
  private ring: (Chunk | undefined)[] = [undefined, undefined];
  /** Ring index of the first chunk. */
  private rh = 0;
  /** Number of chunks in use. */
  private nc = 0;
  /** Index of the first element inside the first chunk. */
  private lo = 0;
  /** Number of elements. */
  private n = 0;

  get length(): number {
    return this.n;
  }

  clone(): ListValue {
    const l = new ListValue();
    const cap = this.ring.length;
    l.ring = new Array(cap);
    for (let k = 0; k < this.nc; k++) {
      const c = this.ring[(this.rh + k) & (cap - 1)]!;
      l.ring[k] = c.slice();
    }
    l.nc = this.nc;
    l.lo = this.lo;
    l.n = this.n;
    return l;
  }

  encoding(): string {
    return "quicklist";
  }

  static from(items: Iterable<string>): ListValue {
    const l = new ListValue();
    if (!Array.isArray(items)) {
      for (const s of items) l.pushRight(s);
      return l;
    }
    // An array (a loaded RDB value): its chunks directly, packed as pushes
    // would have left them (all but the first two and the last two).
    const n = items.length;
    if (n === 0) return l;
    const nc = Math.ceil(n / CHUNK);
    let cap = 2;
    while (cap < nc) cap *= 2;
    l.ring = new Array(cap);
    for (let k = 0; k < nc; k++) {
      const from = k * CHUNK;
      const d = listPacking.depth;
      l.ring[k] = (d > 0 && k >= d && k <= nc - 1 - d ? pack(items, from) : null) ?? items.slice(from, from + CHUNK);
    }
    l.nc = nc;
    l.n = n;
    return l;
  }

  toArray(): string[] {
    const out = new Array<string>(this.n);
    let k = 0;
    this.scan(0, false, (v) => {
      out[k++] = v;
    });
    return out;
  }

  /** The elements head to tail (decoded a chunk at a time: no copy of the whole list). */
  [Symbol.iterator](): IterableIterator<string> {
    let left = this.n;
    let k = 0;
    let buf: Arr = [];
    let i = 0;
    let end = 0;
    const it: IterableIterator<string> = {
      next: (): IteratorResult<string> => {
        if (left === 0) return { value: undefined, done: true };
        while (i === end) {
          const c = this.chunk(k);
          if (isPacked(c)) {
            buf = unpack(c);
            i = 0;
            end = CHUNK;
          } else {
            buf = c;
            i = k === 0 ? this.lo : 0;
            end = c.length;
          }
          k++;
        }
        left--;
        return { value: buf[i++]!, done: false };
      },
      [Symbol.iterator]: () => it,
    };
    return it;
  }

  /**
   * For MEMORY USAGE: how many elements are packed and the bytes their
   * chunks hold; the other elements are strings in arrays.
   */
  packedStats(): { elements: number; bytes: number } {
    let elements = 0;
    let bytes = 0;
    for (let k = 0; k < this.nc; k++) {
      const c = this.chunk(k);
      if (isPacked(c)) {
        elements += CHUNK;
        bytes += c.length;
      }
    }
    return { elements, bytes };
  }

  // --- chunk ring -----------------------------------------------------------

  private chunk(k: number): Chunk {
    return this.ring[(this.rh + k) & (this.ring.length - 1)]!;
  }

  private growRing(): void {
    const old = this.ring;
    const cap = old.length;
    const next: (Chunk | undefined)[] = new Array(cap * 2);
    for (let k = 0; k < this.nc; k++) next[k] = old[(this.rh + k) & (cap - 1)];
    this.ring = next;
    this.rh = 0;
  }

  private addLastChunk(c: Arr): void {
    if (this.nc === this.ring.length) this.growRing();
    this.ring[(this.rh + this.nc) & (this.ring.length - 1)] = c;
    this.nc++;
    // The chunk now `depth` chunks from the end moved away from it: pack it.
    const d = listPacking.depth;
    if (d > 0 && this.nc >= 2 * d + 1) this.packChunk(this.nc - 1 - d);
  }

  private addFirstChunk(c: Arr): void {
    if (this.nc === this.ring.length) this.growRing();
    this.rh = (this.rh - 1) & (this.ring.length - 1);
    this.ring[this.rh] = c;
    this.nc++;
    const d = listPacking.depth;
    if (d > 0 && this.nc >= 2 * d + 1) this.packChunk(d);
  }

  /** Packs chunk k (an interior chunk, so full) unless it is packed already or too big. */
  private packChunk(k: number): void {
    const at = (this.rh + k) & (this.ring.length - 1);
    const c = this.ring[at]!;
    if (isPacked(c)) return;
    const p = pack(c);
    if (p !== null) this.ring[at] = p;
  }

  /** Makes chunk k an array if it is packed (it became the first or the last). */
  private unpackChunk(k: number): void {
    const at = (this.rh + k) & (this.ring.length - 1);
    const c = this.ring[at]!;
    if (isPacked(c)) this.ring[at] = unpack(c);
  }

  /** Drops the first chunk, leaving the next one as it is (packed or not). */
  private dropFirstRaw(): void {
    this.ring[this.rh] = undefined;
    this.rh = (this.rh + 1) & (this.ring.length - 1);
    this.nc--;
    this.lo = 0;
    this.maybeShrinkRing();
  }

  private dropLastRaw(): void {
    const at = (this.rh + this.nc - 1) & (this.ring.length - 1);
    const c = this.ring[at];
    // Keep an emptied full-size array: a queue (LPUSH + RPOP) needs a new
    // chunk at the head exactly as often as it empties one at the tail.
    if (c !== undefined && !isPacked(c) && c.length === 0) spare = c;
    this.ring[at] = undefined;
    this.nc--;
    if (this.nc === 0) this.lo = 0;
    this.maybeShrinkRing();
  }

  /** The first and the last chunk back to arrays. */
  private unpackEnds(): void {
    if (this.nc === 0) return;
    this.unpackChunk(0);
    this.unpackChunk(this.nc - 1);
  }

  private dropFirstChunk(): void {
    this.dropFirstRaw();
    if (this.nc > 0) this.unpackChunk(0);
  }

  private dropLastChunk(): void {
    this.dropLastRaw();
    if (this.nc > 0) this.unpackChunk(this.nc - 1);
  }

  /** Gives memory back after a big list shrinks a lot. */
  private maybeShrinkRing(): void {
    const cap = this.ring.length;
    if (cap > 64 && this.nc < cap >>> 2) {
      const next: (Chunk | undefined)[] = new Array(cap >>> 1);
      for (let k = 0; k < this.nc; k++) next[k] = this.ring[(this.rh + k) & (cap - 1)];
      this.ring = next;
      this.rh = 0;
    }
  }

  // --- ends -------------------------------------------------------------------

  pushRight(v: string): void {
    this.n++;
    if (this.nc !== 0) {
      const last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] as Arr;
      const len = last.length;
      if (len < CHUNK) {
        last.push(v);
        // A chunk grown by push has spare capacity; once full, keep an
        // exact-size copy (one copy per CHUNK pushes).
        if (len === CHUNK - 1) this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] = last.slice();
        return;
      }
    }
    this.addLastChunk([v]);
  }

  pushLeft(v: string): void {
    this.n++;
    if (this.nc === 0) {
      this.addLastChunk([v]);
      return;
    }
    const first = this.ring[this.rh] as Arr;
    if (this.lo > 0) {
      first[--this.lo] = v;
      return;
    }
    const len = first.length;
    if (len < CHUNK) {
      // Make room at the front, doubling (amortised O(1) per element).
      const size = Math.min(CHUNK, Math.max(4, len * 2));
      const slack = size - len;
      const grown: Arr = new Array(size);
      for (let i = 0; i < len; i++) grown[slack + i] = first[i];
      grown[slack - 1] = v;
      this.ring[this.rh] = grown;
      this.lo = slack - 1;
      return;
    }
    // The first chunk is full, so the list is big: start a full-size chunk
    // in front of it, filled from its end.
    let c: Arr;
    if (spare !== null) {
      c = spare;
      spare = null;
      c.length = CHUNK;
    } else {
      c = new Array(CHUNK);
    }
    c[CHUNK - 1] = v;
    this.addFirstChunk(c);
    this.lo = CHUNK - 1;
  }

  /** Removes and returns the first element (undefined when empty). */
  popLeft(): string | undefined {
    if (this.n === 0) return undefined;
    let first = this.ring[this.rh] as Arr;
    if (this.lo === first.length) {
      this.dropFirstChunk(); // emptied by an earlier pop
      first = this.ring[this.rh] as Arr;
    }
    const v = first[this.lo];
    first[this.lo++] = undefined; // let the string go
    if (--this.n === 0) this.reset();
    return v;
  }

  /** Removes and returns the last element (undefined when empty). */
  popRight(): string | undefined {
    if (this.n === 0) return undefined;
    let last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] as Arr;
    if (last.length === 0) {
      this.dropLastChunk(); // emptied by an earlier pop
      last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] as Arr;
    }
    const v = last.pop();
    if (--this.n === 0) this.reset();
    return v;
  }

  first(): string | undefined {
    return this.n === 0 ? undefined : this.at(0);
  }

  last(): string | undefined {
    return this.n === 0 ? undefined : this.at(this.n - 1);
  }

  // --- index access ---------------------------------------------------------

  /** Element i (0 <= i < length), O(1). */
  at(i: number): string {
    const first = this.ring[this.rh] as Arr;
    const f = first.length - this.lo;
    if (i < f) return first[this.lo + i]!;
    const j = i - f;
    const c = this.ring[(this.rh + 1 + (j >>> SHIFT)) & (this.ring.length - 1)]!;
    if (isPacked(c)) return readEntry(c, entryAt(c, j & MASK));
    return c[j & MASK]!;
  }

  /** Replaces element i (0 <= i < length), O(1) (O(chunk bytes) in a packed chunk). */
  set(i: number, v: string): void {
    const first = this.ring[this.rh] as Arr;
    const f = first.length - this.lo;
    if (i < f) {
      first[this.lo + i] = v;
      return;
    }
    const j = i - f;
    const at = (this.rh + 1 + (j >>> SHIFT)) & (this.ring.length - 1);
    const c = this.ring[at]!;
    if (isPacked(c)) {
      // In place when the new element takes as many bytes, else a new chunk.
      const o = j & MASK;
      const p0 = entryAt(c, o);
      const b0 = entryBytes(c, p0);
      if (entryEnd - b0 === v.length) {
        writeEntry(c, p0, v);
        return;
      }
      const p = packedWith(c, o, v);
      if (p !== null) {
        this.ring[at] = p;
        return;
      }
      const a = unpack(c);
      a[o] = v;
      this.ring[at] = a;
      return;
    }
    c[j & MASK] = v;
  }

  /** Redis-style index: negative counts from the end. Returns -1 when out of range. */
  normIndex(index: number): number {
    const i = index < 0 ? this.n + index : index;
    return i < 0 || i >= this.n ? -1 : i;
  }

  // --- middle -----------------------------------------------------------------
  // Elements move one slot towards the end that has room, chunk by chunk: a
  // packed chunk is rebuilt once with its entries' bytes copied as they are
  // (O(chunk bytes)), an array chunk gets its slots assigned.

  /** Inserts v so that it becomes element i (0 <= i <= length). */
  insertAt(i: number, v: string): void {
    const n = this.n;
    if (i <= 0) return this.pushLeft(v);
    if (i >= n) return this.pushRight(v);
    if (i < n - i) {
      // A new first slot, then the head part one step left.
      this.pushLeft(this.at(0));
      this.rewrite(1, i, false, this.cursor(2, i - 1, false, null, v));
    } else {
      this.pushRight(this.at(n - 1));
      this.rewrite(i, n - 1, true, this.cursor(n - 2, n - 1 - i, true, null, v));
    }
  }

  /** Removes element i (0 <= i < length) and returns it. */
  removeAt(i: number): string {
    const n = this.n;
    const v = this.at(i);
    if (i < n - 1 - i) {
      // The head part one step right, then drop the first slot.
      this.rewrite(0, i, true, this.cursor(i - 1, i, true, null, ""));
      this.popLeft();
    } else {
      this.rewrite(i, n - 1, false, this.cursor(i + 1, n - 1 - i, false, null, ""));
      this.popRight();
    }
    return v;
  }

  /**
   * Removes the elements at the given positions (strictly ascending), moving
   * whichever side of the list is shorter. O(n) at worst.
   */
  removePositions(pos: readonly number[]): void {
    const k = pos.length;
    if (k === 0) return;
    const n = this.n;
    const p1 = pos[0]!;
    const pk = pos[k - 1]!;
    if (n - p1 <= pk) {
      // Compact the tail part towards the head, then cut the tail.
      this.rewrite(p1, n - 1 - k, false, this.cursor(p1, n - p1, false, pos, ""));
      this.removeRight(k);
    } else {
      this.rewrite(k, pk, true, this.cursor(pk, pk + 1, true, pos, ""));
      this.removeLeft(k);
    }
  }

  /** The chunk (counted from the first) holding position pos; sets locatedOff to its slot in that chunk. */
  private locate(pos: number): number {
    const f = (this.ring[this.rh] as Arr).length - this.lo;
    if (pos < f) {
      locatedOff = this.lo + pos;
      return 0;
    }
    const j = pos - f;
    locatedOff = j & MASK;
    return 1 + (j >>> SHIFT);
  }

  /**
   * A reader of `count` elements from position `pos` (towards the head when
   * `reverse`), passing over the positions listed in `skip` (ascending), and
   * giving `extra` after them.
   */
  private cursor(pos: number, count: number, reverse: boolean, skip: readonly number[] | null, extra: string): Cursor {
    let k = 0;
    let off = 0;
    if (count > 0) {
      k = this.locate(pos);
      off = locatedOff;
    }
    const si = skip === null ? 0 : reverse ? skip.length - 1 : 0;
    return new Cursor((c) => this.chunk(c), k, off, pos, count, reverse, skip, si, extra);
  }

  /**
   * Writes the slots of positions from..to with the cursor's elements, in
   * position order (or from `to` down to `from` when `reverse`). The cursor
   * must always be at or past the slot being written, in that direction, so
   * that it never reads a slot already written.
   */
  private rewrite(from: number, to: number, reverse: boolean, cur: Cursor): void {
    if (from > to) return;
    const lo = this.lo;
    const f = (this.ring[this.rh] as Arr).length - lo;
    let a = reverse ? to : from;
    while (reverse ? a >= from : a <= to) {
      const k = a < f ? 0 : 1 + ((a - f) >>> SHIFT);
      // Position of the chunk's slot 0, and its slots in from..to.
      const base = k === 0 ? -lo : f + ((k - 1) << SHIFT);
      const c = this.chunk(k);
      const size = isPacked(c) ? CHUNK : c.length;
      const la = Math.max(from, base + (k === 0 ? lo : 0)) - base;
      const lb = Math.min(to, base + size - 1) - base;
      takeRefs(cur, lb - la + 1);
      if (isPacked(c)) {
        this.ring[(this.rh + k) & (this.ring.length - 1)] = rebuildPacked(c, la, lb, reverse);
      } else {
        let at = la;
        if (!reverse) for (let r = 0; r < refCount; r++) at = refToArray(r, c, at);
        else for (let r = refCount - 1; r >= 0; r--) at = refToArray(r, c, at);
      }
      clearRefs();
      a = reverse ? base + la - 1 : base + lb + 1;
    }
  }

  /** Removes the first `count` elements. */
  removeLeft(count: number): void {
    count = Math.min(count, this.n);
    if (count <= 0) return;
    this.n -= count;
    if (this.n === 0) return this.reset();
    while (count > 0) {
      const first = this.ring[this.rh]!;
      const f = (isPacked(first) ? CHUNK : first.length) - this.lo;
      if (count >= f) {
        count -= f;
        this.dropFirstRaw();
      } else {
        this.unpackChunk(0);
        const a = this.ring[this.rh] as Arr;
        for (let i = 0; i < count; i++) a[this.lo + i] = undefined;
        this.lo += count;
        count = 0;
      }
    }
    this.unpackEnds();
  }

  /** Removes the last `count` elements. */
  removeRight(count: number): void {
    count = Math.min(count, this.n);
    if (count <= 0) return;
    this.n -= count;
    if (this.n === 0) return this.reset();
    while (count > 0) {
      const last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)]!;
      const l = (isPacked(last) ? CHUNK : last.length) - (this.nc === 1 ? this.lo : 0);
      if (count >= l) {
        count -= l;
        this.dropLastRaw();
      } else {
        this.unpackChunk(this.nc - 1);
        (this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] as Arr).length -= count;
        count = 0;
      }
    }
    this.unpackEnds();
  }

  /** Removes every element. */
  clear(): void {
    this.ring = [undefined, undefined];
    this.rh = 0;
    this.nc = 0;
    this.lo = 0;
    this.n = 0;
  }

  /** Back to no chunks once the last element is gone (keeps a small ring). */
  private reset(): void {
    if (this.ring.length > 64) this.ring = [undefined, undefined];
    else this.ring.fill(undefined);
    this.rh = 0;
    this.nc = 0;
    this.lo = 0;
  }

  // --- iteration --------------------------------------------------------------

  /**
   * Visits elements from index `from` towards the tail (or towards the head
   * when `reverse`), chunk by chunk, until `fn` returns false or the end.
   */
  scan(from: number, reverse: boolean, fn: (v: string, i: number) => boolean | void): void {
    if (from < 0 || from >= this.n) return;
    const mask = this.ring.length - 1;
    let k = this.locate(from);
    let off = locatedOff;
    let i = from;
    if (!reverse) {
      for (; k < this.nc; k++) {
        const c = this.ring[(this.rh + k) & mask]!;
        if (isPacked(c)) {
          let p = entryAt(c, off);
          for (; off < CHUNK; off++) {
            const v = readEntry(c, p);
            p = entryEnd;
            if (fn(v, i++) === false) return;
          }
        } else {
          const end = c.length;
          for (; off < end; off++) {
            if (fn(c[off]!, i++) === false) return;
          }
        }
        off = 0;
      }
    } else {
      let offsets: Uint32Array | null = null;
      for (;;) {
        const c = this.ring[(this.rh + k) & mask]!;
        if (isPacked(c)) {
          // Element positions from the front (lengths only read forwards).
          offsets ??= new Uint32Array(CHUNK);
          entryOffsets(c, off, offsets);
          for (; off >= 0; off--) {
            if (fn(readEntry(c, offsets[off]!), i--) === false) return;
          }
        } else {
          const start = k === 0 ? this.lo : 0;
          for (; off >= start; off--) {
            if (fn(c[off]!, i--) === false) return;
          }
        }
        if (--k < 0) return;
        const prev = this.ring[(this.rh + k) & mask]!;
        off = (isPacked(prev) ? CHUNK : prev.length) - 1;
      }
    }
  }

  /**
   * Visits the positions of the elements equal to `ele`, from index `from`
   * towards the tail (or towards the head when `reverse`), looking at no
   * more than `limit` elements (0: no limit), until `fn` returns false or
   * the end. Packed elements are compared as bytes, with no string made.
   */
  find(ele: string, from: number, reverse: boolean, limit: number, fn: (i: number) => boolean | void): void {
    const n = this.n;
    if (from < 0 || from >= n) return;
    let left = limit > 0 ? limit : reverse ? from + 1 : n - from;
    const len = ele.length;
    const mask = this.ring.length - 1;
    let k = this.locate(from);
    let off = locatedOff;
    let i = from;
    let offsets: Uint32Array | null = null;
    while (left > 0 && k >= 0 && k < this.nc) {
      const c = this.ring[(this.rh + k) & mask]!;
      if (!isPacked(c)) {
        if (!reverse) {
          const end = Math.min(c.length, off + left);
          left -= end - off;
          for (; off < end; off++, i++) if (c[off] === ele && fn(i) === false) return;
        } else {
          const start = Math.max(k === 0 ? this.lo : 0, off - left + 1);
          left -= off - start + 1;
          for (; off >= start; off--, i--) if (c[off] === ele && fn(i) === false) return;
        }
      } else if (!reverse) {
        const end = Math.min(CHUNK, off + left);
        left -= end - off;
        let p = entryAt(c, off);
        for (; off < end; off++, i++) {
          const s = entryBytes(c, p);
          p = entryEnd;
          if (p - s === len && bytesEqual(c, s, ele) && fn(i) === false) return;
        }
      } else {
        offsets ??= new Uint32Array(CHUNK);
        entryOffsets(c, off, offsets);
        const start = Math.max(0, off - left + 1);
        left -= off - start + 1;
        for (; off >= start; off--, i--) {
          const s = entryBytes(c, offsets[off]!);
          if (entryEnd - s === len && bytesEqual(c, s, ele) && fn(i) === false) return;
        }
      }
      if (!reverse) {
        k++;
        off = 0;
      } else if (--k >= 0) {
        const prev = this.ring[(this.rh + k) & mask]!;
        off = (isPacked(prev) ? CHUNK : prev.length) - 1;
      }
    }
  }

  /** Elements from..to inclusive (clamped by the caller), as an array. */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    if (to < from) return out;
    this.scan(from, false, (v, i) => {
      out.push(v);
      return i < to;
    });
    return out;
  }
}
