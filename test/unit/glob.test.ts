import { test, expect, describe } from "bun:test";
import { globMatch, isPlainPattern } from "../../src/util/glob.ts";

// [pattern, string, matches] as observed with `KEYS pattern` on redis-server
// 7.0.15 holding only the key `string` (strings are latin1 binary strings).
const REDIS_CASES: [string, string, boolean][] = [
  ["", "", true],
  ["", "a", false],
  ["a", "", false],
  ["**", "", false],
  ["?", "", false],
  ["*", "a", true],
  ["**", "abc", true],
  ["a*", "a", true],
  ["a*", "abc", true],
  ["*c", "abc", true],
  ["*b*", "abc", true],
  ["a*c", "abxyzc", true],
  ["a*c", "abxyzcd", false],
  ["?", "a", true],
  ["??", "a", false],
  ["a?c", "abc", true],
  ["a?c", "ac", false],
  ["h?llo", "hello", true],
  ["h*llo", "heeeello", true],
  ["h[ae]llo", "hallo", true],
  ["h[ae]llo", "hillo", false],
  ["h[^e]llo", "hallo", true],
  ["h[^e]llo", "hello", false],
  ["h[a-b]llo", "hbllo", true],
  ["h[a-b]llo", "hcllo", false],
  ["[z-a]", "m", true],
  ["[z-a]", "A", false],
  ["[a-z]", "Z", false],
  ["[A-Z]", "a", false],
  ["[abc", "a", true],
  ["[abc", "d", false],
  ["[", "[", false],
  ["[", "a", false],
  ["[^", "x", true],
  ["[^", "", false],
  ["[^]", "a", true],
  ["[]", "a", false],
  ["[]]", "]", false],
  ["[]a]", "]", false],
  ["[a-]", "-", false],
  ["[a-]", "_", true],
  ["[a-]b", "_b", false],
  ["[a-]]", "a]", false],
  ["[-a]", "-", true],
  ["[-]", "-", true],
  ["[\\]]", "]", true],
  ["[\\-]", "-", true],
  ["[\\", "\\", true],
  ["[a\\", "\\", true],
  ["[a-\\", "]", true],
  ["\\*", "*", true],
  ["\\*", "a", false],
  ["\\?", "?", true],
  ["\\[a]", "[a]", true],
  ["\\", "\\", true],
  ["a\\", "a\\", true],
  ["\\a", "a", true],
  ["*\\", "x\\", true],
  ["**\\*", "ab*", true],
  ["[\x80-z]", "m", true],
  ["[z-\x80]", "\x00", true],
  ["[a-\xe9]", "b", false],
  ["[a-\xe9]", "\xff", true],
  ["[a-\xe9]", "\x00", true],
  ["[\x80-\xff]", "\xe9", true],
  ["[\x80-\xff]", "a", false],
  ["\xe9*", "\xe9t\xe9", true],
  ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false],
  ["a*b*c*d", "aXbYcZd", true],
  ["a*b*c*d", "aXbYcZ", false],
  ["*?", "a", true],
  ["*?*", "", false],
  ["*.txt", "file.txt", true],
  ["user:*:name", "user:42:name", true],
  ["user:*:name", "user:42:names", false],
  ["H*", "hello", false],
  ["*\x00*", "a\x00b", true],
  ["a[", "a[", false],
  ["a[b", "ab", true],
];

// nocase=1 cases observed via `CONFIG GET pattern` (which matches config
// names case-insensitively) against the name "maxmemory".
const NOCASE_MAXMEMORY: [string, boolean][] = [
  ["[L-N]axmemory", true],
  ["[l-n]AXMEMORY", true],
  ["[\\M]axmemory", false],
  ["[\\m]axmemory", true],
  ["[\x80-z]axmemory", false],
  ["[^A]axmemory", true],
  ["*MEMORY", true],
  ["?AXMEMORY", true],
];

