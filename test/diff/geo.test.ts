// Differential tests: the GEO commands (Redis 7.0's geo.c) against
// redis-server 7 — every command, its options and its errors, the encoded
// scores (checked with ZRANGE WITHSCORES), decoded positions and distances
// byte for byte, the order of unsorted results (Redis's 9-box scan), the
// order of ties under COUNT (Redis's pqsort), points at the poles and on the
// antimeridian, RESP3 shapes, STORE/STOREDIST results, and (at the end) what
// is propagated to replicas and the keyspace events.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";

requireRedisInCI();

/** HELLO's reply holds the connection id, which differs: compare its type only. */
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };
const BIN = "\x00b\xffin\r\n";

/** A small deterministic PRNG (mulberry32), so every run sends the same commands. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAT_MAX = "85.05112878";

/**
 * Points all over the world: uniform ones, clusters (many ties in distance),
 * exact duplicates, the poles of the indexable area and the antimeridian
 * (whose encoding overflows the 26-bit longitude: scores above 2^53).
 */
function worldPoints(rnd: () => number, n: number): string[][] {
  const pts: string[][] = [];
  const specials = [
    ["180", LAT_MAX],
    ["-180", LAT_MAX],
    ["180", "-" + LAT_MAX],
    ["-180", "-" + LAT_MAX],
    ["0", LAT_MAX],
    ["0", "-" + LAT_MAX],
    ["180", "0"],
    ["-180", "0"],
    ["179.9999", "12.5"],
    ["-179.9999", "12.5"],
    ["0", "0"],
    ["13", "38"],
  ];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const digits = Math.floor(rnd() * 9);
    let lon: string;
    let lat: string;
    if (r < 0.1) [lon, lat] = specials[i % specials.length]!;
    else if (r < 0.2) [lon, lat] = ["13", "38"]; // exact duplicates: equal distances
    else if (r < 0.45) {
      lon = (13 + (rnd() - 0.5)).toFixed(digits);
      lat = (38 + (rnd() - 0.5)).toFixed(digits);
    } else if (r < 0.55) {
      lon = (rnd() < 0.5 ? 180 - rnd() * 2 : -180 + rnd() * 2).toFixed(digits);
      lat = ((rnd() - 0.5) * 170).toFixed(digits);
    } else if (r < 0.6) {
      lon = ((rnd() - 0.5) * 360).toFixed(digits);
      lat = (rnd() < 0.5 ? 84 + rnd() : -84 - rnd()).toFixed(digits);
    } else {
      lon = ((rnd() - 0.5) * 360).toFixed(digits);
      lat = ((rnd() - 0.5) * 170.1).toFixed(digits);
    }
    pts.push([lon, lat, "m" + i]);
  }
  return pts;
}

const UNITS = ["m", "km", "mi", "ft"];

/** Randomized searches over a key holding `pts`, with every search command and option. */
function searchSteps(rnd: () => number, key: string, pts: string[][], queries: number): StepLike[] {
  const steps: StepLike[] = [];
  for (let q = 0; q < queries; q++) {
    const unit = UNITS[q % 4]!;
    // Radii from a few meters to more than the half circumference.
    const meters = 10 ** (1 + rnd() * 6.5);
    const per = unit === "m" ? 1 : unit === "km" ? 1000 : unit === "mi" ? 1609.34 : 0.3048;
    const rad = String(meters / per);
    const p = pts[Math.floor(rnd() * pts.length)]!;
    const center = rnd() < 0.5 ? ["FROMMEMBER", p[2]!] : ["FROMLONLAT", p[0]!, p[1]!];
    const by = rnd() < 0.5 ? ["BYRADIUS", rad, unit] : ["BYBOX", rad, String((meters / per) * (0.2 + rnd() * 3)), unit];
    const withs: string[] = [];
    if (rnd() < 0.5) withs.push("WITHDIST");
    if (rnd() < 0.3) withs.push("WITHCOORD");
    if (rnd() < 0.3) withs.push("WITHHASH");
    const opts: string[] = [];
    const s = rnd();
    if (s < 0.3) opts.push("ASC");
    else if (s < 0.6) opts.push("DESC");
    if (rnd() < 0.4) {
      opts.push("COUNT", String(1 + Math.floor(rnd() * 25)));
      if (rnd() < 0.3) opts.push("ANY");
    }
    steps.push(["GEOSEARCH", key, ...center, ...by, ...withs, ...opts]);
    steps.push(["GEOSEARCHSTORE", "dst", key, ...center, ...by, ...opts, ...(rnd() < 0.5 ? ["STOREDIST"] : [])]);
    steps.push(["ZRANGE", "dst", "0", "-1", "WITHSCORES"]);
    if (by[0] === "BYRADIUS") {
      const store = rnd() < 0.3 ? [rnd() < 0.5 ? "STORE" : "STOREDIST", "dst2"] : [];
      const w = store.length ? [] : withs;
      if (center[0] === "FROMLONLAT") {
        steps.push(["GEORADIUS", key, center[1]!, center[2]!, rad, unit, ...w, ...opts, ...store]);
        steps.push(["GEORADIUS_RO", key, center[1]!, center[2]!, rad, unit, ...withs, ...opts]);
      } else {
        steps.push(["GEORADIUSBYMEMBER", key, center[1]!, rad, unit, ...w, ...opts, ...store]);
        steps.push(["GEORADIUSBYMEMBER_RO", key, center[1]!, rad, unit, ...withs, ...opts]);
      }
      if (store.length) steps.push(["ZRANGE", "dst2", "0", "-1", "WITHSCORES"]);
    }
  }
  return steps;
}

