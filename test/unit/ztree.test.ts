// The sorted set's order-statistic B+tree against a naive model (a sorted
// array), under random operations: the structure (counts, separators, leaf
// links, fill) is checked along the way, and every query (ranks, elements by
// rank, score and lex ranges, range deletions) is compared with the model,
// from one leaf to trees three inner levels deep. Also the zset value's
// encoding rules and the range-argument parsers.

import { describe, expect, test } from "bun:test";
import { LEX_MAX, LEX_MIN, type LexRange, type ScoreRange } from "../../src/store/zranges.ts";
import { LEAF_CAP, ZTree } from "../../src/store/ztree.ts";
import { ZADD_IN_GT, ZADD_IN_INCR, ZADD_IN_LT, ZADD_IN_NX, ZADD_IN_XX, ZADD_OUT_ADDED, ZADD_OUT_NAN, ZADD_OUT_NOP, ZADD_OUT_UPDATED, ZSet } from "../../src/store/zset.ts";
import type { EncodingLimits } from "../../src/store/limits.ts";
import { parseScore, strtodLoose } from "../../src/commands/zsets.ts";

type Entry = { score: number; ele: string };

function cmp(a: Entry, b: Entry): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.ele === b.ele ? 0 : a.ele < b.ele ? -1 : 1;
}

/** A deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCORES = [-Infinity, -2.5, -1, -0, 0, 0.1, 1, 1, 2, 3, 3, 7.25, 1e100, Infinity];

function randomMember(r: () => number): string {
  const n = Math.floor(r() * 4); // "" is a valid member too
  let s = "";
  // Bytes on both sides of 0x80: members compare as unsigned bytes.
  for (let i = 0; i < n; i++) s += String.fromCharCode([0x00, 0x41, 0x42, 0x61, 0x7f, 0x80, 0xe9, 0xff][Math.floor(r() * 8)]!);
  return s;
}

function randomScore(r: () => number): number {
  return SCORES[Math.floor(r() * SCORES.length)]!;
}

/** Checks the tree's structure and its order against the model (sorted entries). */
function checkInvariants(zt: ZTree, model: Entry[]): void {
  expect(zt.check()).toBeNull();
  expect(zt.length).toBe(model.length);
  const seen: [number, string][] = [];
  zt.forEach((ele, score) => seen.push([score, ele]));
  expect(seen).toEqual(model.map((e) => [e.score, e.ele]));
  // Walking backward from the last position gives the reverse order.
  const back: string[] = [];
  const p = zt.last();
  if (p !== null) do back.push(p.ele); while (p.prev());
  expect(back).toEqual(model.map((e) => e.ele).reverse());
}

function inRange(v: number, r: ScoreRange): boolean {
  return (r.minex ? v > r.min : v >= r.min) && (r.maxex ? v < r.max : v <= r.max);
}

function lexCmp(a: string, b: string): number {
  if (a === b) return 0;
  if (a === LEX_MIN || b === LEX_MAX) return -1;
  if (a === LEX_MAX || b === LEX_MIN) return 1;
  return a < b ? -1 : 1;
}

function inLex(v: string, r: LexRange): boolean {
  const a = lexCmp(v, r.min);
  const b = lexCmp(v, r.max);
  return (r.minex ? a > 0 : a >= 0) && (r.maxex ? b < 0 : b <= 0);
}

function randomRange(r: () => number): ScoreRange {
  return { min: randomScore(r), max: randomScore(r), minex: r() < 0.4, maxex: r() < 0.4 };
}

function randomLexBound(r: () => number): string {
  const x = r();
  if (x < 0.1) return LEX_MIN;
  if (x < 0.2) return LEX_MAX;
  return randomMember(r);
}

function randomLex(r: () => number): LexRange {
  return { min: randomLexBound(r), max: randomLexBound(r), minex: r() < 0.5, maxex: r() < 0.5 };
}

