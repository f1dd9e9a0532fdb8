/**
 * Number parsing/formatting that mirrors Redis 7.0's util.c / networking.c.
 * Strings are binary strings (one char code per byte). Every rule here was
 * checked against redis-server 7.0.15 (see test/unit/numbers.test.ts).
 *
 * Redis uses three number flavours:
 *  - int64 (`string2ll`): INCR, INCRBY, SETRANGE offsets, ...
 *  - double (`strtod`): ZADD scores, ZINCRBY, ... printed with "%.17g".
 *  - long double (`strtold`, x87 80-bit, 64-bit mantissa): INCRBYFLOAT and
 *    HINCRBYFLOAT, printed with "%.17Lf" minus trailing zeros.
 * JS has only doubles, so long double results are emulated exactly with
 * BigInt (addLongDouble) when the inputs are strings.
 */

// ---------------------------------------------------------------------------
// int64
// ---------------------------------------------------------------------------

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/** Normalize an in-range bigint: a number when it is a safe integer. */
function norm(b: bigint): number | bigint {
  return b >= -MAX_SAFE_BIG && b <= MAX_SAFE_BIG ? Number(b) : b;
}

/**
 * Redis `string2ll`: optional '-', no '+', no leading zeros ("0" only alone,
 * so "-0" is invalid), no spaces, length <= 20, must fit in int64.
 * Returns a number when safe, a bigint otherwise, null when invalid.
 */
export function parseIntStrict(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null; // Redis: slen >= LONG_STR_SIZE (21)
  let i = 0;
  let c = s.charCodeAt(0);
  const neg = c === 45; // '-'
  if (neg) {
    if (len === 1) return null;
    c = s.charCodeAt(++i);
  } else if (c === 48) {
    return len === 1 ? 0 : null; // '0' only as the whole string
  }
  if (c < 49 || c > 57) return null; // first digit must be 1-9
  let v = c - 48;
  for (i++; i < len; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  // Every partial value is <= the final one, so if the result is a safe
  // integer it was computed exactly; otherwise redo it exactly.
  if (v <= MAX_SAFE) return neg ? -v : v;
  const b = BigInt(s);
  return b > INT64_MAX || b < INT64_MIN ? null : b;
}

/** Signed 64-bit add; null on overflow. Number when safe, else bigint. */
export function int64Add(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    // Exact: any true sum outside the safe range rounds to >= 2^53 in magnitude.
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  const r = BigInt(a) + BigInt(b);
  return r > INT64_MAX || r < INT64_MIN ? null : norm(r);
}

// ---------------------------------------------------------------------------
// strtod / strtold syntax
// ---------------------------------------------------------------------------

const K_INVALID = 0;
const K_DEC = 1;
const K_HEX = 2;
const K_INF = 3;

// Results of the last scanFloat() call (module scratch, avoids allocation).
let sNeg = false;
let sNonZero = false; // mantissa has a non-zero digit
let sDigits = ""; // mantissa digits without the point (dec or hex)
let sExp = 0; // power of 10 (dec) or of 2 (hex) applied to sDigits

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** Parse `[+-]?digits+` from i to the end of s (saturating); NaN if malformed. */
function scanExp(s: string, i: number): number {
  const n = s.length;
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  if (i >= n) return NaN;
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i);
    if (!isDigit(d)) return NaN;
    if (v < 1e9) v = v * 10 + (d - 48); // saturate: far beyond any range
  }
  return neg ? -v : v;
}

/**
 * Accepts exactly what glibc strtod/strtold consume *entirely*, minus leading
 * whitespace (Redis rejects isspace(s[0])): [+-]? then decimal
 * (digits with optional '.', at least one digit, optional e[+-]digits),
 * hex (0x, hex digits with optional '.', at least one digit, optional
 * p[+-]digits), or inf/infinity (any case). NaN is always rejected by Redis.
 * A dangling exponent ("1e", "0x1p") leaves bytes unconsumed, so is invalid.
 */
