// The chunked list against a plain-array model, with random operations
// crossing chunk boundaries in every direction, on small lists and on lists
// of many chunks (whose interior chunks are packed).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { objectFromPlain, writeObject, writeObjectType } from "../../src/persistence/objects.ts";
import { DEFAULT_LIMITS, dumpPayload, readDumpPayload } from "../../src/persistence/rdb.ts";
import { CHUNK, ListValue, listPacking } from "../../src/store/list.ts";
import type { EncodingLimits } from "../../src/store/limits.ts";
import { rng } from "../helpers/rng.ts";

function check(l: ListValue, model: string[]): void {
  expect(l.length).toBe(model.length);
  expect(l.toArray()).toEqual(model);
  for (let i = 0; i < model.length; i += Math.max(1, model.length >> 4)) expect(l.at(i)).toBe(model[i]!);
  if (model.length > 0) {
    expect(l.first()).toBe(model[0]!);
    expect(l.last()).toBe(model[model.length - 1]!);
    const rev: string[] = [];
    l.scan(model.length - 1, true, (v) => {
      rev.push(v);
    });
    expect(rev).toEqual([...model].reverse());
  }
}

describe("ListValue", () => {
  test("with list-compress-depth 0 (the default) no chunk is packed", () => {
    const l = ListValue.from(Array.from({ length: 20 * CHUNK }, (_, i) => `e${i}`));
    for (let i = 0; i < 10 * CHUNK; i++) l.pushLeft(`x${i}`);
    expect(l.packedStats().elements).toBe(0);
  });

  test("push and pop at both ends across many chunks", () => {
    const l = new ListValue();
    const model: string[] = [];
    for (let i = 0; i < 5 * CHUNK + 3; i++) {
      l.pushLeft("L" + i);
      model.unshift("L" + i);
      l.pushRight("R" + i);
      model.push("R" + i);
    }
    check(l, model);
    while (model.length > 0) {
      expect(l.popRight()).toBe(model.pop());
      if (model.length > 0) expect(l.popLeft()).toBe(model.shift());
    }
    expect(l.length).toBe(0);
    expect(l.popLeft()).toBeUndefined();
    expect(l.popRight()).toBeUndefined();
  });

  test("a queue (push right, pop left) and a stack (push left, pop left)", () => {
    const q = new ListValue();
    let head = 0;
    for (let i = 0; i < 10 * CHUNK; i++) {
      q.pushRight(String(i));
      if (i % 3 === 2) expect(q.popLeft()).toBe(String(head++));
    }
    expect(q.length).toBe(10 * CHUNK - head);
    expect(q.at(0)).toBe(String(head));
    const s = new ListValue();
    for (let i = 0; i < 3 * CHUNK; i++) s.pushLeft(String(i));
    for (let i = 3 * CHUNK - 1; i >= 0; i--) expect(s.popLeft()).toBe(String(i));
  });

  test("alternating push/pop at a chunk boundary, at both ends", () => {
    const l = ListValue.from(Array.from({ length: 2 * CHUNK }, (_, i) => String(i)));
    const model = Array.from({ length: 2 * CHUNK }, (_, i) => String(i));
    for (let i = 0; i < 10; i++) {
      l.pushLeft("a" + i);
      expect(l.popLeft()).toBe("a" + i);
      l.pushRight("b" + i);
      expect(l.popRight()).toBe("b" + i);
    }
    check(l, model);
    // Empty the first chunk with pops, then use the list from both sides.
    for (let i = 0; i < CHUNK; i++) expect(l.popLeft()).toBe(model.shift());
    check(l, model);
    l.pushLeft("x");
    model.unshift("x");
    check(l, model);
    for (let i = 0; i < CHUNK; i++) expect(l.popRight()).toBe(model.pop());
    check(l, model);
    while (model.length > 0) expect(l.popRight()).toBe(model.pop());
    expect(l.length).toBe(0);
    l.pushRight("again");
    check(l, ["again"]);
  });

  test("random operations match an array model", () => {
    for (const seed of [1, 7, 42, 1234]) {
      const r = rng(seed);
      const l = new ListValue();
      let model: string[] = [];
      for (let step = 0; step < 4000; step++) {
        const op = Math.floor(r() * 11);
        const v = "v" + step;
        const n = model.length;
        switch (op) {
          case 0:
          case 1:
            l.pushLeft(v);
            model.unshift(v);
            break;
          case 2:
          case 3:
            l.pushRight(v);
            model.push(v);
            break;
          case 4:
            expect(l.popLeft()).toBe(model.shift());
            break;
          case 5:
            expect(l.popRight()).toBe(model.pop());
            break;
          case 6: {
            const i = Math.floor(r() * (n + 1));
            l.insertAt(i, v);
            model.splice(i, 0, v);
            break;
          }
          case 7:
            if (n > 0) {
              const i = Math.floor(r() * n);
              expect(l.removeAt(i)).toBe(model[i]!);
              model.splice(i, 1);
            }
            break;
          case 8:
            if (n > 0) {
              const i = Math.floor(r() * n);
              l.set(i, v);
              model[i] = v;
            }
            break;
          case 9: {
            const pos: number[] = [];
            for (let i = 0; i < n; i++) if (r() < 0.05) pos.push(i);
            l.removePositions(pos);
            const drop = new Set(pos);
            model = model.filter((_, i) => !drop.has(i));
            break;
          }
          case 10: {
            const a = Math.floor(r() * 5);
            const b = Math.floor(r() * 5);
            l.removeLeft(a);
            l.removeRight(b);
            model = model.slice(Math.min(a, model.length));
            model = model.slice(0, Math.max(0, model.length - b));
            break;
          }
        }
        if (step % 97 === 0) check(l, model);
      }
      check(l, model);
      const copy = l.clone();
      copy.pushLeft("x");
      check(l, model);
      check(copy, ["x", ...model]);
    }
  });

  test("scan stops when asked and starts anywhere", () => {
    const l = ListValue.from(Array.from({ length: 3 * CHUNK + 5 }, (_, i) => String(i)));
    const seen: number[] = [];
    l.scan(CHUNK - 2, false, (v, i) => {
      expect(v).toBe(String(i));
      seen.push(i);
      return i < CHUNK + 2;
    });
    expect(seen).toEqual([CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 2]);
    expect(l.slice(2, 4)).toEqual(["2", "3", "4"]);
    expect(l.normIndex(-1)).toBe(3 * CHUNK + 4);
    expect(l.normIndex(3 * CHUNK + 5)).toBe(-1);
    expect(l.encoding()).toBe("quicklist");
  });
});

