import { test, expect, describe } from "bun:test";
import {
  parseIntStrict,
  int64Add,
  parseDouble,
  parseLongDouble,
  formatDouble,
  formatDoubleResp3,
  formatLongDouble,
  addLongDouble,
} from "../../src/util/numbers.ts";

// Every table below was recorded from redis-server 7.0.15 (strings are latin1
// binary strings, "\xNN" is one byte).

// [input, ZSCORE reply] after `ZADD z <input> a` (skiplist encoding, so -0
// survives). null: ZADD failed with "ERR value is not a valid float".
// The RESP3 (HELLO 3) ZSCORE reply ",<x>" carried the same text in every case.
const ZSCORE: [string, string | null][] = [
  ["0.1", "0.10000000000000001"],
  ["3", "3"],
  ["-3", "-3"],
  ["0", "0"],
  ["-0", "-0"],
  ["-0.0", "-0"],
  ["1e20", "1e+20"],
  ["1.5e-7", "1.4999999999999999e-07"],
  ["1e17", "1e+17"],
  ["1e16", "10000000000000000"],
  ["99999999999999999", "1e+17"],
  ["123456789012345678", "1.2345678901234568e+17"],
  ["72057594037927936", "72057594037927936"],
  ["9007199254740993", "9007199254740992"],
  ["5e-324", "4.9406564584124654e-324"],
  ["2.4703282292062328e-324", "4.9406564584124654e-324"],
  ["2.4703282292062327e-324", null],
  ["1e-320", "9.9998886718268301e-321"],
  ["1.7976931348623157e308", "1.7976931348623157e+308"],
  ["1.7976931348623158e308", "1.7976931348623157e+308"],
  ["1.7976931348623159e308", null],
  ["1e-5", "1.0000000000000001e-05"],
  ["1e-4", "0.0001"],
  ["0.00001234", "1.234e-05"],
  ["100", "100"],
  ["1e21", "1e+21"],
  ["-1.5", "-1.5"],
  ["0.3", "0.29999999999999999"],
  ["1e-7", "9.9999999999999995e-08"],
  ["0.1234567890123456789", "0.12345678901234568"],
  ["1000000000000000.25", "1000000000000000.2"],
  ["1000000000000000.75", "1000000000000000.8"],
  ["-1000000000000000.25", "-1000000000000000.2"],
  ["1234567890123456.5", "1234567890123456.5"],
  ["123456789012345.25", "123456789012345.25"],
  ["3.0000000000000004", "3.0000000000000004"],
  ["2.5", "2.5"],
  ["1e308", "1e+308"],
  ["1e-308", "9.9999999999999991e-309"],
  ["123.456", "123.456"],
  ["-0.000123456", "-0.00012345600000000001"],
  ["1e400", null],
  ["1e-400", null],
  ["inf", "inf"],
  ["-inf", "-inf"],
  ["+inf", "inf"],
  ["infinity", "inf"],
  ["-Infinity", "-inf"],
  ["INF", "inf"],
  ["iNfInItY", "inf"],
  ["infin", null],
  ["infinityx", null],
  ["nan", null],
  ["NaN", null],
  ["-nan", null],
  ["nan(1)", null],
  ["0x10", "16"],
  ["-0x10", "-16"],
  ["0X1p-2", "0.25"],
  ["0x1P+2", "4"],
  ["0x.8", "0.5"],
  ["0x8.", "8"],
  ["0x1p-1074", "4.9406564584124654e-324"],
  ["0x1.fffffffffffffp1023", "1.7976931348623157e+308"],
  ["0x1p1024", null],
  ["0x1p-1076", null],
  ["0x", null],
  ["0xp1", null],
  ["0x1p", null],
  ["0xg", null],
  [" 1", null],
  ["1 ", null],
  ["\x091", null],
  ["1\x0a", null],
  ["", null],
  ["1e", null],
  [".5", "0.5"],
  ["5.", "5"],
  ["+.5", "0.5"],
  ["-.5e1", "-5"],
  [".", null],
  ["-", null],
  ["+", null],
  ["e5", null],
  ["1e+5", "100000"],
  ["1E-5", "1.0000000000000001e-05"],
  ["1e+", null],
  ["1_0", null],
  ["1,5", null],
  ["00012", "12"],
  ["0.000", "0"],
  ["1e0000000000000000000000001", "10"],
  ["1\x00", null],
  ["1.5.5", null],
  ["--1", null],
  ["+-1", null],
  ["1e5.5", null],
  ["1d", null],
];