function scanFloat(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  sNeg = false;
  if (c === 43 || c === 45) {
    sNeg = c === 45;
    c = s.charCodeAt(++i);
  }
  if ((c | 32) === 105) {
    // 'i'
    const rest = s.slice(i).toLowerCase();
    return rest === "inf" || rest === "infinity" ? K_INF : K_INVALID;
  }
  let hex = false;
  if (c === 48 && (s.charCodeAt(i + 1) | 32) === 120) {
    hex = true; // "0x" with no hex digits after it parses as "0": invalid
    i += 2;
  }
  const isD = hex ? isHex : isDigit;
  let intDigits = "";
  let fracDigits = "";
  let start = i;
  while (i < n && isD(s.charCodeAt(i))) i++;
  intDigits = s.slice(start, i);
  if (i < n && s.charCodeAt(i) === 46) {
    start = ++i;
    while (i < n && isD(s.charCodeAt(i))) i++;
    fracDigits = s.slice(start, i);
  }
  if (intDigits.length + fracDigits.length === 0) return K_INVALID;
  let exp = 0;
  if (i < n) {
    const e = s.charCodeAt(i) | 32;
    if (e !== (hex ? 112 : 101)) return K_INVALID; // 'p' / 'e'
    exp = scanExp(s, i + 1);
    if (exp !== exp) return K_INVALID;
  }
  sDigits = intDigits + fracDigits;
  sNonZero = false;
  for (let j = 0; j < sDigits.length; j++) {
    if (sDigits.charCodeAt(j) !== 48) {
      sNonZero = true;
      break;
    }
  }
  sExp = exp - fracDigits.length * (hex ? 4 : 1);
  return hex ? K_HEX : K_DEC;
}

// ---------------------------------------------------------------------------
// Exact binary rounding (BigInt), for hex input and long double emulation
// ---------------------------------------------------------------------------

function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const h = x.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0]!, 16)));
}

// Mantissa bits and minimum exponent of the least significant bit.
const LD_P = 64; // x87 extended precision
const LD_EMIN = -16445; // smallest subnormal 2^-16445
const LD_EMAX = 16384; // values must be < 2^16384
const D_P = 53;
const D_EMIN = -1074;
const D_EMAX = 1024;

/**
 * Round N/D * 2^k (N >= 0, D > 0) to P bits, round-half-even, with gradual
 * underflow at LSB exponent emin. Returns the mantissa; exponent in rExp.
 */
let rExp = 0;
function roundBin(N: bigint, D: bigint, k: number, P: number, emin: number): bigint {
  if (N === 0n) {
    rExp = 0;
    return 0n;
  }
  // N/D lies in (2^(bl-1), 2^(bl+1)); scale so the quotient has >= P+2 bits.
  const s = P + 2 - (bitLength(N) - bitLength(D));
  let num = N;
  let den = D;
  if (s >= 0) num <<= BigInt(s);
  else den <<= BigInt(-s);
  const q = num / den;
  const sticky = num % den !== 0n;
  let e = k - s;
  const ql = bitLength(q);
  let shift = ql - P; // >= 2
  if (e + shift < emin) {
    shift = emin - e;
    if (shift > ql + 1) {
      // q < half an ulp: rounds to zero (and avoids giant shifts for "0x1p-999999999").
      rExp = emin;
      return 0n;
    }
  }
  const sb = BigInt(shift);
  let m = q >> sb;
  const rem = q - (m << sb);
  const half = 1n << (sb - 1n);
  if (rem > half || (rem === half && (sticky || (m & 1n) === 1n))) m += 1n;
  e += shift;
  if (m >> BigInt(P) !== 0n) {
    m >>= 1n;
    e += 1;
  }
  rExp = e;
  return m;
}

function pow10(e: number): bigint {
  return 10n ** BigInt(e);
}