function addAll(key: string, pts: string[][]): StepLike[] {
  const out: StepLike[] = [];
  for (let i = 0; i < pts.length; i += 50) out.push(["GEOADD", key, ...pts.slice(i, i + 50).flat()]);
  return out;
}

/** Steps for every command of the group against a key of another type. */
const WRONGTYPE: StepLike[] = [
  ["SET", "str", "v"],
  ["GEOADD", "str", "1", "2", "a"],
  ["GEOADD", "str", "500", "2", "a"], // the coordinates are checked first
  ["GEOPOS", "str", "a"],
  ["GEOHASH", "str", "a"],
  ["GEODIST", "str", "a", "b"],
  ["GEODIST", "str", "a", "b", "yd"], // the unit is checked first
  ["GEORADIUS", "str", "500", "2", "1", "km"], // the key is checked first
  ["GEORADIUS_RO", "str", "1", "2", "1", "km"],
  ["GEORADIUSBYMEMBER", "str", "a", "1", "km"],
  ["GEORADIUSBYMEMBER_RO", "str", "a", "1", "km"],
  ["GEOSEARCH", "str", "FROMLONLAT", "500", "2", "BYRADIUS", "1", "km"],
  ["GEOSEARCHSTORE", "dst", "str", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"],
  ["EXISTS", "dst"],
  ["GET", "str"],
];

/** Wrong numbers of arguments (the dispatcher's arity check, from the command table). */
const ARITY: StepLike[] = [
  ["GEOADD", "g", "1", "2"],
  ["GEOADD", "g"],
  ["GEOPOS"],
  ["GEOHASH"],
  ["GEODIST", "g", "a"],
  ["GEORADIUS", "g", "1", "2", "3"],
  ["GEORADIUS_RO", "g", "1", "2", "3"],
  ["GEORADIUSBYMEMBER", "g", "a", "3"],
  ["GEORADIUSBYMEMBER_RO", "g", "a", "3"],
  ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1"],
  ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "a", "BYRADIUS", "1"],
  ["geosearch", "g", "frommember", "a"],
];