// [stored value, increment, INCRBYFLOAT reply or error]
const INCRBYFLOAT: [string, string, string][] = [
  ["10.5", "0.1", "10.6"],
  ["3.0e3", "2.0e3", "5000"],
  ["5.0e3", "-5000", "0"],
  ["1", "1.1", "2.1"],
  ["0", "1e300", "1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  ["0", "1.5e-7", "0.00000015"],
  ["100", "0.1", "100.1"],
  ["1000", "0.1", "1000.09999999999999998"],
  ["0.1", "0.2", "0.3"],
  ["0.3", "0.1", "0.4"],
  ["1e15", "0.1", "1000000000000000.0999755859375"],
  ["0", "0.1", "0.1"],
  ["0", "123456789.123456789", "123456789.12345678899873747"],
  ["0", "0.333333333333333333", "0.33333333333333333"],
  ["0", "-0.0", "0"],
  ["-1", "1", "0"],
  ["0", "1e-20", "0"],
  ["0", "1e-17", "0.00000000000000001"],
  ["0", "5e-18", "0"],
  ["0", "6e-18", "0.00000000000000001"],
  ["0", "-6e-18", "-0.00000000000000001"],
  ["0", "1.7976931348623157e308", "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384"],
  ["1.7976931348623157e308", "1.7976931348623157e308", "359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768"],
  ["0", "inf", "ERR increment would produce NaN or Infinity"],
  ["0", "-inf", "ERR increment would produce NaN or Infinity"],
  ["0", "infinity", "ERR increment would produce NaN or Infinity"],
  ["inf", "1", "ERR increment would produce NaN or Infinity"],
  ["0", "0x10", "16"],
  ["0", "0x1p-3", "0.125"],
  ["0", "2.5", "2.5"],
  ["0", "-2.5", "-2.5"],
  ["0", "1e20", "100000000000000000000"],
  ["0", "1e21", "1000000000000000000000"],
  ["0", "12345678901234567890", "12345678901234567890"],
  ["0", "9007199254740993", "9007199254740993"],
  ["9007199254740993", "1", "9007199254740994"],
  ["0", "0.1e1", "1"],
  ["0", " 1", "ERR value is not a valid float"],
  ["0", "1 ", "ERR value is not a valid float"],
  ["0", "", "ERR value is not a valid float"],
  ["0", "+1", "1"],
  ["0", ".5", "0.5"],
  ["0", "5.", "5"],
  ["0", "1e", "ERR value is not a valid float"],
  ["0", "nan", "ERR value is not a valid float"],
  ["0", "-nan", "ERR value is not a valid float"],
  ["0", "1e-400", "0"],
  ["0", "1e-5000", "ERR value is not a valid float"],
  ["0", "1e5000", "ERR value is not a valid float"],
  ["0", "0x", "ERR value is not a valid float"],
  ["0", "1_0", "ERR value is not a valid float"],
  ["0", "1\x00", "ERR value is not a valid float"],
  ["0", "1.2e4932", "ERR value is not a valid float"],
  ["0x1p16383", "0x1p16383", "ERR increment would produce NaN or Infinity"],
  ["0", "0x1p16384", "ERR value is not a valid float"],
  ["0", "0x1p-16445", "0"],
  ["0", "0x1p-16446", "ERR value is not a valid float"],
  ["0", "1.9e-4951", "0"],
  ["0", "1.8e-4951", "ERR value is not a valid float"],
  ["1.5", "-1.5", "0"],
  ["-1.5", "0.5", "-1"],
  ["2.2", "-3.3", "-1.1"],
  ["0.1", "-0.1", "0"],
  ["1e-10", "1e-10", "0.0000000002"],
  ["-0.000001", "0.0000001", "-0.0000009"],
  ["3.14159265358979323846", "0", "3.14159265358979324"],
  ["99.99", "0.01", "100"],
  ["128", "0.1", "128.10000000000000001"],
  ["64", "0.1", "64.1"],
  ["1e10", "0.5", "10000000000.5"],
  ["123456789", "0.987654321", "123456789.98765432099753525"],
  ["-1e15", "-0.1", "-1000000000000000.0999755859375"],
];

// Same, for results too long to inline: [value, incr, length, head, tail].
const INCRBYFLOAT_HUGE: [string, string, number, string, string][] = [
  ["0", "1e400", 401, "100000000000000000002818806839", "43732497430221946880"],
  ["0", "1e4932", 4933, "100000000000000000000601894938", "38418113791886622720"],
  ["0", "0x1p16383", 4932, "594865747678615882542879663314", "23513645334982033408"],
];

// [d, reply] for `SET k <String(d)>` then `INCRBYFLOAT k 0`.
const FORMAT_LD: [number, string][] = [
  [10.6, "10.6"],
  [5000, "5000"],
  [0, "0"],
  [-0, "0"],
  [2.1, "2.1"],
  [1e+300, "1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  [-1e+300, "-1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  [1000000000000000.1, "1000000000000000.0999755859375"],
  [1000.1, "1000.09999999999999998"],
  [100.1, "100.1"],
  [0.1, "0.1"],
  [0.2, "0.2"],
  [0.30000000000000004, "0.30000000000000004"],
  [0.3333333333333333, "0.3333333333333333"],
  [0.6666666666666666, "0.6666666666666666"],
  [-0.3333333333333333, "-0.3333333333333333"],
  [1.5e-7, "0.00000015"],
  [1e-7, "0.0000001"],
  [1e-17, "0.00000000000000001"],
  [5e-18, "0"],
  [6e-18, "0.00000000000000001"],
  [1e-20, "0"],
  [12345.6789, "12345.67889999999999961"],
  [100000000000000000000, "100000000000000000000"],
  [1e+21, "1000000000000000000000"],
  [1e+22, "10000000000000000000000"],
  [9007199254740992, "9007199254740992"],
  [9007199254740994, "9007199254740994"],
  [1152921504606847000, "1152921504606847000"],
  [18446744073709552000, "18446744073709552000"],
  [1.7976931348623157e+308, "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384"],
  [5e-324, "0"],
  [123456789.12345679, "123456789.12345679000281962"],
  [0.7999999999999999, "0.7999999999999999"],
  [63.99999999999999, "63.99999999999999"],
  [127.1, "127.1"],
  [128.1, "128.10000000000000001"],
  [-99.99, "-99.99"],
  [3.141592653589793, "3.141592653589793"],
  [2.718281828459045, "2.718281828459045"],
  [10000000000000002, "10000000000000002"],
  [4503599627370495.5, "4503599627370495.5"],
  [0.000001, "0.000001"],
  [0.000001000001, "0.000001000001"],
  [1e+23, "100000000000000000000000"],
];

// [input, value after `SET k 0; INCRBY k <input>`], null: "ERR value is not an
// integer or out of range".
const INTS: [string, string | null][] = [
  ["0", "0"],
  ["-0", null],
  ["+1", null],
  ["01", null],
  ["-01", null],
  [" 1", null],
  ["1 ", null],
  ["", null],
  ["-", null],
  ["1", "1"],
  ["-1", "-1"],
  ["99", "99"],
  ["-99", "-99"],
  ["9223372036854775807", "9223372036854775807"],
  ["9223372036854775808", null],
  ["-9223372036854775808", "-9223372036854775808"],
  ["-9223372036854775809", null],
  ["18446744073709551616", null],
  ["00", null],
  ["1.0", null],
  ["1e3", null],
  ["123456789012345678901", null],
  ["-12345678901234567890", null],
  ["9007199254740991", "9007199254740991"],
  ["9007199254740992", "9007199254740992"],
  ["-9007199254740991", "-9007199254740991"],
  ["-9007199254740992", "-9007199254740992"],
  ["9007199254740993", "9007199254740993"],
  ["1234567890123456", "1234567890123456"],
  ["12345678901234567", "12345678901234567"],
  ["12\x00", null],
  ["0x10", null],
];

// [a, b, result of `SET k a; INCRBY k b`], null: "ERR increment or decrement
// would overflow".
const INT64_ADD: [string, string, string | null][] = [
  ["1", "2", "3"],
  ["-5", "3", "-2"],
  ["9007199254740991", "1", "9007199254740992"],
  ["9007199254740991", "-1", "9007199254740990"],
  ["-9007199254740991", "-1", "-9007199254740992"],
  ["9223372036854775806", "1", "9223372036854775807"],
  ["9223372036854775807", "1", null],
  ["-9223372036854775807", "-1", "-9223372036854775808"],
  ["-9223372036854775808", "-1", null],
  ["-9223372036854775808", "9223372036854775807", "-1"],
  ["9223372036854775807", "-9223372036854775808", "-1"],
  ["4611686018427387904", "4611686018427387904", null],
  ["4611686018427387904", "4611686018427387903", "9223372036854775807"],
  ["0", "-9223372036854775808", "-9223372036854775808"],
  ["9007199254740992", "-9007199254740992", "0"],
  ["18014398509481984", "-9007199254740993", "9007199254740991"],
];

const NOT_FLOAT = "ERR value is not a valid float";
const NAN_INF = "ERR increment would produce NaN or Infinity";

describe("parseIntStrict (string2ll)", () => {
  test("matches INCRBY argument parsing", () => {
    for (const [s, want] of INTS) {
      const v = parseIntStrict(s);
      expect([s, v === null ? null : String(v)]).toEqual([s, want]);
    }
  });
  test("number inside the safe range, bigint outside", () => {
    expect(parseIntStrict("9007199254740991")).toBe(9007199254740991);
    expect(parseIntStrict("-9007199254740991")).toBe(-9007199254740991);
    expect(parseIntStrict("9007199254740992")).toBe(9007199254740992n);
    expect(parseIntStrict("-9007199254740992")).toBe(-9007199254740992n);
    expect(parseIntStrict("9223372036854775807")).toBe(9223372036854775807n);
    expect(parseIntStrict("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(parseIntStrict("12345")).toBe(12345);
    expect(parseIntStrict("0")).toBe(0);
    expect(Object.is(parseIntStrict("0"), 0)).toBe(true);
  });
  test("rejects over-long and non-digit input", () => {
    for (const s of ["1".repeat(21), "-", "a", "1a", "\x00", "٣", "1\n", "Infinity", "NaN"]) {
      expect(parseIntStrict(s)).toBeNull();
    }
  });
});

describe("int64Add", () => {
  test("matches INCRBY overflow checks", () => {
    for (const [a, b, want] of INT64_ADD) {
      const r = int64Add(parseIntStrict(a)!, parseIntStrict(b)!);
      expect([a, b, r === null ? null : String(r)]).toEqual([a, b, want]);
    }
  });
  test("result types", () => {
    expect(int64Add(1, 2)).toBe(3);
    expect(int64Add(9007199254740991, 1)).toBe(9007199254740992n);
    expect(int64Add(9007199254740992n, -1)).toBe(9007199254740991);
    expect(int64Add(-9007199254740991, -2)).toBe(-9007199254740993n);
    expect(int64Add(9223372036854775807n, 0)).toBe(9223372036854775807n);
    expect(int64Add(9223372036854775807n, 1)).toBeNull();
    expect(int64Add(-9223372036854775808n, -1)).toBeNull();
  });
});

describe("parseDouble (strtod as in getDoubleFromObject)", () => {
  test("accepts/rejects like ZADD and yields the same value", () => {
    for (const [s, want] of ZSCORE) {
      const v = parseDouble(s);
      expect([s, v === null ? null : formatDouble(v)]).toEqual([s, want]);
    }
  });
  test("values", () => {
    expect(parseDouble("inf")).toBe(Infinity);
    expect(parseDouble("-INFINITY")).toBe(-Infinity);
    expect(Object.is(parseDouble("-0"), -0)).toBe(true);
    expect(parseDouble("0x1p-3")).toBe(0.125);
    expect(parseDouble("-0x1.8p1")).toBe(-3);
    expect(parseDouble("0x1p-1074")).toBe(5e-324);
    expect(parseDouble("0x1.fffffffffffffp1023")).toBe(Number.MAX_VALUE);
    expect(parseDouble("0x1.00000000000008p0")).toBe(1); // tie to even
    expect(parseDouble("0x1.00000000000018p0")).toBe(1 + 2 ** -51);
    expect(parseDouble("0x1p-999999999999")).toBeNull();
    expect(parseDouble("1e-999999999999")).toBeNull();
    expect(parseDouble("0e999999999999")).toBe(0);
    // Correct rounding of long inputs (recorded with ZADD/ZSCORE).
    expect(formatDouble(parseDouble("9007199254740993.000000000000000000001")!)).toBe("9007199254740994");
    expect(formatDouble(parseDouble("1.00000000000000011102230246251565404236316680908203125")!)).toBe("1");
    expect(formatDouble(parseDouble("1.000000000000000111022302462515654042363166809082031250000001")!)).toBe("1.0000000000000002");
    // No length limit for doubles (unlike long doubles).
    expect(parseDouble("1." + "0".repeat(20000))).toBe(1);
  });
});

describe("formatDouble / formatDoubleResp3 (%.17g)", () => {
  test("matches ZSCORE in RESP2 and RESP3", () => {
    for (const [s, want] of ZSCORE) {
      if (want === null) continue;
      const d = parseDouble(s)!;
      expect([s, formatDouble(d)]).toEqual([s, want]);
      expect([s, formatDoubleResp3(d)]).toEqual([s, want]);
    }
  });
  test("direct values", () => {
    expect(formatDouble(0.1)).toBe("0.10000000000000001");
    expect(formatDouble(3)).toBe("3");
    expect(formatDouble(1e20)).toBe("1e+20");
    expect(formatDouble(1.5e-7)).toBe("1.4999999999999999e-07");
    expect(formatDouble(-0)).toBe("-0");
    expect(formatDouble(Infinity)).toBe("inf");
    expect(formatDouble(-Infinity)).toBe("-inf");
    expect(formatDouble(NaN)).toBe("nan");
    expect(formatDouble(2 ** 56)).toBe("72057594037927936"); // not String()'s ...940
    expect(formatDouble(1e-300)).toBe("1e-300");
    expect(formatDouble(-1.2345e-100)).toBe("-1.2344999999999999e-100");
  });
  test("exact ties round half to even like glibc", () => {
    // 1000000000000000.25 has exactly 18 significant digits.
    expect(formatDouble(1000000000000000.25)).toBe("1000000000000000.2");
    expect(formatDouble(1000000000000000.75)).toBe("1000000000000000.8");
    expect(formatDouble(-1000000000000000.25)).toBe("-1000000000000000.2");
    expect(formatDouble(1000000000000001.25)).toBe("1000000000000001.2");
    expect(formatDouble(1000000000000001.75)).toBe("1000000000000001.8");
    expect(formatDouble(4503599627370495.5)).toBe("4503599627370495.5");
  });
});

describe("parseLongDouble (string2ld)", () => {
  test("accepts/rejects like INCRBYFLOAT", () => {
    for (const [a, b, want] of [...INCRBYFLOAT, ...INCRBYFLOAT_HUGE.map(([a, b]): [string, string, string] => [a, b, ""])]) {
      const v = parseLongDouble(b);
      expect([b, v === null]).toEqual([b, want === NOT_FLOAT]);
    }
  });
  test("values", () => {
    expect(parseLongDouble("1.5")).toBe(1.5);
    expect(parseLongDouble("+1")).toBe(1);
    expect(parseLongDouble("0x10")).toBe(16);
    expect(parseLongDouble("inf")).toBe(Infinity); // accepted; INCRBYFLOAT then errors
    expect(parseLongDouble("-infinity")).toBe(-Infinity);
    expect(parseLongDouble("1e400")).toBe(Infinity); // valid long double, beyond double
    expect(parseLongDouble("1e-400")).toBe(0); // valid long double, below double
    expect(parseLongDouble("0x1p16383")).toBe(Infinity);
    expect(parseLongDouble("0x1p-1074")).toBe(5e-324);
    expect(parseLongDouble("1e5000")).toBeNull();
    expect(parseLongDouble("1e-5000")).toBeNull();
    expect(parseLongDouble("nan")).toBeNull();
  });
  test("length limit: 5119 chars ok, 5120 rejected (MAX_LONG_DOUBLE_CHARS)", () => {
    // Recorded: INCRBYFLOAT k "1.000..." of 5119 chars -> "1", 5120 -> error.
    expect(parseLongDouble("1." + "0".repeat(5117))).toBe(1);
    expect(parseLongDouble("1." + "0".repeat(5118))).toBeNull();
    expect(addLongDouble("0", "1." + "0".repeat(5117))).toBe("1");
  });
});

describe("addLongDouble (exact INCRBYFLOAT emulation)", () => {
  test("matches INCRBYFLOAT", () => {
    for (const [a, b, want] of INCRBYFLOAT) {
      const r = addLongDouble(a, b);
      expect([a, b, r]).toEqual([a, b, want === NOT_FLOAT || want === NAN_INF ? null : want]);
    }
  });
  test("huge results", () => {
    for (const [a, b, len, head, tail] of INCRBYFLOAT_HUGE) {
      const r = addLongDouble(a, b);
      expect([a, b, r?.length, r?.slice(0, 30), r?.slice(-20)]).toEqual([a, b, len, head, tail]);
    }
  });
  test("a chain of increments keeps long double semantics", () => {
    // 0.1 + 0.1 + ... (10 times) is "1" in Redis, not 0.9999999999999999.
    let v = "0";
    for (let i = 0; i < 10; i++) v = addLongDouble(v, "0.1")!;
    expect(v).toBe("1");
  });
});

describe("formatLongDouble (ld2string LD_STR_HUMAN)", () => {
  test("matches SET k <d>; INCRBYFLOAT k 0", () => {
    for (const [d, want] of FORMAT_LD) {
      expect([d, formatLongDouble(d)]).toEqual([d, want]);
    }
  });
  test("typical INCRBYFLOAT results computed in doubles", () => {
    expect(formatLongDouble(10.5 + 0.1)).toBe("10.6");
    expect(formatLongDouble(3.0e3 + 2.0e3)).toBe("5000");
    expect(formatLongDouble(5.0e3 + -5000)).toBe("0");
    expect(formatLongDouble(1 + 1.1)).toBe("2.1");
    expect(formatLongDouble(-0)).toBe("0");
    expect(formatLongDouble(-1e-20)).toBe("0"); // "-0.000..." becomes "0"
    expect(formatLongDouble(Infinity)).toBe("inf");
    expect(formatLongDouble(-Infinity)).toBe("-inf");
  });
});