/**
 * Exact value of the last scanFloat() result (K_DEC / K_HEX) rounded to
 * P bits. Returns the mantissa (exponent in rExp), or null when the value
 * overflows (>= 2^emax after rounding) or underflows to zero — both of which
 * glibc reports as ERANGE and Redis rejects. An exact zero is fine.
 */
function exactFromScan(kind: number, P: number, emin: number, emax: number): bigint | null {
  if (!sNonZero) {
    rExp = 0;
    return 0n;
  }
  let m: bigint;
  if (kind === K_HEX) {
    m = roundBin(BigInt("0x" + sDigits), 1n, sExp, P, emin);
  } else {
    // Skip leading zeros to bound the magnitude before doing big powers.
    let lz = 0;
    while (sDigits.charCodeAt(lz) === 48) lz++;
    const nd = sDigits.length - lz;
    const mag = nd + sExp; // value in [10^(mag-1), 10^mag)
    if (mag - 1 > 4940) return null; // > 1e4940: overflow for long double too
    if (mag < -4960) return null; // < 1e-4960: underflows even long double
    const M = BigInt(sDigits.slice(lz));
    m = sExp >= 0 ? roundBin(M * pow10(sExp), 1n, 0, P, emin) : roundBin(M, pow10(-sExp), 0, P, emin);
  }
  if (m === 0n || bitLength(m) + rExp > emax) return null;
  return m;
}

function toDouble(m: bigint, e: number): number {
  // m < 2^53 and m * 2^e is a representable double here.
  return e < -1022 ? Number(m) * 2 ** (e + 1022) * 2 ** -1022 : Number(m) * 2 ** e;
}

// ---------------------------------------------------------------------------
// double parsing
// ---------------------------------------------------------------------------

/**
 * Redis `getDoubleFromObject` / `string2d` (strtod): accepts decimal, hex
 * ("0x1p-3"), inf/infinity with optional sign (any case); rejects NaN,
 * empty, leading/trailing spaces, and values that overflow or underflow to 0
 * (ERANGE). Denormals are accepted. No length limit.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0) return null;
  const kind = scanFloat(s);
  if (kind === K_DEC) {
    // Syntax was validated above, so Number()'s own (looser) grammar is moot;
    // it rounds correctly like strtod.
    const v = Number(s);
    if (v === Infinity || v === -Infinity) return null; // ERANGE overflow
    if (v === 0 && sNonZero) return null; // ERANGE underflow to zero
    return v;
  }
  if (kind === K_INF) return sNeg ? -Infinity : Infinity;
  if (kind === K_INVALID) return null;
  const m = exactFromScan(K_HEX, D_P, D_EMIN, D_EMAX);
  if (m === null) return null;
  const v = toDouble(m, rExp);
  return sNeg ? -v : v;
}

// ---------------------------------------------------------------------------
// long double parsing (INCRBYFLOAT / HINCRBYFLOAT)
// ---------------------------------------------------------------------------

// Redis string2ld: slen >= MAX_LONG_DOUBLE_CHARS (5*1024) is invalid.
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/**
 * Redis `string2ld` (strtold) acceptance rules. Same syntax as parseDouble,
 * but: length must be < 5120, and the range is that of x87 long double
 * (~3.6e-4951 .. 1.19e4932). "inf"/"-inf"/"infinity" ARE accepted (Redis then
 * fails INCRBYFLOAT with "increment would produce NaN or Infinity").
 * The returned value is the nearest double: valid long doubles beyond the
 * double range come back as +-Infinity (e.g. "1e400") or +-0 ("1e-400");
 * use addLongDouble() for exact Redis results in those cases.
 */