/** A binary element: any bytes 0..255, lengths 0..max (lengths >= 128 take a 2-byte varint when packed). */
function binElem(r: () => number, tag: number, max: number): string {
  const len = r() < 0.1 ? Math.floor(r() * 3) : Math.floor(r() * max);
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(r() * 256));
  // A unique prefix so that a misplaced element is never equal by chance.
  return tag.toString(36) + ":" + s;
}

describe("ListValue with packed chunks", () => {
  // Packing is opt-in (list-compress-depth); these tests run with depth 2.
  beforeAll(() => {
    listPacking.depth = 2;
  });
  afterAll(() => {
    listPacking.depth = 0;
  });
  test("binary elements survive packing and unpacking", () => {
    const r = rng(5);
    const model = Array.from({ length: 8 * CHUNK + 17 }, (_, i) => binElem(r, i, 200));
    model[3 * CHUNK + 5] = "";
    model[4 * CHUNK] = "\x00";
    model[4 * CHUNK + 1] = "\xff".repeat(20000); // a 3-byte length
    const l = ListValue.from(model);
    expect(l.packedStats().elements).toBeGreaterThanOrEqual(3 * CHUNK);
    check(l, model);
    expect([...l]).toEqual(model);
    for (let i = 0; i < model.length; i += 97) expect(l.at(i)).toBe(model[i]!);
    // Queue through it: every chunk comes back to an end as an array.
    for (let i = 0; i < model.length; i++) {
      expect(l.popLeft()).toBe(model[i]!);
      l.pushRight(model[i]!);
    }
    check(l, model);
  });

  test("random operations on big lists match an array model", () => {
    for (const seed of [3, 11, 99]) {
      const r = rng(seed);
      const l = new ListValue();
      let model: string[] = [];
      for (let i = 0; i < 6 * CHUNK; i++) {
        const v = binElem(r, -i - 1, 24);
        l.pushRight(v);
        model.push(v);
      }
      let snap = l.clone();
      let snapModel = model.slice();
      for (let step = 0; step < 1500; step++) {
        const op = Math.floor(r() * 15);
        // Some repeated values, for find().
        const v = r() < 0.15 ? "dup" : binElem(r, step, r() < 0.02 ? 400 : 30);
        const n = model.length;
        switch (op) {
          case 0:
            l.pushLeft(v);
            model.unshift(v);
            break;
          case 1:
            l.pushRight(v);
            model.push(v);
            break;
          case 2:
            expect(l.popLeft()).toBe(model.shift());
            break;
          case 3:
            expect(l.popRight()).toBe(model.pop());
            break;
          case 4:
          case 5: {
            const i = Math.floor(r() * (n + 1));
            l.insertAt(i, v);
            model.splice(i, 0, v);
            break;
          }
          case 6:
            if (n > 0) {
              const i = Math.floor(r() * n);
              expect(l.removeAt(i)).toBe(model[i]!);
              model.splice(i, 1);
            }
            break;
          case 7:
          case 8:
            if (n > 0) {
              const i = Math.floor(r() * n);
              expect(l.at(i)).toBe(model[i]!);
              l.set(i, v);
              model[i] = v;
            }
            break;
          case 9: {
            const pos: number[] = [];
            const p = r() * 0.01;
            for (let i = 0; i < n; i++) if (r() < p) pos.push(i);
            l.removePositions(pos);
            const drop = new Set(pos);
            model = model.filter((_, i) => !drop.has(i));
            break;
          }
          case 10: {
            // LTRIM-like cuts, sometimes many chunks at once.
            const a = Math.floor(r() * (r() < 0.1 ? 3 * CHUNK : 5));
            const b = Math.floor(r() * (r() < 0.1 ? 3 * CHUNK : 5));
            l.removeLeft(a);
            l.removeRight(b);
            model = model.slice(Math.min(a, model.length));
            model = model.slice(0, Math.max(0, model.length - b));
            break;
          }
          case 11: {
            // Bursts at one end: chunks move away from it (packed) and back (unpacked).
            const m = Math.floor(r() * 2 * CHUNK);
            const left = r() < 0.5;
            for (let i = 0; i < m; i++) {
              const e = "b" + step + ":" + i;
              if (left) {
                l.pushLeft(e);
                model.unshift(e);
              } else {
                l.pushRight(e);
                model.push(e);
              }
            }
            break;
          }
          case 12: {
            const m = Math.floor(r() * 2 * CHUNK);
            for (let i = 0; i < m && model.length > 0; i++) {
              if (r() < 0.5) expect(l.popLeft()).toBe(model.shift());
              else expect(l.popRight()).toBe(model.pop());
            }
            break;
          }
          case 13:
            if (n > 0) {
              const from = Math.floor(r() * n);
              const reverse = r() < 0.5;
              const seen: string[] = [];
              l.scan(from, reverse, (e, i) => {
                expect(e).toBe(model[i]!);
                seen.push(e);
                return seen.length < 3000;
              });
              expect(seen.length).toBe(Math.min(3000, reverse ? from + 1 : n - from));
            }
            break;
          case 14:
            if (n > 0) {
              const ele = r() < 0.6 ? "dup" : r() < 0.5 ? model[Math.floor(r() * n)]! : binElem(r, -1, 30);
              const from = Math.floor(r() * n);
              const reverse = r() < 0.5;
              const limit = r() < 0.5 ? 0 : Math.floor(r() * 3 * CHUNK);
              const stopAfter = r() < 0.3 ? 3 : Infinity;
              const got: number[] = [];
              l.find(ele, from, reverse, limit, (i) => {
                got.push(i);
                return got.length < stopAfter;
              });
              const want: number[] = [];
              let looked = 0;
              for (let i = from; i >= 0 && i < n && want.length < stopAfter; i += reverse ? -1 : 1) {
                if (limit > 0 && looked++ === limit) break;
                if (model[i] === ele) want.push(i);
              }
              expect(got).toEqual(want);
            }
            break;
        }
        if (model.length < 2 * CHUNK) {
          for (let i = 0; i < 4 * CHUNK; i++) {
            const e = "refill" + step + ":" + i;
            l.pushRight(e);
            model.push(e);
          }
        }
        if (step % 50 === 0) {
          check(l, model);
          // A clone is independent of later writes to the original (packed chunks are shared).
          check(snap, snapModel);
          snap = l.clone();
          snapModel = model.slice();
        }
      }
      check(l, model);
      check(snap, snapModel);
      expect([...l]).toEqual(model);
    }
  });

  test("replacing packed elements in place or not, and clones stay independent", () => {
    const model = Array.from({ length: 7 * CHUNK }, (_, i) => "v" + String(i).padStart(6, "0"));
    const l = ListValue.from(model);
    const packed = l.packedStats().elements;
    expect(packed).toBeGreaterThan(0);
    const copy = l.clone();
    const copyModel = model.slice();
    for (let i = 2 * CHUNK; i < 5 * CHUNK; i += 37) {
      const same = "w" + String(i).padStart(6, "0"); // as many bytes: in place
      l.set(i, same);
      model[i] = same;
      if (i % 3 === 0) {
        const other = "longer:" + i; // a new chunk
        l.set(i + 1, other);
        model[i + 1] = other;
      }
    }
    expect(l.packedStats().elements).toBe(packed);
    check(l, model);
    check(copy, copyModel);
    copy.set(3 * CHUNK, "zzzzzzz");
    copyModel[3 * CHUNK] = "zzzzzzz";
    check(copy, copyModel);
    check(l, model);
  });

  test("chunks of big elements stay arrays and behave the same", () => {
    const big = (i: number) => String(i).padStart(400, "x");
    const model = Array.from({ length: 6 * CHUNK }, (_, i) => big(i));
    const l = ListValue.from(model);
    expect(l.packedStats().elements).toBe(0);
    l.insertAt(3 * CHUNK, "mid");
    model.splice(3 * CHUNK, 0, "mid");
    l.set(2 * CHUNK + 7, "set");
    model[2 * CHUNK + 7] = "set";
    check(l, model);
  });

  test("a huge element in a packed chunk turns it back into an array", () => {
    const model = Array.from({ length: 8 * CHUNK }, (_, i) => "e" + i);
    const l = ListValue.from(model);
    const packed = l.packedStats().elements;
    expect(packed).toBeGreaterThanOrEqual(4 * CHUNK);
    const huge = "\x01".repeat(300_000);
    l.set(3 * CHUNK + 1, huge);
    model[3 * CHUNK + 1] = huge;
    expect(l.packedStats().elements).toBe(packed - CHUNK);
    check(l, model);
    l.insertAt(5 * CHUNK + 3, huge + "!");
    model.splice(5 * CHUNK + 3, 0, huge + "!");
    check(l, model);
    expect(l.removeAt(3 * CHUNK + 1)).toBe(huge);
    model.splice(3 * CHUNK + 1, 1);
    l.removePositions([4 * CHUNK, 5 * CHUNK + 2, 5 * CHUNK + 3]);
    model.splice(5 * CHUNK + 3, 1);
    model.splice(5 * CHUNK + 2, 1);
    model.splice(4 * CHUNK, 1);
    check(l, model);
    expect([...l.clone()]).toEqual(model);
  });

  test("a packed list saves to an RDB payload and loads back", () => {
    const r = rng(77);
    const model = Array.from({ length: 9 * CHUNK + 5 }, (_, i) => binElem(r, i, 40));
    model[5 * CHUNK] = "12345"; // stored as an integer in the listpack
    model[6 * CHUNK] = "x".repeat(70000); // a big element
    const l = ListValue.from(model);
    // Some queue traffic so that chunks are packed and unpacked at both ends.
    for (let i = 0; i < 3 * CHUNK; i++) {
      l.pushLeft(model[model.length - 1 - (i % 7)]!);
      model.unshift(model[model.length - 1 - (i % 7)]!);
      expect(l.popRight()).toBe(model.pop());
    }
    expect(l.packedStats().elements).toBeGreaterThan(0);
    const limits: EncodingLimits = { ...DEFAULT_LIMITS, listMaxListpackSize: -2 };
    const payload = dumpPayload((rw) => {
      writeObjectType(rw, l);
      writeObject(rw, l, limits);
    });
    const back = objectFromPlain(readDumpPayload(payload), limits) as ListValue;
    check(back, model);
    expect(back.packedStats().elements).toBeGreaterThan(0);
  });
});