describe("B+tree vs a sorted array", () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`random operations, seed ${seed}`, () => {
      const r = rng(seed);
      const tree = new ZTree();
      const dict = new Map<string, number>();
      let model: Entry[] = [];
      const sortModel = () => model.sort(cmp);
      for (let step = 0; step < 1500; step++) {
        const op = r();
        const ele = randomMember(r);
        if (op < 0.35) {
          // insert (or update when present, as zsetAdd does)
          const score = randomScore(r);
          const cur = dict.get(ele);
          if (cur === undefined) {
            tree.insert(score, ele);
            dict.set(ele, score);
            model.push({ score, ele });
          } else {
            tree.updateScore(cur, ele, score);
            dict.set(ele, score);
            model.find((e) => e.ele === ele)!.score = score;
          }
          sortModel();
        } else if (op < 0.5) {
          const cur = dict.get(ele);
          expect(tree.delete(cur ?? 0, ele)).toBe(cur !== undefined);
          if (cur !== undefined) {
            dict.delete(ele);
            model = model.filter((e) => e.ele !== ele);
          }
        } else if (op < 0.6) {
          // ranks of present and absent members
          const cur = dict.get(ele);
          const expected = cur === undefined ? 0 : model.findIndex((e) => e.ele === ele) + 1;
          expect(tree.getRank(cur ?? randomScore(r), ele)).toBe(expected);
          const rank = Math.floor(r() * (model.length + 2));
          const n = tree.getElementByRank(rank);
          if (rank >= 1 && rank <= model.length) expect(n?.ele).toBe(model[rank - 1]!.ele);
          else expect(n).toBeNull();
        } else if (op < 0.72) {
          const range = randomRange(r);
          const inside = model.filter((e) => inRange(e.score, range));
          expect(tree.firstInRange(range)?.ele ?? null).toBe(inside[0]?.ele ?? null);
          expect(tree.lastInRange(range)?.ele ?? null).toBe(inside.at(-1)?.ele ?? null);
        } else if (op < 0.82) {
          // Lex ranges are only meaningful when all scores are equal, as in
          // Redis; they are still well defined on the order, so check both.
          const range = randomLex(r);
          const inside = model.filter((e) => inLex(e.ele, range));
          const first = tree.firstInLexRange(range);
          const last = tree.lastInLexRange(range);
          if (model.every((e) => e.score === model[0]!.score)) {
            expect(first?.ele ?? null).toBe(inside[0]?.ele ?? null);
            expect(last?.ele ?? null).toBe(inside.at(-1)?.ele ?? null);
          }
        } else if (op < 0.86) {
          const range = randomRange(r);
          const expected = model.filter((e) => inRange(e.score, range));
          const removed = tree.deleteRangeByScore(range, dict);
          expect(removed).toBe(expected.length);
          model = model.filter((e) => !inRange(e.score, range));
        } else if (op < 0.9) {
          const len = model.length;
          const start = 1 + Math.floor(r() * (len + 1));
          const end = start + Math.floor(r() * 4);
          const removed = tree.deleteRangeByRank(start, end, dict);
          const expected = model.slice(start - 1, end);
          expect(removed).toBe(expected.length);
          model = model.filter((_, i) => i < start - 1 || i >= end);
        } else if (op < 0.93) {
          // lex deletion on a list of equal scores
          const range = randomLex(r);
          if (model.every((e) => e.score === model[0]!.score)) {
            const expected = model.filter((e) => inLex(e.ele, range));
            expect(tree.deleteRangeByLex(range, dict)).toBe(expected.length);
            model = model.filter((e) => !inLex(e.ele, range));
          }
        } else {
          // Occasionally reset to a single score so lex operations get exercised.
          if (r() < 0.3) {
            for (const e of [...model]) {
              tree.updateScore(e.score, e.ele, 5);
              dict.set(e.ele, 5);
              e.score = 5;
            }
            sortModel();
          }
        }
        expect(dict.size).toBe(model.length);
        if (step % 25 === 0) checkInvariants(tree, model);
      }
      checkInvariants(tree, model);
    });
  }

  test("deep trees: ranks, elements by rank, ranges, merges on the way down", () => {
    const r = rng(99);
    const zt = new ZTree();
    const dict = new Map<string, number>();
    let model: Entry[] = [];
    // ~100K elements: three levels of inner nodes over the leaves.
    for (let i = 0; i < 100_000; i++) {
      const e = { score: Math.floor(r() * 5000), ele: "m" + i };
      zt.insert(e.score, e.ele);
      dict.set(e.ele, e.score);
      model.push(e);
    }
    model.sort(cmp);
    checkInvariants(zt, model);
    expect(zt.height).toBeGreaterThanOrEqual(2);
    const probe = () => {
      for (let k = 0; k < 500 && model.length > 0; k++) {
        const i = Math.floor(r() * model.length);
        expect(zt.getRank(model[i]!.score, model[i]!.ele)).toBe(i + 1);
        expect(zt.getElementByRank(i + 1)!.ele).toBe(model[i]!.ele);
        const range = { min: Math.floor(r() * 5000), max: Math.floor(r() * 5000), minex: r() < 0.5, maxex: r() < 0.5 };
        const inside = model.filter((e) => inRange(e.score, range));
        if (k % 50 === 0) {
          expect(zt.countInRange(range)).toBe(inside.length);
          expect(zt.firstInRange(range)?.ele ?? null).toBe(inside[0]?.ele ?? null);
          expect(zt.lastInRange(range)?.ele ?? null).toBe(inside.at(-1)?.ele ?? null);
        }
      }
    };
    probe();
    // Random deletions down to a few elements: leaves and inner nodes merge,
    // the root collapses level by level.
    let step = 0;
    while (model.length > 10) {
      const i = Math.floor(r() * model.length);
      const e = model[i]!;
      if (r() < 0.01) {
        // a rank range
        const n = Math.min(model.length - i, 1 + Math.floor(r() * 300));
        expect(zt.deleteRangeByRank(i + 1, i + n, dict)).toBe(n);
        model.splice(i, n);
      } else {
        expect(zt.delete(e.score, e.ele)).toBe(true);
        dict.delete(e.ele);
        model.splice(i, 1);
      }
      if (++step % 9000 === 0) {
        checkInvariants(zt, model);
        probe();
      }
    }
    checkInvariants(zt, model);
    expect(zt.height).toBe(0);
  });

  test("deep trees with equal scores: lex ranges, ties resolved by member", () => {
    const r = rng(7);
    const zt = new ZTree();
    const dict = new Map<string, number>();
    const members = new Set<string>();
    while (members.size < 30_000) members.add(randomMember(r) + randomMember(r) + randomMember(r) + String(members.size));
    for (const m of members) {
      zt.insert(0, m);
      dict.set(m, 0);
    }
    const model = [...members].sort();
    expect(zt.check()).toBeNull();
    expect(zt.height).toBeGreaterThanOrEqual(2);
    for (let k = 0; k < 300; k++) {
      const i = Math.floor(r() * model.length);
      expect(zt.rankOf(0, model[i]!)).toBe(i);
      expect(zt.getRank(0, model[i]! + "\u0000")).toBe(0);
      const range = randomLex(r);
      const inside = model.filter((e) => inLex(e, range));
      expect(zt.firstInLexRange(range)?.ele ?? null).toBe(inside[0] ?? null);
      expect(zt.lastInLexRange(range)?.ele ?? null).toBe(inside.at(-1) ?? null);
    }
    const range: LexRange = { min: model[1000]!, max: model[9000]!, minex: true, maxex: false };
    expect(zt.deleteRangeByLex(range, dict)).toBe(8000);
    expect(zt.check()).toBeNull();
    expect(dict.size).toBe(model.length - 8000);
  });

  test("sequential inserts fill leaves (RDB loads, STORE results)", () => {
    const zt = new ZTree();
    const n = 64 * LEAF_CAP;
    for (let i = 0; i < n; i++) zt.insert(i, "m" + i);
    expect(zt.check()).toBeNull();
    expect(zt.leafCount()).toBe(64);
    expect(zt.getRank(n - 1, "m" + (n - 1))).toBe(n);
    // And from the greatest down, as an RDB file lists a big zset.
    const down = new ZTree();
    for (let i = n - 1; i >= 0; i--) down.insert(i, "m" + i);
    expect(down.check()).toBeNull();
    expect(down.leafCount()).toBeLessThanOrEqual(65);
    expect(down.at(0)!.ele).toBe("m0");
  });

  test("an update in place keeps the order; one that moves re-inserts", () => {
    const zt = new ZTree();
    for (const [s, e] of [[1, "a"], [2, "b"], [3, "c"], [4, "d"]] as const) zt.insert(s, e);
    zt.updateScore(2, "b", 2.5);
    expect(zt.getRank(2.5, "b")).toBe(2);
    zt.updateScore(2.5, "b", 9);
    expect(zt.last()!.ele).toBe("b");
    expect(zt.check()).toBeNull();
  });
});