export function parseLongDouble(s: string): number | null {
  const len = s.length;
  if (len === 0 || len >= MAX_LONG_DOUBLE_CHARS) return null;
  const kind = scanFloat(s);
  if (kind === K_DEC) {
    const v = Number(s);
    if (v !== Infinity && v !== -Infinity && (v !== 0 || !sNonZero)) return v;
    // Outside the double range: valid iff inside the long double range.
    return exactFromScan(K_DEC, LD_P, LD_EMIN, LD_EMAX) === null ? null : v;
  }
  if (kind === K_INF) return sNeg ? -Infinity : Infinity;
  if (kind === K_INVALID) return null;
  const m = exactFromScan(K_HEX, LD_P, LD_EMIN, LD_EMAX);
  if (m === null) return null;
  // Round the long double to a double (overflow -> Infinity, underflow -> 0).
  const dm = roundBin(m, 1n, rExp, D_P, D_EMIN);
  const v = bitLength(dm) + rExp > D_EMAX ? Infinity : toDouble(dm, rExp);
  return sNeg ? -v : v;
}

// ---------------------------------------------------------------------------
// long double formatting: ld2string(LD_STR_HUMAN)
// ---------------------------------------------------------------------------

const TEN17 = 10n ** 17n;

/** "%.17Lf" of (-1)^neg * m * 2^e, trailing zeros/'.' stripped, "-0" -> "0". */
function fmtLdHuman(neg: boolean, m: bigint, e: number): string {
  let out: string;
  if (e >= 0) {
    out = (m << BigInt(e)).toString();
  } else {
    // Round m*2^e to 17 decimals, half-even on the exact value (glibc).
    const sh = BigInt(-e);
    const scaled = m * TEN17;
    let q = scaled >> sh;
    const rem = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    const str = q.toString().padStart(18, "0");
    const int = str.slice(0, -17);
    let end = 17;
    while (end > 0 && str.charCodeAt(str.length - 17 + end - 1) === 48) end--;
    out = end ? int + "." + str.slice(str.length - 17, str.length - 17 + end) : int;
  }
  return neg && out !== "0" ? "-" + out : out;
}

/**
 * How Redis 7.0 prints an INCRBYFLOAT/HINCRBYFLOAT result ("%.17Lf", then
 * trailing zeros and '.' stripped, "-0" -> "0", inf -> "inf"/"-inf").
 * Since d is only a double, it is taken to stand for its shortest decimal
 * form (what the user most likely typed), which is converted to a long double
 * exactly as strtold would; so 1e300 prints the 301-digit expansion of the
 * long double nearest 1e300, exactly like Redis. Results that depend on the
 * long double sum itself (0.1 + 0.2 is "0.3" in Redis) need addLongDouble().
 */
export function formatLongDouble(d: number): string {
  if (Number.isSafeInteger(d)) return String(d); // String(-0) is "0" too
  if (d !== d) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  const str = String(d);
  // Fast path: below 128 a long double is within 3.5e-18 of the decimal, so
  // "%.17Lf" reproduces any decimal with <= 17 fraction digits exactly.
  if (d < 128 && d > -128 && str.indexOf("e") < 0 && str.length - str.indexOf(".") <= 18) {
    return str;
  }
  scanFloat(str); // shortest repr: always K_DEC here
  const m = exactFromScan(K_DEC, LD_P, LD_EMIN, LD_EMAX)!;
  return fmtLdHuman(sNeg, m, rExp);
}

// Parsed long double operand for addLongDouble.
let opNeg = false;
function ldOperand(s: string): bigint | null | undefined {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return undefined;
  const kind = scanFloat(s);
  opNeg = sNeg;
  if (kind === K_INVALID) return undefined;
  if (kind === K_INF) return null;
  const m = exactFromScan(kind, LD_P, LD_EMIN, LD_EMAX);
  return m === null ? undefined : m;
}

/**
 * Exact emulation of INCRBYFLOAT / HINCRBYFLOAT: strtold(a) + strtold(b) in
 * x87 long double, printed like ld2string(LD_STR_HUMAN). Returns null when
 * the result is NaN/Infinity (Redis: "increment would produce NaN or
 * Infinity") or when an operand is invalid (check with parseLongDouble first
 * to tell the two errors apart).
 */