describe("geo vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "GEOADD: scores, options, replies", [
    ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "Sicily"],
    ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"],
    ["GEOADD", "Sicily", "CH", "13.361389", "38.115556", "Palermo"],
    ["GEOADD", "Sicily", "CH", "13.5", "38.115556", "Palermo"],
    ["GEOADD", "Sicily", "NX", "1", "2", "Palermo", "3", "4", "new"],
    ["GEOADD", "Sicily", "NX", "CH", "1", "2", "Palermo", "3", "4", "new2"],
    ["GEOADD", "Sicily", "XX", "5", "6", "Palermo", "7", "8", "absent"],
    ["GEOADD", "Sicily", "XX", "CH", "5", "6.5", "Palermo", "7", "8", "absent"],
    ["GEOADD", "Sicily", "ch", "xx", "5", "6.5", "Palermo"],
    ["GEOADD", "Sicily", "CH", "NX", "CH", "9", "9", "ch-twice"],
    ["GEOADD", "nokey", "XX", "1", "2", "a"],
    ["EXISTS", "nokey"],
    ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
    // Binary-safe members, the empty member.
    ["GEOADD", "bin", "1", "2", BIN, "3", "4", "", "5", "6", "\xe9t\xe9"],
    ["ZRANGE", "bin", "0", "-1", "WITHSCORES"],
    ["GEOPOS", "bin", BIN, "", "\xe9t\xe9"],
    // Number syntax: what getDoubleFromObject accepts.
    ["GEOADD", "num", "1e1", "-2.5e+1", "a", "0x10", "0x1p-2", "b", "+7", "-0", "c", "1.", ".5", "d", "-0.0", "0e0", "e"],
    ["ZRANGE", "num", "0", "-1", "WITHSCORES"],
    ["GEOPOS", "num", "a", "b", "c", "d", "e"],
    // Errors: options, coordinates, numbers. Nothing is added on error.
    ["GEOADD", "err", "NX", "XX", "1", "2", "a"],
    ["GEOADD", "err", "xx", "nx", "1", "2", "a"],
    ["GEOADD", "err", "1", "2", "a", "3"],
    ["GEOADD", "err", "1", "2", "a", "3", "4"],
    ["GEOADD", "err", "ch", "ch", "ch"],
    ["GEOADD", "err", "GT", "1", "2", "a"],
    ["GEOADD", "err", "INCR", "1", "2", "a"],
    ["GEOADD", "err", "LT", "1", "2"],
    ["GEOADD", "err", "abc", "2", "a"],
    ["GEOADD", "err", "1", "abc", "a"],
    ["GEOADD", "err", "nan", "2", "a"],
    ["GEOADD", "err", " 1", "2", "a"],
    ["GEOADD", "err", "1 ", "2", "a"],
    ["GEOADD", "err", "", "2", "a"],
    ["GEOADD", "err", "1e400", "2", "a"],
    ["GEOADD", "err", "1", "2", "a", "200", "100", "b"],
    ["GEOADD", "err", "1", "2", "a", "x", "100", "b"],
    ["GEOADD", "err", "-180.0000001", "0", "a"],
    ["GEOADD", "err", "180.0000001", "0", "a"],
    ["GEOADD", "err", "0", "85.0511288", "a"],
    ["GEOADD", "err", "0", "-85.0511288", "a"],
    ["GEOADD", "err", "0", "90", "a"],
    ["GEOADD", "err", "inf", "-inf", "a"],
    ["GEOADD", "err", "1e300", "0", "a"],
    ["GEOADD", "err", "-0.00000049", "1234.5678905", "a"],
    ["GEOADD", "err", "0.0078125", "100", "a"], // "%f" rounds exact ties to even
    ["GEOADD", "err", "-0.0234375", "100", "a"],
    ["GEOADD", "err", "1.5000005", "100", "a"],
    ["EXISTS", "err"],
    // Inside a transaction (queued, then run).
    ["MULTI"],
    ["GEOADD", "tx", "5", "5", "c"],
    ["GEOPOS", "tx", "c"],
    ["GEOADD", "tx", "500", "5", "c"],
    ["EXEC"],
  ]);

  diffTest(pair, "GEOADD: encodings (listpack / skiplist, like ZADD)", [
    ["GEOADD", "small", "13", "38", "x".repeat(64)],
    ["OBJECT", "ENCODING", "small"],
    ["GEOADD", "small", "13", "38", "x".repeat(65)],
    ["OBJECT", "ENCODING", "small"],
    ["GEOADD", "many", ...worldPoints(prng(3), 128).flat()],
    ["OBJECT", "ENCODING", "many"],
    ["GEOADD", "many", "1", "1", "one-more"],
    ["OBJECT", "ENCODING", "many"],
  ]);

  diffTest(pair, "GEOPOS, GEOHASH, GEODIST: poles, antimeridian, units, missing members", [
    [
      "GEOADD",
      "p",
      ...["180", LAT_MAX, "ne", "-180", LAT_MAX, "nw", "180", "-" + LAT_MAX, "se", "-180", "-" + LAT_MAX, "sw"],
      ...["0", "0", "o", "179.99999", "0", "am1", "-179.99999", "0", "am2", "0", LAT_MAX, "np", "0", "-" + LAT_MAX, "sp"],
      ...["180", "0", "e180", "-180", "0", "w180", "1e-300", "-1e-300", "tiny", "45.123456789012345", "-12.987654321098765", "long"],
      ...["-0.1278", "51.5074", "london", "139.6917", "35.6895", "tokyo", "-74.006", "40.7128", "nyc", "151.2093", "-33.8688", "sydney"],
    ],
    ["ZRANGE", "p", "0", "-1", "WITHSCORES"],
    ["GEOPOS", "p", "ne", "nw", "se", "sw", "o", "am1", "am2", "np", "sp", "e180", "w180", "tiny", "long", "nope"],
    ["GEOHASH", "p", "ne", "nw", "se", "sw", "o", "am1", "am2", "np", "sp", "e180", "w180", "tiny", "long", "nope"],
    ["GEOHASH", "p", "london", "tokyo", "nyc", "sydney"],
    ["GEOPOS", "p"],
    ["GEOHASH", "p"],
    ["GEOPOS", "nokey", "a", "b"],
    ["GEOHASH", "nokey", "a", "b"],
    ["GEODIST", "p", "ne", "nw"],
    ["GEODIST", "p", "ne", "se", "km"],
    ["GEODIST", "p", "am1", "am2"],
    ["GEODIST", "p", "am1", "am2", "ft"],
    ["GEODIST", "p", "np", "sp", "mi"],
    ["GEODIST", "p", "o", "np", "ft"],
    ["GEODIST", "p", "e180", "w180"],
    ["GEODIST", "p", "london", "tokyo"],
    ["GEODIST", "p", "nyc", "sydney", "KM"],
    ["GEODIST", "p", "nyc", "sydney", "Mi"],
    ["GEODIST", "p", "nyc", "sydney", "fT"],
    ["GEODIST", "p", "nyc", "sydney", "M"],
    ["GEODIST", "p", "o", "o"],
    ["GEODIST", "p", "o", "tiny"],
    ["GEODIST", "p", "o", "nope"],
    ["GEODIST", "p", "nope", "o", "km"],
    ["GEODIST", "nokey", "a", "b"],
    ["GEODIST", "nokey", "a", "b", "yd"],
    ["GEODIST", "p", "o", "ne", "yd"],
    ["GEODIST", "p", "o", "ne", "km", "extra"],
    ["GEODIST", "p", "o", "ne", "kilometers"],
    // Scores GEOADD never writes: decoded as Redis's (uint64_t)score cast does.
    [
      "ZADD",
      "w",
      ...["-1", "neg", "1e30", "big", "inf", "pinf", "-inf", "ninf", "1.5", "frac", "4503599627370496", "two52"],
      ...["9007199254740993", "two53", "18446744073709551616", "two64", "9223372036854775808", "two63"],
      ...["-9223372036854775808", "m63", "0", "zero", "123456789.75", "odd"],
    ],
    ["GEOPOS", "w", "neg", "big", "pinf", "ninf", "frac", "two52", "two53", "two64", "two63", "m63", "zero", "odd"],
    ["GEOHASH", "w", "neg", "big", "pinf", "ninf", "frac", "two52", "two53", "two64", "two63", "m63", "zero", "odd"],
    ["GEODIST", "w", "neg", "big"],
    ["GEODIST", "w", "zero", "two52", "km"],
    ["GEOSEARCH", "w", "FROMMEMBER", "zero", "BYRADIUS", "1", "km", "WITHCOORD", "WITHHASH", "WITHDIST"],
    ["GEOSEARCH", "w", "FROMMEMBER", "neg", "BYRADIUS", "100000", "km", "WITHCOORD", "WITHHASH", "WITHDIST"],
    ["GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYBOX", "100000", "100000", "km", "WITHCOORD", "WITHHASH", "WITHDIST", "ASC"],
  ]);

  diffTest(pair, "GEOSEARCH: options, shapes, unsorted order, edge radii", [
    ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEOADD", "Sicily", "13.583333", "37.316667", "Agrigento", "12.758489", "38.788135", "edge1", "14.5", "37.5", "Enna"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "DESC"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHHASH"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHCOORD", "DESC", "COUNT", "2"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "2", "ANY"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ANY", "COUNT", "2", "ASC"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "100"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "9223372036854775807"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "1", "COUNT", "3"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "DESC"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "WITHDIST", "ASC"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "100", "400", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "100", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "300", "300", "mi", "WITHDIST", "DESC"],
    ["GEOSEARCH", "Sicily", "frommember", "Palermo", "byradius", "200", "KM", "withdist", "asc", "count", "3"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "0", "0", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "inf", "km", "WITHDIST", "ASC"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "inf", "1", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1e308", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0x10", "km", "WITHDIST"],
    ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km"],
  ]);

  diffTest(pair, "GEOSEARCH / GEOSEARCHSTORE: errors, in Redis's order of checks", [
    ["GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "BYBOX", "1", "1", "km"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "km", "BYRADIUS", "100", "km"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "BYRADIUS", "1", "km", "BYRADIUS", "2", "km", "FROMMEMBER", "Palermo"],
    ["GEOSEARCH", "g", "COUNT", "1", "BYRADIUS", "1", "km"],
    ["GeoSearch", "g", "COUNT", "1", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "WITHDIST", "COUNT", "1"],
    ["geoSEARCH", "g", "FROMLONLAT", "1", "2", "WITHDIST", "COUNT", "1"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "ANY"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT", "0"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT", "-1"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT", "abc"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT", "1.5"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT", "9223372036854775808"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "COUNT"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "-1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "abc", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "yd"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "abc", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "abc", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "abc", "abc", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "-1", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "-1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "1", "yd"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "1"],
    ["GEOSEARCH", "g", "FROMLONLAT", "x", "2", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "x", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "500", "2", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "86", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMLONLAT", "1", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"],
    ["GEOSEARCH", "g", "FROMMEMBER", "nope", "BYRADIUS", "x", "km"],
    ["GEOSEARCH", "g", "BYRADIUS", "x", "km", "FROMMEMBER", "nope"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STORE", "x"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STOREDIST"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "STOREDIST", "x"],
    ["GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km", "foo"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "x", "km"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "x", "WITHDIST", "COUNT", "1"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "x", "WITHDIST", "foo", "bar"],
    ["GEOSEARCH", "nokey", "FROMLONLAT", "500", "0", "BYRADIUS", "1", "km"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHDIST"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHCOORD"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHHASH", "STOREDIST"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "STORE", "x"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "STOREDIST", "x"],
    ["GEOSEARCHSTORE", "d", "g", "COUNT", "1", "BYBOX", "1", "1", "km"],
    ["geosearchstore", "d", "g", "FROMMEMBER", "Palermo", "COUNT", "1", "ANY"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "mm"],
    ["EXISTS", "d"],
  ]);

  diffTest(pair, "GEOSEARCHSTORE: stored sets, STOREDIST, destination replaced or deleted", [
    ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEOADD", "Sicily", "13.583333", "37.316667", "Agrigento", "12.758489", "38.788135", "edge1", "14.5", "37.5", "Enna"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "d"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "STOREDIST"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "200", "300", "mi", "STOREDIST", "COUNT", "2", "DESC"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "ft", "STOREDIST", "COUNT", "3", "ANY"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "400", "km", "STOREDIST", "STOREDIST"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    // The destination loses its TTL; any type is overwritten.
    ["SET", "d", "v", "EX", "100"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km"],
    ["TTL", "d"],
    ["TYPE", "d"],
    // No results: the destination is deleted.
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "0", "0", "BYBOX", "1", "1", "km"],
    ["EXISTS", "d"],
    ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "0", "0", "BYBOX", "1", "1", "km"],
    // No source: the destination is deleted too (the arguments are still checked).
    ["SET", "d", "x"],
    ["GEOSEARCHSTORE", "d", "nokey", "FROMMEMBER", "a", "BYBOX", "1", "1", "km"],
    ["EXISTS", "d"],
    ["GEOSEARCHSTORE", "d", "nokey", "FROMMEMBER", "a", "BYBOX", "1", "1", "km"],
    ["GEOSEARCHSTORE", "d", "nokey", "FROMMEMBER", "a", "BYBOX", "-1", "1", "km"],
    // Source and destination the same key.
    ["GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "STOREDIST"],
    ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
    // Encodings of the result: by size and member length.
    ["GEOADD", "big", ...worldPoints(prng(11), 260).flat()],
    ["GEOSEARCHSTORE", "d", "big", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km"],
    ["OBJECT", "ENCODING", "d"],
    ["GEOSEARCHSTORE", "d", "big", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km", "COUNT", "128"],
    ["OBJECT", "ENCODING", "d"],
    ["ZCARD", "d"],
    ["GEOADD", "big", "13", "38", "x".repeat(65)],
    ["GEOSEARCHSTORE", "d", "big", "FROMLONLAT", "13", "38", "BYRADIUS", "1", "km", "STOREDIST"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
  ]);

  diffTest(pair, "GEORADIUS / GEORADIUSBYMEMBER (+_RO): options, STORE / STOREDIST, errors", [
    ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEOADD", "Sicily", "13.583333", "37.316667", "Agrigento", "12.758489", "38.788135", "edge1", "14.5", "37.5", "Enna"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "DESC", "COUNT", "2"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "ANY"],
    ["GEORADIUS", "Sicily", "15", "37", "124000", "mi", "WITHDIST"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst", "ASC", "COUNT", "2"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    // The last of STORE / STOREDIST wins.
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "a", "STOREDIST", "b"],
    ["EXISTS", "a", "b"],
    ["ZRANGE", "b", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "a", "STORE", "c"],
    ["ZRANGE", "c", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "Sicily", "15", "37", "1", "m", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["SET", "dst", "v", "EX", "100"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst"],
    ["TTL", "dst"],
    ["GEORADIUS", "nokey", "15", "37", "200", "km", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "x", "WITHHASH"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "STOREDIST", "x"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "FROMMEMBER", "Palermo"],
    ["GEORADIUS", "Sicily", "15", "37", "200", "km", "BYRADIUS", "1", "km"],
    ["GEORADIUS", "nokey", "15", "37", "200", "km"],
    ["GEORADIUS", "nokey", "500", "37", "200", "km"],
    ["GEORADIUS", "nokey", "15", "37", "-1", "km"],
    ["GEORADIUS", "nokey", "15", "37", "x", "km"],
    ["GEORADIUS", "nokey", "15", "37", "1", "yd"],
    ["GEORADIUS", "nokey", "15", "37", "1", "km", "COUNT", "0"],
    ["GEORADIUS", "nokey", "15", "37", "1", "km", "foo"],
    ["GEORADIUS", "nokey", "15", "37", "1", "km", "ANY"],
    ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHHASH", "WITHCOORD", "DESC", "COUNT", "3"],
    ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "COUNT", "2", "ANY", "WITHDIST"],
    ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "x"],
    ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STOREDIST", "x"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST", "ASC"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHCOORD", "WITHHASH"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "STOREDIST", "dst3", "DESC"],
    ["ZRANGE", "dst3", "0", "-1", "WITHSCORES"],
    ["GEORADIUSBYMEMBER", "Sicily", "nope", "200", "km"],
    ["GEORADIUSBYMEMBER", "Sicily", "nope", "x", "km"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "x", "km"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "-3", "km"],
    ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "3", "kms"],
    // No source key: the radius is never parsed, the options are.
    ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "kms", "WITHDIST"],
    ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "kms", "STORE", "dst2"],
    ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "kms", "STORE", "dst2", "WITHDIST"],
    ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "kms", "BAD"],
    ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "kms", "ANY"],
    ["GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "200", "mi", "WITHDIST", "WITHCOORD", "WITHHASH", "COUNT", "2", "DESC"],
    ["GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "200", "km", "STORE", "x"],
    ["GEORADIUSBYMEMBER_RO", "nokey", "Palermo", "200", "km"],
  ]);

  diffTest(pair, "wrong type and wrong arity", [...WRONGTYPE, ...ARITY]);

  diffTest(pair, "RESP3 shapes (coordinates as doubles, distances as strings)", [
    HELLO3,
    ["GEOADD", "g", "1", "2", "a", "3", "4", "b", "180", LAT_MAX, "c"],
    ["GEOPOS", "g", "a", "nope", "b", "c"],
    ["GEOPOS", "nokey", "a"],
    ["GEOHASH", "g", "a", "nope"],
    ["GEODIST", "g", "a", "b"],
    ["GEODIST", "g", "a", "nope"],
    ["GEODIST", "nokey", "a", "b"],
    ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1000", "km", "WITHDIST", "WITHHASH", "WITHCOORD", "ASC"],
    ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1000", "km", "WITHCOORD"],
    ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1000", "km"],
    ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "a", "BYRADIUS", "1", "m"],
    ["GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "a", "BYRADIUS", "1000", "km"],
    ["GEORADIUS", "g", "1", "2", "500", "km", "WITHDIST", "WITHCOORD"],
    ["GEORADIUSBYMEMBER_RO", "g", "c", "10", "km", "WITHCOORD"],
    HELLO2,
  ]);

  diffTest(pair, "COUNT with ties: Redis's partial quicksort order", (() => {
    const steps: StepLike[] = [];
    const rnd = prng(42);
    for (let t = 0; t < 12; t++) {
      const n = 20 + Math.floor(rnd() * 60);
      const args: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = rnd();
        const [lon, lat] =
          r < 0.4 ? ["13", "38"] : r < 0.6 ? ["13.5", "38"] : [(12 + rnd() * 2).toFixed(3), (37 + rnd() * 2).toFixed(3)];
        args.push(lon, lat, "p" + i);
      }
      steps.push(["DEL", "t"], ["GEOADD", "t", ...args]);
      for (const k of [1, 3, 7, Math.floor(n / 3), n - 1]) {
        steps.push(["GEOSEARCH", "t", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km", "ASC", "COUNT", String(k)]);
        steps.push(["GEOSEARCH", "t", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km", "DESC", "COUNT", String(k)]);
        steps.push(["GEORADIUS", "t", "13.5", "38", "500", "km", "COUNT", String(k), "WITHDIST"]);
      }
      steps.push(["GEOSEARCH", "t", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km", "ASC"]);
      steps.push(["GEOSEARCH", "t", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km", "DESC"]);
    }
    return steps;
  })());

  // Randomized worldwide searches: a small set (listpack in Redis) and a
  // big one (skiplist), in RESP2 and RESP3.
  const worldSmall = worldPoints(prng(1), 100);
  const worldBig = worldPoints(prng(2), 600);
  diffTest(pair, "worldwide points: small set, every search command", [
    ...addAll("w", worldSmall),
    ["ZRANGE", "w", "0", "-1", "WITHSCORES"],
    ["GEOPOS", "w", ...worldSmall.map((p) => p[2]!)],
    ["GEOHASH", "w", ...worldSmall.map((p) => p[2]!)],
    ...worldSmall.slice(0, 40).map((p, i): StepLike => ["GEODIST", "w", p[2]!, worldSmall[(i * 7 + 3) % 100]![2]!, UNITS[i % 4]!]),
    ...searchSteps(prng(5), "w", worldSmall, 60),
  ]);
  diffTest(pair, "worldwide points: big set, every search command", [
    ...addAll("w", worldBig),
    ["ZRANGE", "w", "0", "-1", "WITHSCORES"],
    ...searchSteps(prng(6), "w", worldBig, 90),
  ]);
  diffTest(pair, "worldwide points: RESP3", [
    HELLO3,
    ...addAll("w", worldSmall),
    ["GEOPOS", "w", ...worldSmall.map((p) => p[2]!)],
    ...searchSteps(prng(7), "w", worldSmall, 30),
    HELLO2,
  ]);

  diffTest(pair, "points on one meridian: exact distances (STOREDIST keeps every bit)", (() => {
    const rnd = prng(9);
    const steps: StepLike[] = [];
    for (const lon of ["12.5", "-180", "180", "0", "-73.123456"]) {
      const args: string[] = [];
      for (let i = 0; i < 40; i++) args.push(lon, ((rnd() - 0.5) * 170).toFixed(Math.floor(rnd() * 8)), "p" + i);
      steps.push(["DEL", "mer"], ["GEOADD", "mer", ...args]);
      for (const c of ["p0", "p1", "p2"]) {
        for (const unit of ["m", "km"]) {
          steps.push(["GEOSEARCHSTORE", "d", "mer", "FROMMEMBER", c, "BYBOX", "1", "40000", unit === "m" ? "m" : "km", "STOREDIST"]);
          steps.push(["ZRANGE", "d", "0", "-1", "WITHSCORES"]);
          steps.push(["GEORADIUSBYMEMBER", "mer", c, "20000", "km", "STOREDIST", "d"]);
          steps.push(["ZRANGE", "d", "0", "-1", "WITHSCORES"]);
        }
      }
    }
    return steps;
  })());

  // Distances whose 4-decimal text depends on rounding d * 10^4 first
  // (Redis's fixedpoint_d2string) rather than the exact value ("%.4f").
  diffTest(pair, "distance text: Redis's fixed-point rounding", [
    ["GEOADD", "fp", "156.0631", "61.4159", "a1", "129.2893", "-71.4359", "b1", "154.2216", "-66.4153", "a2"],
    ["GEOADD", "fp", "137.7825", "62.1957", "b2", "142.9855", "67.9013", "a3", "167.0431", "36.2624", "b3"],
    ["GEOADD", "fp", "-148.6870", "-39.8738", "a4", "-74.0358", "-81.1403", "b4", "94.0412", "-22.0368", "a5"],
    ["GEOADD", "fp", "64.5134", "60.1498", "b5", "-81.5277", "-73.1466", "a6", "-31.6434", "71.9850", "b6"],
    ["GEODIST", "fp", "a1", "b1", "ft"],
    ["GEODIST", "fp", "a2", "b2", "ft"],
    ["GEODIST", "fp", "a3", "b3", "ft"],
    ["GEODIST", "fp", "a4", "b4", "ft"],
    ["GEODIST", "fp", "a5", "b5", "ft"],
    ["GEODIST", "fp", "a6", "b6", "ft"],
    ["GEOSEARCH", "fp", "FROMMEMBER", "a1", "BYRADIUS", "100000", "km", "WITHDIST", "ASC"],
    ["GEORADIUSBYMEMBER", "fp", "a3", "60000000", "ft", "WITHDIST", "ASC"],
  ]);

  diffTest(pair, "COMMAND GETKEYS and COMMAND INFO", [
    ["COMMAND", "GETKEYS", "GEORADIUS", "k", "0", "0", "1", "km", "STORE", "a", "STOREDIST", "b"],
    ["COMMAND", "GETKEYS", "GEORADIUS", "k", "0", "0", "1", "km"],
    ["COMMAND", "GETKEYS", "GEORADIUSBYMEMBER", "k", "m", "1", "km", "STOREDIST", "b"],
    ["COMMAND", "GETKEYS", "GEORADIUSBYMEMBER", "k", "m", "1", "km", "STORE"],
    ["COMMAND", "GETKEYS", "GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"],
    ["COMMAND", "GETKEYS", "GEOADD", "k", "1", "2", "m"],
    ["COMMAND", "GETKEYS", "GEODIST", "k", "a", "b"],
    ["COMMAND", "INFO", "geoadd", "geodist", "geohash", "geopos", "georadius", "georadius_ro"],
    ["COMMAND", "INFO", "georadiusbymember", "georadiusbymember_ro", "geosearch", "geosearchstore"],
  ]);

  testWithRedis("INFO keyspace hits and misses of the searches", async () => {
    const steps: StepLike[] = [
      ["CONFIG", "RESETSTAT"],
      ["GEOADD", "g", "1", "2", "a"],
      ["GEOPOS", "g", "a"],
      ["GEOPOS", "nokey", "a"],
      ["GEOHASH", "nokey", "a"],
      ["GEODIST", "nokey", "a", "b"],
      ["GEODIST", "g", "a", "b"],
      ["GEOSEARCH", "g", "FROMMEMBER", "a", "BYRADIUS", "1", "km"],
      ["GEOSEARCHSTORE", "d", "nokey", "FROMMEMBER", "a", "BYRADIUS", "1", "km"],
      ["GEORADIUS", "nokey", "1", "2", "1", "km"],
    ];
    await runSteps(pair, [["FLUSHALL"], ...steps]);
    const stats = async (c: typeof pair.redis) => {
      const r = await c.send("INFO", "stats");
      const text = r.resp.t === "bulk" ? r.resp.v : "";
      return text.split("\r\n").filter((l) => l.startsWith("keyspace_"));
    };
    expect(await stats(pair.redbun)).toEqual(await stats(pair.redis));
  });
});

describe("geo: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("GEOADD is replicated as the ZADD it becomes", [
    ["GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEOADD", "g", "13.361389", "38.115556", "Palermo"],
    ["GEOADD", "g", "nx", "CH", "1", "2", "Palermo", "3", "4", "x"],
    ["GEOADD", "g", "XX", "ch", "5", "6", "Palermo", "180", "85.05112878", "absent"],
    ["GEOADD", "g", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "180", "38.1", "odd-above-2^53"],
    ["GEOADD", "g", "500", "0", "bad"],
  ]);

  propTest("STORE / STOREDIST / GEOSEARCHSTORE: events, deletions", [
    ["GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d1"],
    ["GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST", "d1"],
    ["GEORADIUSBYMEMBER", "g", "Palermo", "200", "km", "STORE", "d2"],
    ["GEOSEARCHSTORE", "d3", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "STOREDIST"],
    ["GEOSEARCHSTORE", "d3", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
    ["GEOSEARCHSTORE", "d3", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
    ["GEORADIUS", "g", "0", "0", "1", "km", "STORE", "d1"],
    ["GEOSEARCHSTORE", "d2", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km"],
    ["GEORADIUSBYMEMBER", "nokey", "x", "1", "km", "STORE", "d2"],
    ["GEORADIUS", "g", "15", "37", "200", "km"],
  ]);
});
