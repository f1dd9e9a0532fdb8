// The list value: a deque of fixed-size chunks, in the spirit of Redis's
// quicklist (a linked list of listpacks), built so that every operation at
// either end is O(1) whatever the length, with no Array.shift/unshift on big
// arrays.
//
// Layout. Elements (latin1 "binary" strings) live in chunks: plain JS arrays
// of at most CHUNK elements. The chunks sit in a ring buffer (`ring`, power-
// of-two capacity, first chunk at `rh`, `nc` chunks). Invariants:
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
// Memory: one 8-byte slot per element in a chunk plus the string itself; the
// per-chunk overhead is amortised over CHUNK elements (1024: large enough for
// the allocator's size classes to waste almost nothing, full chunks are kept
// at their exact size), and a small list holds one small array that grows
// with it.
//
// OBJECT ENCODING: Redis 7.0 creates every list as a quicklist and reports
// "quicklist" at any size (the small "listpack" list encoding arrived in 7.2),
// so encoding() always answers "quicklist".

import { RObject } from "./types.ts";

const SHIFT = 10;
/** Elements per chunk (a power of two). */
export const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

type Chunk = (string | undefined)[];

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
    for (let k = 0; k < this.nc; k++) l.ring[k] = this.ring[(this.rh + k) & (cap - 1)]!.slice();
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
    for (const s of items) l.pushRight(s);
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

  private addLastChunk(c: Chunk): void {
    if (this.nc === this.ring.length) this.growRing();
    this.ring[(this.rh + this.nc) & (this.ring.length - 1)] = c;
    this.nc++;
  }

  private addFirstChunk(c: Chunk): void {
    if (this.nc === this.ring.length) this.growRing();
    this.rh = (this.rh - 1) & (this.ring.length - 1);
    this.ring[this.rh] = c;
    this.nc++;
  }

  private dropFirstChunk(): void {
    this.ring[this.rh] = undefined;
    this.rh = (this.rh + 1) & (this.ring.length - 1);
    this.nc--;
    this.lo = 0;
    this.maybeShrinkRing();
  }

  private dropLastChunk(): void {
    this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)] = undefined;
    this.nc--;
    if (this.nc === 0) this.lo = 0;
    this.maybeShrinkRing();
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
      const last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)]!;
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
    const first = this.ring[this.rh]!;
    if (this.lo > 0) {
      first[--this.lo] = v;
      return;
    }
    const len = first.length;
    if (len < CHUNK) {
      // Make room at the front, doubling (amortised O(1) per element).
      const size = Math.min(CHUNK, Math.max(4, len * 2));
      const slack = size - len;
      const grown: Chunk = new Array(size);
      for (let i = 0; i < len; i++) grown[slack + i] = first[i];
      grown[slack - 1] = v;
      this.ring[this.rh] = grown;
      this.lo = slack - 1;
      return;
    }
    // The first chunk is full, so the list is big: start a full-size chunk
    // in front of it, filled from its end.
    const c: Chunk = new Array(CHUNK);
    c[CHUNK - 1] = v;
    this.addFirstChunk(c);
    this.lo = CHUNK - 1;
  }

  /** Removes and returns the first element (undefined when empty). */
  popLeft(): string | undefined {
    if (this.n === 0) return undefined;
    let first = this.ring[this.rh]!;
    if (this.lo === first.length) {
      this.dropFirstChunk(); // emptied by an earlier pop
      first = this.ring[this.rh]!;
    }
    const v = first[this.lo];
    first[this.lo++] = undefined; // let the string go
    if (--this.n === 0) this.reset();
    return v;
  }

  /** Removes and returns the last element (undefined when empty). */
  popRight(): string | undefined {
    if (this.n === 0) return undefined;
    let last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)]!;
    if (last.length === 0) {
      this.dropLastChunk(); // emptied by an earlier pop
      last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)]!;
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
    const first = this.ring[this.rh]!;
    const f = first.length - this.lo;
    if (i < f) return first[this.lo + i]!;
    const j = i - f;
    return this.ring[(this.rh + 1 + (j >>> SHIFT)) & (this.ring.length - 1)]![j & MASK]!;
  }

  /** Replaces element i (0 <= i < length), O(1). */
  set(i: number, v: string): void {
    const first = this.ring[this.rh]!;
    const f = first.length - this.lo;
    if (i < f) {
      first[this.lo + i] = v;
      return;
    }
    const j = i - f;
    this.ring[(this.rh + 1 + (j >>> SHIFT)) & (this.ring.length - 1)]![j & MASK] = v;
  }

  /** Redis-style index: negative counts from the end. Returns -1 when out of range. */
  normIndex(index: number): number {
    const i = index < 0 ? this.n + index : index;
    return i < 0 || i >= this.n ? -1 : i;
  }

  // --- middle -----------------------------------------------------------------

  /** Inserts v so that it becomes element i (0 <= i <= length). */
  insertAt(i: number, v: string): void {
    const n = this.n;
    if (i <= 0) return this.pushLeft(v);
    if (i >= n) return this.pushRight(v);
    if (i < n - i) {
      // Shift the head part one step left.
      this.pushLeft(this.at(0));
      for (let k = 1; k < i; k++) this.set(k, this.at(k + 1));
      this.set(i, v);
    } else {
      this.pushRight(this.at(n - 1));
      for (let k = n - 1; k > i; k--) this.set(k, this.at(k - 1));
      this.set(i, v);
    }
  }

  /** Removes element i (0 <= i < length) and returns it. */
  removeAt(i: number): string {
    const n = this.n;
    const v = this.at(i);
    if (i < n - 1 - i) {
      for (let k = i; k > 0; k--) this.set(k, this.at(k - 1));
      this.popLeft();
    } else {
      for (let k = i; k < n - 1; k++) this.set(k, this.at(k + 1));
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
      let w = p1;
      let next = 0;
      for (let r = p1; r < n; r++) {
        if (next < k && pos[next] === r) {
          next++;
          continue;
        }
        this.set(w++, this.at(r));
      }
      this.removeRight(k);
    } else {
      let w = pk;
      let next = k - 1;
      for (let r = pk; r >= 0; r--) {
        if (next >= 0 && pos[next] === r) {
          next--;
          continue;
        }
        this.set(w--, this.at(r));
      }
      this.removeLeft(k);
    }
  }

  /** Removes the first `count` elements. */
  removeLeft(count: number): void {
    count = Math.min(count, this.n);
    this.n -= count;
    while (count > 0) {
      const first = this.ring[this.rh]!;
      const f = first.length - this.lo;
      if (count >= f) {
        count -= f;
        this.dropFirstChunk();
      } else {
        for (let i = 0; i < count; i++) first[this.lo + i] = undefined;
        this.lo += count;
        count = 0;
      }
    }
    if (this.n === 0) this.reset();
  }

  /** Removes the last `count` elements. */
  removeRight(count: number): void {
    count = Math.min(count, this.n);
    this.n -= count;
    while (count > 0) {
      const last = this.ring[(this.rh + this.nc - 1) & (this.ring.length - 1)]!;
      const l = last.length - (this.nc === 1 ? this.lo : 0);
      if (count >= l) {
        count -= l;
        this.dropLastChunk();
      } else {
        last.length -= count;
        count = 0;
      }
    }
    if (this.n === 0) this.reset();
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
    const n = this.n;
    if (from < 0 || from >= n) return;
    const mask = this.ring.length - 1;
    const first = this.ring[this.rh]!;
    const f = first.length - this.lo;
    // Locate `from`: chunk number k, offset off inside it.
    let k: number;
    let off: number;
    if (from < f) {
      k = 0;
      off = this.lo + from;
    } else {
      const j = from - f;
      k = 1 + (j >>> SHIFT);
      off = j & MASK;
    }
    let i = from;
    if (!reverse) {
      for (; k < this.nc; k++) {
        const c = this.ring[(this.rh + k) & mask]!;
        const end = c.length;
        for (; off < end; off++) {
          if (fn(c[off]!, i++) === false) return;
        }
        off = 0;
      }
    } else {
      for (;;) {
        const c = this.ring[(this.rh + k) & mask]!;
        const start = k === 0 ? this.lo : 0;
        for (; off >= start; off--) {
          if (fn(c[off]!, i--) === false) return;
        }
        if (--k < 0) return;
        off = this.ring[(this.rh + k) & mask]!.length - 1;
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