export function addLongDouble(a: string, b: string): string | null {
  // Fast path: canonical safe integers (e.g. INCRBYFLOAT k 1) add exactly.
  const ia = parseIntStrict(a);
  if (typeof ia === "number") {
    const ib = parseIntStrict(b);
    if (typeof ib === "number") {
      const r = ia + ib;
      if (Number.isSafeInteger(r)) return String(r);
    }
  }
  const ma = ldOperand(a);
  const ea = rExp;
  const na = opNeg;
  if (ma == null) return null;
  const mb = ldOperand(b);
  const eb = rExp;
  const nb = opNeg;
  if (mb == null) return null;
  const e = Math.min(ea, eb);
  const va = ma << BigInt(ea - e);
  const vb = mb << BigInt(eb - e);
  const sum = (na ? -va : va) + (nb ? -vb : vb);
  const neg = sum < 0n;
  const m = roundBin(neg ? -sum : sum, 1n, e, LD_P, LD_EMIN);
  if (bitLength(m) + rExp > LD_EMAX) return null; // overflow to inf
  return fmtLdHuman(neg, m, rExp);
}

// ---------------------------------------------------------------------------
// double formatting: "%.17g"
// ---------------------------------------------------------------------------

/**
 * Redis 7.0 `addReplyDouble` in RESP2: "%.17g" (inf -> "inf"/"-inf").
 * 0.1 -> "0.10000000000000001", 3 -> "3", 1e20 -> "1e+20",
 * 1.5e-7 -> "1.4999999999999999e-07", -0 -> "-0".
 */
export function formatDouble(d: number): string {
  if (Number.isSafeInteger(d)) {
    // %.17g prints these in full, and String() is exact for them. (Larger
    // integers can differ: String(2**56) is "72057594037927940".)
    return d === 0 && 1 / d < 0 ? "-0" : String(d);
  }
  if (d !== d) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";

  // 17 significant digits, correctly rounded from the exact binary value.
  const t = d.toExponential(16); // "-d.dddddddddddddddde+X"
  const ei = t.indexOf("e");
  const neg = t.charCodeAt(0) === 45;
  let digits = t.slice(neg ? 1 : 0, neg ? 2 : 1) + t.slice(neg ? 3 : 2, ei);
  const x = +t.slice(ei + 1);
  // JS breaks exact ties away from zero, glibc to even. A tie means the exact
  // value has exactly 18 significant digits ending in 5, i.e. |d| * 2^f is an
  // odd integer for f = 17 - x fraction digits. (Only matters if the JS
  // result ends in an odd digit; a tie that carried into a new power of ten
  // ends in 0.)
  const last = digits.charCodeAt(16) - 48;
  if (last & 1 && x <= 16) {
    const sc = Math.abs(d) * 2 ** (17 - x);
    if (Number.isInteger(sc) && sc % 2 === 1) {
      digits = digits.slice(0, 16) + String.fromCharCode(48 + last - 1);
    }
  }
  // %g: strip trailing zeros of the 17 digits.
  let nd = 17;
  while (nd > 1 && digits.charCodeAt(nd - 1) === 48) nd--;
  let out: string;
  if (x < -4 || x >= 17) {
    const ax = x < 0 ? -x : x;
    out =
      digits[0] +
      (nd > 1 ? "." + digits.slice(1, nd) : "") +
      (x < 0 ? "e-" : "e+") +
      (ax < 10 ? "0" + ax : ax);
  } else if (x >= 0) {
    out = nd > x + 1 ? digits.slice(0, x + 1) + "." + digits.slice(x + 1, nd) : digits.slice(0, x + 1);
  } else {
    out = "0." + "0".repeat(-x - 1) + digits.slice(0, nd);
  }
  return neg ? "-" + out : out;
}

/**
 * The text after ',' in a RESP3 double reply. Redis 7.0 uses the same
 * "%.17g" as RESP2 (and ",inf" / ",-inf"); this also covers "nan".
 */
export function formatDoubleResp3(d: number): string {
  return formatDouble(d);
}