const LIMITS: EncodingLimits = {
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 4,
  zsetMaxListpackValue: 8,
  listMaxListpackSize: -2,
};

describe("zset value", () => {
  test("encoding converts one-way on size and member length", () => {
    const z = new ZSet();
    for (let i = 0; i < 4; i++) z.add(i, "m" + i, 0, LIMITS);
    expect(z.encoding()).toBe("listpack");
    z.add(9, "m9", 0, LIMITS);
    expect(z.encoding()).toBe("skiplist");
    z.del("m9");
    z.del("m0");
    expect(z.encoding()).toBe("skiplist");
    const y = new ZSet();
    y.add(1, "123456789", 0, LIMITS);
    expect(y.encoding()).toBe("skiplist");
    // Updates never convert.
    const x = new ZSet();
    x.add(1, "a", 0, LIMITS);
    x.add(2, "a", 0, LIMITS);
    expect(x.encoding()).toBe("listpack");
    expect(x.clone().encoding()).toBe("listpack");
    expect(z.clone().encoding()).toBe("skiplist");
  });

  test("zsetAdd flags", () => {
    const z = new ZSet();
    expect(z.add(1, "a", 0, LIMITS)).toBe(ZADD_OUT_ADDED);
    expect(z.add(1, "a", 0, LIMITS)).toBe(0);
    expect(z.add(5, "a", ZADD_IN_NX, LIMITS)).toBe(ZADD_OUT_NOP);
    expect(z.add(5, "b", ZADD_IN_XX, LIMITS)).toBe(ZADD_OUT_NOP);
    expect(z.add(0, "a", ZADD_IN_GT, LIMITS)).toBe(ZADD_OUT_NOP);
    expect(z.add(2, "a", ZADD_IN_GT, LIMITS)).toBe(ZADD_OUT_UPDATED);
    expect(z.add(3, "a", ZADD_IN_LT, LIMITS)).toBe(ZADD_OUT_NOP);
    expect(z.add(2, "a", ZADD_IN_INCR, LIMITS)).toBe(ZADD_OUT_UPDATED);
    expect(z.newScore).toBe(4);
    expect(z.add(Infinity, "a", ZADD_IN_INCR, LIMITS)).toBe(ZADD_OUT_UPDATED);
    expect(z.add(-Infinity, "a", ZADD_IN_INCR, LIMITS)).toBe(ZADD_OUT_NAN);
    expect(z.score("a")).toBe(Infinity);
    expect(z.add(NaN, "c", 0, LIMITS)).toBe(ZADD_OUT_NAN);
    expect(z.size).toBe(1);
  });

  test("a listpack stores -0 as 0, a skiplist keeps it", () => {
    const small = new ZSet();
    small.add(-0, "a", 0, LIMITS);
    expect(Object.is(small.score("a"), 0)).toBe(true);
    const big = new ZSet(true);
    big.add(-0, "a", 0, LIMITS);
    expect(Object.is(big.score("a"), -0)).toBe(true);
    big.settleEncoding(LIMITS, 1);
    expect(big.encoding()).toBe("listpack");
    expect(Object.is(big.score("a"), 0)).toBe(true);
    expect(Object.is(big.tree.first()!.score, 0)).toBe(true);
  });

  test("rank, counts", () => {
    const z = new ZSet(true);
    for (let i = 0; i < 100; i++) z.add(i % 10, "m" + String(i).padStart(3, "0"), 0, LIMITS);
    expect(z.rank("m000", false)).toBe(0);
    expect(z.rank("m099", false)).toBe(99);
    expect(z.rank("m099", true)).toBe(0);
    expect(z.rank("nope", false)).toBe(-1);
    expect(z.countInRange({ min: 2, max: 4, minex: false, maxex: true })).toBe(20);
    expect(z.countInRange({ min: 20, max: 40, minex: false, maxex: false })).toBe(0);
    expect(z.countInLexRange({ min: LEX_MIN, max: LEX_MAX, minex: true, maxex: true })).toBe(100);
  });
});