describe("globMatch vs redis-server 7.0.15", () => {
  for (const [p, s, want] of REDIS_CASES) {
    test(`${JSON.stringify(p)} ~ ${JSON.stringify(s)} -> ${want}`, () => {
      expect(globMatch(p, s)).toBe(want);
    });
  }
  test("nocase (CONFIG GET)", () => {
    for (const [p, want] of NOCASE_MAXMEMORY) expect([p, globMatch(p, "maxmemory", true)]).toEqual([p, want]);
  });
});

describe("globMatch details", () => {
  test("lone * does not match the empty string (KEYS/SCAN special-case it)", () => {
    expect(globMatch("*", "")).toBe(false);
    expect(globMatch("", "")).toBe(true);
  });

  test("nocase folds ASCII letters only", () => {
    expect(globMatch("HELLO", "hello", true)).toBe(true);
    expect(globMatch("h[A-Z]llo", "hello", true)).toBe(true);
    expect(globMatch("h[a-z]llo", "HELLO", true)).toBe(true);
    expect(globMatch("h[^E]llo", "hello", true)).toBe(false);
    expect(globMatch("\xc9", "\xe9", true)).toBe(false); // no latin1 folding
    expect(globMatch("h?LLO", "hello", false)).toBe(false);
  });

  test("escaped char in a class stays case-sensitive with nocase", () => {
    expect(globMatch("[\\M]", "m", true)).toBe(false);
    expect(globMatch("[\\m]", "m", true)).toBe(true);
    expect(globMatch("[M]", "m", true)).toBe(true);
  });

  test("nocase ranges: signed swap, then glibc tolower maps negatives to bytes", () => {
    // Case-sensitive: [\x80-z] is the signed range -128..122 (contains 'm').
    expect(globMatch("[\x80-z]", "m")).toBe(true);
    // nocase: bounds become 128..122, an empty range (Redis: CONFIG GET no match).
    expect(globMatch("[\x80-z]", "m", true)).toBe(false);
    expect(globMatch("[\x80-\xfe]", "\xe9", true)).toBe(true);
    // 0xff is EOF (-1) for tolower and stays -1: -1..122 still contains 'm'.
    expect(globMatch("[\xff-z]", "m", true)).toBe(true);
  });

  test("binary strings with NUL bytes", () => {
    expect(globMatch("a\x00?", "a\x00b")).toBe(true);
    expect(globMatch("a?", "a\x00")).toBe(true);
    expect(globMatch("[\x00-\x01]", "\x01")).toBe(true);
  });

  // Nesting limit: more than 1000 nested '*' fails (verified: KEYS with
  // "*a" x 1000 finds a 1100-byte "aaa..." key, x 1001 does not).
  test("nesting limit of 1000 stars", () => {
    const key = "a".repeat(1100);
    expect(globMatch("*a".repeat(999), key)).toBe(true);
    expect(globMatch("*a".repeat(1000), key)).toBe(true);
    expect(globMatch("*a".repeat(1001), key)).toBe(false);
    expect(globMatch("a*".repeat(1001), key)).toBe(true); // only 1000 stars recurse
    expect(globMatch("a*".repeat(1002), key)).toBe(false);
  });

  test("pathological patterns run in polynomial time", () => {
    const s = "a".repeat(5000);
    const t = performance.now();
    expect(globMatch("a*".repeat(30) + "b", s)).toBe(false);
    expect(globMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c", s)).toBe(false);
    expect(globMatch("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?b", s)).toBe(false);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe("isPlainPattern", () => {
  test("special chars", () => {
    expect(isPlainPattern("")).toBe(true);
    expect(isPlainPattern("user:1000")).toBe(true);
    expect(isPlainPattern("a]b-c^d")).toBe(true);
    expect(isPlainPattern("\x00\xff")).toBe(true);
    for (const p of ["*", "a?", "[a]", "a\\b", "abc*"]) expect(isPlainPattern(p)).toBe(false);
  });
  test("plain patterns match exactly themselves", () => {
    for (const p of ["", "abc", "a]b", "x-y^z"]) {
      expect(globMatch(p, p)).toBe(true);
      expect(globMatch(p, p + "x")).toBe(false);
    }
  });
});
