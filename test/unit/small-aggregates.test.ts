// The packed representation of small hashes and sets (src/store/packed.ts)
// against plain reference models, under random operations that cross every
// internal limit (entry count, element length, total bytes) and Redis's
// encoding limits: contents, listpack order for hashes, intset order for
// sets, stored element forms (canonical integers as numbers), OBJECT ENCODING,
// clones, random picks, and scans that run while the value changes.

import { describe, expect, test } from "bun:test";
import { Hash } from "../../src/store/hash.ts";
import type { EncodingLimits } from "../../src/store/limits.ts";
import { PK_MAX_BYTES, PK_MAX_ELEM, PK_MAX_ENTRIES, pkElem, pkNew, pkInsert } from "../../src/store/packed.ts";
import { type Elem, elemStr, RSet } from "../../src/store/set.ts";
import { compactString } from "../../src/store/types.ts";
import { parseIntStrict } from "../../src/util/numbers.ts";

function limits(over: Partial<EncodingLimits> = {}): EncodingLimits {
  return {
    hashMaxListpackEntries: 128,
    hashMaxListpackValue: 64,
    setMaxIntsetEntries: 512,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
    listMaxListpackSize: -2,
    ...over,
  };
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTS = ["0", "1", "-1", "7", "42", "-42", "1000", "9007199254740991", "9007199254740993", "-9223372036854775808", "12345678901234567"];
const NOT_INTS = ["", "-0", "01", "007", "+1", " 1", "1 ", "1.5", "-", "a", "\x00\xff", "\xe9t\xe9", "12345678901234567890123"];

/** Elements of every kind, including ones beyond the packed limits. */
function elementPool(r: () => number): string[] {
  const pool = [...INTS, ...NOT_INTS];
  for (let i = 0; i < 24; i++) pool.push(`f${i}`);
  pool.push("x".repeat(63), "y".repeat(64), "z".repeat(65), "w".repeat(PK_MAX_ELEM), "v".repeat(PK_MAX_ELEM + 1), "u".repeat(400));
  for (let i = 0; i < 8; i++) pool.push(String(Math.floor(r() * 2000) - 1000));
  return pool;
}

/** Checks made on packed and on unpacked values: both representations must be exercised. */
const seen = { hashPacked: 0, hashMap: 0, setPacked: 0, setMap: 0 };

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const strs = (it: Iterable<Elem>) => Array.from(it, elemStr);

/** Ascending integer order (intset order). */
function intOrder(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

describe("packed bytes", () => {
  test("elements read back in compactString's stored form", () => {
    for (const s of [...INTS, ...NOT_INTS, "x".repeat(PK_MAX_ELEM)]) {
      const lp = pkInsert(pkNew(), 3, s);
      expect(pkElem(lp, 3)).toBe(compactString(s));
    }
  });
});

describe("Hash (packed while small) against a Map model", () => {
  for (const [name, lim] of [
    ["default limits", limits()],
    ["tiny listpack limits", limits({ hashMaxListpackEntries: 3, hashMaxListpackValue: 4 })],
  ] as const) {
    for (let seed = 1; seed <= 12; seed++) {
      test(`${name}, seed ${seed}`, () => {
        const r = rng(seed);
        const pool = elementPool(r);
        // A narrow field pool for some seeds keeps hashes small (packed); a wide one grows them.
        const fields = seed % 2 === 0 ? pool.slice(0, 12) : pool;
        const h = new Hash();
        const model = new Map<string, string>();
        let big = false;
        const check = () => {
          expect(h.size).toBe(model.size);
          expect(strs(h.fields())).toEqual([...model.keys()]);
          expect(strs(h.values())).toEqual([...model.values()]);
          expect(Array.from(h.entries(), ([f, v]) => [elemStr(f), elemStr(v)])).toEqual([...model.entries()]);
          expect(h.encoding()).toBe(big ? "hashtable" : "listpack");
          for (const f of fields) {
            const want = model.get(f);
            expect(h.get(f)).toBe(want === undefined ? undefined : compactString(want));
            expect(h.getElem(compactString(f))).toBe(want === undefined ? undefined : compactString(want));
            expect(h.has(f)).toBe(want !== undefined);
          }
          if (h.packed !== null) {
            seen.hashPacked++;
            expect(h.size).toBeLessThanOrEqual(PK_MAX_ENTRIES);
          } else {
            seen.hashMap++;
          }
        };
        for (let step = 0; step < 400; step++) {
          const op = r();
          if (op < 0.55) {
            const f = pick(r, fields);
            const v = pick(r, pool);
            if (f.length > lim.hashMaxListpackValue || v.length > lim.hashMaxListpackValue) big = true;
            expect(h.set(f, v, lim)).toBe(!model.has(f));
            model.set(f, v);
            if (model.size > lim.hashMaxListpackEntries) big = true;
          } else if (op < 0.85) {
            const f = pick(r, fields);
            expect(h.delete(f)).toBe(model.delete(f));
          } else if (op < 0.9 && model.size > 0) {
            const k = h.randomField();
            expect(model.has(elemStr(k))).toBe(true);
            expect(k).toBe(compactString(elemStr(k)));
          } else if (op < 0.95) {
            // A clone is deep: writes to either side stay there.
            const c = h.clone();
            const before = Array.from(c.entries());
            const encoding = h.encoding();
            const probe = "__clone_probe";
            h.set(probe, "1", lim);
            if (probe.length > lim.hashMaxListpackValue || model.size + 1 > lim.hashMaxListpackEntries) big = true;
            expect(Array.from(c.entries())).toEqual(before);
            expect(c.encoding()).toBe(encoding);
            expect(c.delete(before.length > 0 ? elemStr(before[0]![0]) : probe)).toBe(before.length > 0);
            expect(h.size).toBe(model.size + 1);
            h.delete(probe);
          } else {
            // A scan interleaved with writes: every field present throughout
            // comes back, with its value at the time it is read.
            const stable = new Set(model.keys());
            const returned = new Set<string>();
            const it = h.scan();
            for (let i = 0; ; i++) {
              if (i % 2 === 1) {
                const f = pick(r, fields);
                if (r() < 0.5) {
                  h.set(f, "scan", lim);
                  model.set(f, "scan");
                } else {
                  h.delete(f);
                  model.delete(f);
                }
                stable.delete(f);
                if (model.size > lim.hashMaxListpackEntries) big = true;
              }
              const n = it.next();
              if (n.done) break;
              const [k, v] = n.value;
              expect(elemStr(v)).toBe(model.get(elemStr(k))!);
              returned.add(elemStr(k));
            }
            for (const f of stable) expect(returned.has(f)).toBe(true);
          }
          check();
        }
      });
    }
  }

  test("listpack order survives the move from packed bytes to a Map", () => {
    const lim = limits();
    const h = new Hash();
    const model = new Map<string, string>();
    for (let i = 0; i < PK_MAX_ENTRIES; i++) {
      h.set(`k${i}`, `v${i}`, lim);
      model.set(`k${i}`, `v${i}`);
    }
    h.delete("k3");
    model.delete("k3");
    h.set("k5", "updated", lim);
    model.set("k5", "updated");
    expect(h.packed).not.toBeNull();
    for (let i = 100; i < 103; i++) {
      h.set(`k${i}`, "x", lim);
      model.set(`k${i}`, "x");
    }
    expect(h.packed).toBeNull();
    expect(Array.from(h.entries(), ([f, v]) => [elemStr(f), elemStr(v)])).toEqual([...model.entries()]);
    expect(h.encoding()).toBe("listpack");
  });

  test("a hash too large in bytes leaves the packed form", () => {
    const lim = limits({ hashMaxListpackValue: 1000 });
    const h = new Hash();
    let bytes = 3;
    let i = 0;
    while (bytes + 2 + 3 + 200 <= PK_MAX_BYTES) {
      h.set(`f${i}`.padEnd(3, "_"), "b".repeat(200), lim);
      bytes += 2 + 3 + 200;
      i++;
    }
    expect(h.packed).not.toBeNull();
    h.set("new", "b".repeat(200), lim);
    expect(h.packed).toBeNull();
    expect(h.size).toBe(i + 1);
    // Internal limits only: Redis would still use a listpack.
    expect(h.encoding()).toBe("listpack");
  });
});

describe("RSet (packed while small) against a Set model", () => {
  for (const [name, lim] of [
    ["default limits", limits()],
    ["tiny intset limit", limits({ setMaxIntsetEntries: 4 })],
  ] as const) {
    for (let seed = 1; seed <= 12; seed++) {
      test(`${name}, seed ${seed}`, () => {
        const r = rng(1000 + seed);
        const pool = elementPool(r);
        // Integer-only pools for some seeds, so sets stay intset-encoded.
        const members = seed % 3 === 0 ? [...INTS, ...pool.slice(-8)] : seed % 3 === 1 ? pool.slice(0, 16) : pool;
        const s = new RSet();
        const model = new Set<string>();
        let intset = true;
        const check = () => {
          expect(s.size).toBe(model.size);
          expect(s.encoding()).toBe(intset ? "intset" : "hashtable");
          expect(strs(s.elems()).sort()).toEqual([...model].sort());
          const members = strs(s.members());
          if (intset) expect(members).toEqual([...model].sort(intOrder));
          else expect(members.sort()).toEqual([...model].sort());
          for (const e of s.members()) expect(e).toBe(compactString(elemStr(e)));
          for (const m of pool) {
            expect(s.has(m)).toBe(model.has(m));
            expect(s.hasElem(compactString(m))).toBe(model.has(m));
          }
          if (s.packed !== null) {
            seen.setPacked++;
            expect(s.size).toBeLessThanOrEqual(PK_MAX_ENTRIES);
          } else {
            seen.setMap++;
          }
        };
        for (let step = 0; step < 400; step++) {
          const op = r();
          if (op < 0.5) {
            const m = pick(r, members);
            const added = !model.has(m);
            expect(r() < 0.5 ? s.add(m, lim) : s.addElem(compactString(m), lim)).toBe(added);
            model.add(m);
            if (added && (parseIntStrict(m) === null || model.size > lim.setMaxIntsetEntries)) intset = false;
          } else if (op < 0.8) {
            const m = pick(r, members);
            expect(r() < 0.5 ? s.delete(m) : s.deleteElem(compactString(m))).toBe(model.delete(m));
          } else if (op < 0.87 && model.size > 0) {
            const e = s.random();
            expect(model.has(elemStr(e))).toBe(true);
            expect(e).toBe(compactString(elemStr(e)));
          } else if (op < 0.92) {
            const c = s.clone();
            const before = strs(c.members());
            s.add("__clone_probe", lim);
            expect(strs(c.members())).toEqual(before);
            expect(c.encoding()).toBe(intset ? "intset" : "hashtable");
            s.delete("__clone_probe");
            intset = false;
          } else if (op < 0.96) {
            // Rebuilt from its members as SINTERSTORE/SPOP do: same contents.
            const copy = RSet.from(s.elems(), lim);
            expect(strs(copy.elems()).sort()).toEqual([...model].sort());
          } else {
            const stable = new Set(model);
            const returned = new Set<string>();
            const it = s.scan();
            for (let i = 0; ; i++) {
              if (i % 2 === 1) {
                const m = pick(r, members);
                if (r() < 0.5) {
                  if (!model.has(m) && (parseIntStrict(m) === null || model.size + 1 > lim.setMaxIntsetEntries)) intset = false;
                  s.add(m, lim);
                  model.add(m);
                } else {
                  s.delete(m);
                  model.delete(m);
                }
                stable.delete(m);
              }
              const n = it.next();
              if (n.done) break;
              returned.add(elemStr(n.value));
            }
            for (const m of stable) expect(returned.has(m)).toBe(true);
          }
          check();
        }
      });
    }
  }

  test("an intset-encoded packed set keeps its members in ascending order", () => {
    const s = RSet.fromMembers(["5", "-3", "9223372036854775807", "0", "-9223372036854775808", "12", "9007199254740993", "-12"], limits());
    expect(s.packed).not.toBeNull();
    expect(s.encoding()).toBe("intset");
    expect(strs(s.members())).toEqual(["-9223372036854775808", "-12", "-3", "0", "5", "12", "9007199254740993", "9223372036854775807"]);
    s.add("x", limits());
    expect(s.encoding()).toBe("hashtable");
    expect(strs(s.members()).sort()).toEqual(["-12", "-3", "-9223372036854775808", "0", "12", "5", "9007199254740993", "9223372036854775807", "x"]);
  });
});

test("the random runs exercised both representations", () => {
  expect(seen.hashPacked).toBeGreaterThan(1000);
  expect(seen.hashMap).toBeGreaterThan(1000);
  expect(seen.setPacked).toBeGreaterThan(1000);
  expect(seen.setMap).toBeGreaterThan(1000);
});