describe("range argument parsing", () => {
  test("strtod as zslParseRange uses it", () => {
    expect(strtodLoose("")).toBe(0);
    expect(strtodLoose(" 1.5")).toBe(1.5);
    expect(strtodLoose("  ")).toBeNull();
    expect(strtodLoose("1 ")).toBeNull();
    expect(strtodLoose("1e400")).toBe(Infinity);
    expect(strtodLoose("-1e400")).toBe(-Infinity);
    expect(Object.is(strtodLoose("-1e-400"), -0)).toBe(true);
    expect(strtodLoose("0x1p1000000")).toBe(Infinity);
    expect(strtodLoose("0x1p-1000000")).toBe(0);
    expect(strtodLoose("0x10")).toBe(16);
    expect(strtodLoose("inf")).toBe(Infinity);
    expect(strtodLoose("-Infinity")).toBe(-Infinity);
    expect(strtodLoose("nan")).toBeNull();
    expect(strtodLoose("3\u0000junk")).toBe(3);
    expect(strtodLoose("abc")).toBeNull();
  });

  test("scores as string2d parses them", () => {
    expect(parseScore("12")).toBe(12);
    expect(Object.is(parseScore("-0"), -0)).toBe(true);
    expect(parseScore("007")).toBe(7);
    expect(parseScore("1e400")).toBeNull();
    expect(parseScore(" 1")).toBeNull();
    expect(parseScore("-")).toBeNull();
    expect(parseScore("")).toBeNull();
    expect(parseScore("+5")).toBe(5);
    expect(parseScore("1.5e-7")).toBe(1.5e-7);
  });
});
