/**
 * Glob-style matching: an exact port of Redis 7.0's `stringmatchlen()`
 * (src/util.c), including its quirks. Strings are "binary strings" (one char
 * code per byte, 0..255).
 *
 * Quirks worth knowing (all verified against redis-server 7.0.15):
 *  - The empty string matches only the empty pattern: `globMatch("*", "")` is
 *    false (the main loop runs only while both pattern and string remain).
 *    KEYS / SCAN special-case a lone "*" before calling the matcher; callers
 *    that want that must do it themselves.
 *  - An unterminated "[" class ends at the end of the pattern: "[a" matches
 *    "a", and "[^" matches any single byte.
 *  - In "[a-]" the "]" is taken as the range end, so the class keeps going.
 *  - Ranges compare *signed* chars (x86 `char`), so bytes >= 0x80 sort before
 *    0x00: "[a-\xe9]" covers 0x00..0x61 and 0xe9..0xff. Reversed ranges are
 *    swapped.
 *  - nocase folds only A-Z (C locale `tolower`), and an escaped char inside a
 *    class ("[\a]") is always compared case-sensitively. In nocase ranges
 *    glibc's tolower turns negative chars (except 0xff, i.e. EOF) back into
 *    0x80..0xfe *after* the signed swap (see lowerSigned).
 *  - Guard against pathological patterns: recursion deeper than 1000 '*'s
 *    fails the match, and once a '*' has tried every suffix of the string
 *    without success, all enclosing '*'s give up too (skipLongerMatches), so
 *    "a*a*a*...b" runs in polynomial time.
 */

const STAR = 42; // '*'
const QMARK = 63; // '?'
const LBRACKET = 91; // '['
const RBRACKET = 93; // ']'
const BACKSLASH = 92; // '\\'
const CARET = 94; // '^'
const DASH = 45; // '-'

// Shared across one top-level call (Redis passes a pointer down the recursion).
let skipLongerMatches = false;

/** C-locale tolower on an unsigned byte: only A-Z change. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * glibc tolower() on a *signed* char, as used for nocase ranges: its table
 * maps -128..-2 to the unsigned byte (c + 256) while -1 is EOF and stays -1.
 */
function lowerSigned(c: number): number {
  return c < -1 ? c + 256 : lower(c);
}

/** Byte as an x86 signed char. */
function signed(c: number): number {
  return c > 127 ? c - 256 : c;
}

function impl(
  pat: string,
  p: number,
  str: string,
  s: number,
  nocase: boolean,
  nesting: number,
): boolean {
  // Protection against abusive patterns.
  if (nesting > 1000) return false;
  const pe = pat.length;
  const se = str.length;
  // charCodeAt past the end yields NaN, standing in for C's NUL terminator:
  // it compares unequal to everything.
  while (p < pe && s < se) {
    const pc = pat.charCodeAt(p);
    if (pc === STAR) {
      while (p < pe && pat.charCodeAt(p + 1) === STAR) p++;
      if (pe - p === 1) return true; // trailing '*' matches the rest
      while (s < se) {
        if (impl(pat, p + 1, str, s, nocase, nesting + 1)) return true;
        if (skipLongerMatches) return false;
        s++;
      }
      // The rest of the pattern matches no suffix of the string, so longer
      // matches for earlier '*'s cannot help either.
      skipLongerMatches = true;
      return false;
    } else if (pc === QMARK) {
      s++;
    } else if (pc === LBRACKET) {
      p++;
      const not = pat.charCodeAt(p) === CARET;
      if (not) p++;
      let match = false;
      const c = str.charCodeAt(s);
      for (;;) {
        const cc = pat.charCodeAt(p);
        if (cc === BACKSLASH && pe - p >= 2) {
          p++;
          if (pat.charCodeAt(p) === c) match = true; // case-sensitive even with nocase
        } else if (cc === RBRACKET) {
          break;
        } else if (p >= pe) {
          // Unterminated class: step back so the outer p++ lands on the end.
          p--;
          break;
        } else if (pe - p >= 3 && pat.charCodeAt(p + 1) === DASH) {
          let start = signed(cc);
          let end = signed(pat.charCodeAt(p + 2));
          let ch = signed(c);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            // Swapped on signed values above, lowered to mostly-unsigned here:
            // so with nocase, "[\x80-z]" is the empty range 128..122.
            start = lowerSigned(start);
            end = lowerSigned(end);
            ch = lowerSigned(ch);
          }
          p += 2;
          if (ch >= start && ch <= end) match = true;
        } else if (nocase ? lower(cc) === lower(c) : cc === c) {
          match = true;
        }
        p++;
      }
      if (not) match = !match;
      if (!match) return false;
      s++;
    } else {
      let lc = pc;
      if (pc === BACKSLASH && pe - p >= 2) lc = pat.charCodeAt(++p);
      const c = str.charCodeAt(s);
      if (nocase ? lower(lc) !== lower(c) : lc !== c) return false;
      s++;
    }
    p++;
    if (s >= se) {
      while (pat.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p >= pe && s >= se;
}

/** Redis `stringmatchlen(pattern, str, nocase)`. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  skipLongerMatches = false;
  return impl(pattern, 0, str, 0, nocase, 0);
}

/**
 * True when the pattern has none of `* ? [ \`, i.e. it matches exactly one
 * string (itself, case-sensitively), so callers may do a direct lookup.
 * Note: "" matches only "" (see globMatch).
 */
export function isPlainPattern(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === STAR || c === QMARK || c === LBRACKET || c === BACKSLASH) return false;
  }
  return true;
}
