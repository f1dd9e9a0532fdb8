// The chunked list against a plain-array model, with random operations
// crossing chunk boundaries in every direction.

import { describe, expect, test } from "bun:test";
import { CHUNK, ListValue } from "../../src/store/list.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

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
