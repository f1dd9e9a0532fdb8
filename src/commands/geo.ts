// GEO commands (Redis 7.0's geo.c), built on sorted sets: a position is a
// member whose score is its 52-bit interleaved geohash (src/util/geohash.ts).
//
// GEOADD rewrites itself into a ZADD (and is replicated as that ZADD, as
// Redis's replaceClientCommandVector does). The searches (GEORADIUS*,
// GEOSEARCH*) follow georadiusGeneric step by step: the key lookup first,
// then the arguments in order, the 9 geohash boxes covering the shape
// scanned as score ranges in Redis's order (center, N, S, E, W, NE, NW, SE,
// SW), so that unsorted results come out in the same order; sorting is
// glibc's stable qsort for full results and Redis's pqsort (a port of its
// partial quicksort, unstable on ties) when COUNT cuts the results.
//
// Output formats: distances with 4 decimals as Redis 7.0.15's
// fixedpoint_d2string writes them (bulk strings in RESP2 and RESP3),
// coordinates as addReplyHumanLongDouble ("%.17Lf" trimmed; a RESP3
// double), hashes as integers.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import type { ScoreRange } from "../store/zranges.ts";
import { ZSet } from "../store/zset.ts";
import {
  areasByShape,
  boxScoreRange,
  CIRCULAR_TYPE,
  decoded,
  decodeScore,
  distanceIfWithin,
  formatDistance,
  formatFixed,
  formatHumanCoord,
  type GeoShape,
  geoDistance,
  geohashString,
  newShape,
  RECTANGLE_TYPE,
  scoreString,
  validLonLat,
} from "../util/geohash.ts";
import { parseDouble, parseIntStrict } from "../util/numbers.ts";
import { readKey, typedKey, written } from "./access.ts";
import { err, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";
import { zadd } from "./zsets.ts";

const ERR_DECODE = "ERR could not decode requested zset member";
const ERR_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";

// --- argument helpers --------------------------------------------------------

/** getDoubleFromObjectOrReply with an optional message ("ERR " + msg). */
function doubleArg(c: Client, s: string, msg: string | null): number | null {
  const v = parseDouble(s);
  if (v === null) err(c, msg === null ? E.NOT_FLOAT : "ERR " + msg);
  return v;
}

/** extractLongLatOrReply into shape.lon / shape.lat. */
function extractLonLat(c: Client, lonS: string, latS: string, out: { lon: number; lat: number }): boolean {
  const lon = doubleArg(c, lonS, null);
  if (lon === null) return false;
  const lat = doubleArg(c, latS, null);
  if (lat === null) return false;
  out.lon = lon;
  out.lat = lat;
  if (!validLonLat(lon, lat)) {
    err(c, `ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`);
    return false;
  }
  return true;
}

/** extractUnitOrReply: meters per unit, or -1 after the error reply. */
function extractUnit(c: Client, u: string): number {
  if (is(u, "M")) return 1;
  if (is(u, "KM")) return 1000;
  if (is(u, "FT")) return 0.3048;
  if (is(u, "MI")) return 1609.34;
  err(c, ERR_UNIT);
  return -1;
}

/** extractDistanceOrReply: "<radius> <unit>" into the shape. */
function extractDistance(c: Client, radiusS: string, unitS: string, shape: GeoShape): boolean {
  const d = doubleArg(c, radiusS, "need numeric radius");
  if (d === null) return false;
  if (d < 0) {
    err(c, "ERR radius cannot be negative");
    return false;
  }
  shape.radius = d;
  const toMeters = extractUnit(c, unitS);
  if (toMeters < 0) return false;
  shape.conversion = toMeters;
  return true;
}

/** extractBoxOrReply: "<width> <height> <unit>" into the shape. */
function extractBox(c: Client, wS: string, hS: string, unitS: string, shape: GeoShape): boolean {
  const w = doubleArg(c, wS, "need numeric width");
  if (w === null) return false;
  const h = doubleArg(c, hS, "need numeric height");
  if (h === null) return false;
  if (h < 0 || w < 0) {
    err(c, "ERR height or width cannot be negative");
    return false;
  }
  shape.height = h;
  shape.width = w;
  const toMeters = extractUnit(c, unitS);
  if (toMeters < 0) return false;
  shape.conversion = toMeters;
  return true;
}

/** longLatFromMember: the member's decoded position into out; false when absent. */
function memberPos(z: ZSet, member: string, out: { lon: number; lat: number }): boolean {
  const score = z.score(member);
  if (score === undefined) return false;
  decodeScore(score);
  out.lon = decoded.lon;
  out.lat = decoded.lat;
  return true;
}

// --- GEOADD ------------------------------------------------------------------

/** GEOADD key [NX|XX] [CH] lon lat member [...]: a ZADD of the encoded positions. */
function geoadd(c: Client, argv: string[]): void {
  let xx = false;
  let nx = false;
  let longidx = 2;
  while (longidx < argv.length) {
    const o = argv[longidx]!;
    if (is(o, "NX")) nx = true;
    else if (is(o, "XX")) xx = true;
    else if (!is(o, "CH")) break; // CH is handled by ZADD
    longidx++;
  }
  if ((argv.length - longidx) % 3 !== 0 || (xx && nx)) return err(c, E.SYNTAX);

  const elements = (argv.length - longidx) / 3;
  const zargv = new Array<string>(longidx + elements * 2);
  zargv[0] = "zadd";
  for (let i = 1; i < longidx; i++) zargv[i] = argv[i]!;
  const pos = { lon: 0, lat: 0 };
  for (let i = 0; i < elements; i++) {
    const base = longidx + i * 3;
    if (!extractLonLat(c, argv[base]!, argv[base + 1]!, pos)) return;
    zargv[longidx + i * 2] = scoreString(pos.lon, pos.lat);
    zargv[longidx + 1 + i * 2] = argv[base + 2]!;
  }
  zadd(c, zargv);
  c.propagate(zargv);
}

// --- searches ----------------------------------------------------------------

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

const RADIUS_COORDS = 1; // search around coordinates
const RADIUS_MEMBER = 2; // search around a member
const RADIUS_NOSTORE = 4; // no STORE / STOREDIST option
const GEOSEARCH = 8; // GEOSEARCH arguments
const GEOSEARCHSTORE = 16; // GEOSEARCHSTORE: STOREDIST flag only

/** One match (Redis's geoPoint). */
interface GeoPoint {
  member: string;
  score: number;
  dist: number;
  lon: number;
  lat: number;
}

const rangeScratch: ScoreRange = { min: 0, max: 0, minex: false, maxex: true };

/**
 * geoGetPointsInRange: appends the members with min <= score < max that
 * are inside the shape, stopping once `limit` (non-zero) matches are found.
 */
function pointsInRange(z: ZSet, min: number, max: number, shape: GeoShape, ga: GeoPoint[], limit: number): void {
  rangeScratch.min = min;
  rangeScratch.max = max;
  const p = z.tree.firstInRange(rangeScratch);
  if (p === null) return;
  do {
    const score = p.score;
    if (!(score < max)) break;
    decodeScore(score);
    const lon = decoded.lon;
    const lat = decoded.lat;
    const dist = distanceIfWithin(shape, lon, lat);
    if (dist >= 0) ga.push({ member: p.ele, score, dist, lon, lat });
    if (ga.length && limit && ga.length >= limit) break;
  } while (p.next());
}

const boxRange = [0, 0];

/** membersOfAllNeighbors: scans the 9 boxes in order. */
function membersOfAllNeighbors(z: ZSet, shape: GeoShape, ga: GeoPoint[], limit: number): void {
  const boxes = areasByShape(shape);
  let lastProcessed = 0;
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (b.bits === 0n && b.step === 0) continue; // zeroed: useless box
    // With huge radii adjacent boxes can be the same one: skip a repeat of
    // the previously processed box (never compared with box 0, as in Redis).
    if (lastProcessed && b.bits === boxes[lastProcessed]!.bits && b.step === boxes[lastProcessed]!.step) continue;
    if (ga.length && limit && ga.length >= limit) break;
    boxScoreRange(b, boxRange);
    pointsInRange(z, boxRange[0]!, boxRange[1]!, shape, ga, limit);
    lastProcessed = i;
  }
}

function sortAsc(a: GeoPoint, b: GeoPoint): number {
  return a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1;
}
function sortDesc(a: GeoPoint, b: GeoPoint): number {
  return -sortAsc(a, b);
}

/**
 * Redis's pqsort (pqsort.c: NetBSD's Bentley-McIlroy qsort that only
 * recurses into partitions overlapping [lrange, rrange]), on array indices.
 * As in Redis 7.0.15, without the original's switch to insertion sort when
 * a partitioning pass swapped nothing.
 */
export function pqsort<T>(arr: T[], n: number, cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  pqsortRange(arr, 0, n, cmp, lrange, rrange);
}

function pqsortRange<T>(A: T[], a: number, n: number, cmp: (a: T, b: T) => number, lr: number, rr: number): void {
  const swap = (i: number, j: number): void => {
    const t = A[i]!;
    A[i] = A[j]!;
    A[j] = t;
  };
  const vecswap = (i: number, j: number, k: number): void => {
    for (let m = 0; m < k; m++) swap(i + m, j + m);
  };
  const med3 = (x: number, y: number, z: number): number =>
    cmp(A[x]!, A[y]!) < 0
      ? cmp(A[y]!, A[z]!) < 0
        ? y
        : cmp(A[x]!, A[z]!) < 0
          ? z
          : x
      : cmp(A[y]!, A[z]!) > 0
        ? y
        : cmp(A[x]!, A[z]!) < 0
          ? x
          : z;
  const insertion = (): void => {
    for (let pm = a + 1; pm < a + n; pm++) {
      for (let pl = pm; pl > a && cmp(A[pl - 1]!, A[pl]!) > 0; pl--) swap(pl, pl - 1);
    }
  };
  for (;;) {
    if (n < 7) {
      insertion();
      return;
    }
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(pl, pl + d, pl + 2 * d);
        pm = med3(pm - d, pm, pm + d);
        pn = med3(pn - 2 * d, pn - d, pn);
      }
      pm = med3(pl, pm, pn);
    }
    swap(a, pm);
    let pa = a + 1;
    let pb = pa;
    let pc = a + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(A[pb]!, A[a]!)) <= 0) {
        if (r === 0) {
          swap(pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(A[pc]!, A[a]!)) >= 0) {
        if (r === 0) {
          swap(pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(pb, pc);
      pb++;
      pc--;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    vecswap(a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(pb, pn - r, r);
    if ((r = pb - pa) > 1) {
      const l = a;
      const h = a + r - 1;
      if (!((lr < l && rr < l) || (lr > h && rr > h))) pqsortRange(A, a, r, cmp, lr, rr);
    }
    if ((r = pd - pc) > 1) {
      // Iterate rather than recurse.
      a = pn - r;
      n = r;
      const l = a;
      const h = a + r - 1;
      if (!((lr < l && rr < l) || (lr > h && rr > h))) continue;
    }
    return;
  }
}

/**
 * Redis's georadiusGeneric: GEORADIUS[_RO], GEORADIUSBYMEMBER[_RO],
 * GEOSEARCH and GEOSEARCHSTORE.
 */
function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  let storekey: string | null = null;
  let storedist = false;

  const z = typedKey<ZSet>(c, argv[srcKeyIndex]!, "zset", true);
  if (z === undefined) return;

  let baseArgs: number;
  const shape = newShape();
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    shape.type = CIRCULAR_TYPE;
    if (!extractLonLat(c, argv[2]!, argv[3]!, shape)) return;
    if (!extractDistance(c, argv[baseArgs - 2]!, argv[baseArgs - 1]!, shape)) return;
  } else if (flags & RADIUS_MEMBER && z === null) {
    // No source key: the arguments are still parsed, for the right reply.
    baseArgs = 5;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    shape.type = CIRCULAR_TYPE;
    if (!memberPos(z!, argv[2]!, shape)) return err(c, ERR_DECODE);
    if (!extractDistance(c, argv[baseArgs - 2]!, argv[baseArgs - 1]!, shape)) return;
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storekey = argv[1]!;
    }
  }

  let withdist = false;
  let withhash = false;
  let withcoords = false;
  let frommember = false;
  let fromloc = false;
  let byradius = false;
  let bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0; // 0: unlimited
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i]!;
    if (is(arg, "WITHDIST")) withdist = true;
    else if (is(arg, "WITHHASH")) withhash = true;
    else if (is(arg, "WITHCOORD")) withcoords = true;
    else if (is(arg, "ANY")) any = true;
    else if (is(arg, "ASC")) sort = SORT_ASC;
    else if (is(arg, "DESC")) sort = SORT_DESC;
    else if (is(arg, "COUNT") && i + 1 < remaining) {
      const v = parseIntStrict(argv[baseArgs + i + 1]!);
      if (v === null) return err(c, E.NOT_INT);
      if (v <= 0) return err(c, "ERR COUNT must be > 0");
      count = Number(v);
      i++;
    } else if (is(arg, "STORE") && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = false;
      i++;
    } else if (is(arg, "STOREDIST") && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = true;
      i++;
    } else if (is(arg, "STOREDIST") && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storedist = true;
    } else if (is(arg, "FROMMEMBER") && i + 1 < remaining && flags & GEOSEARCH && !fromloc) {
      // Without a source key the error comes once the arguments are parsed.
      if (z !== null && !memberPos(z, argv[baseArgs + i + 1]!, shape)) return err(c, ERR_DECODE);
      frommember = true;
      i++;
    } else if (is(arg, "FROMLONLAT") && i + 2 < remaining && flags & GEOSEARCH && !frommember) {
      if (!extractLonLat(c, argv[baseArgs + i + 1]!, argv[baseArgs + i + 2]!, shape)) return;
      fromloc = true;
      i += 2;
    } else if (is(arg, "BYRADIUS") && i + 2 < remaining && flags & GEOSEARCH && !bybox) {
      if (!extractDistance(c, argv[baseArgs + i + 1]!, argv[baseArgs + i + 2]!, shape)) return;
      shape.type = CIRCULAR_TYPE;
      byradius = true;
      i += 2;
    } else if (is(arg, "BYBOX") && i + 3 < remaining && flags & GEOSEARCH && !byradius) {
      if (!extractBox(c, argv[baseArgs + i + 1]!, argv[baseArgs + i + 2]!, argv[baseArgs + i + 3]!, shape)) return;
      shape.type = RECTANGLE_TYPE;
      bybox = true;
      i += 3;
    } else {
      return err(c, E.SYNTAX);
    }
  }

  if (storekey !== null && (withdist || withhash || withcoords)) {
    const what = flags & GEOSEARCHSTORE ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS";
    return err(c, `ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (flags & GEOSEARCH && !(frommember || fromloc)) {
    return err(c, `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cstr(argv[0]!)}`);
  }
  if (flags & GEOSEARCH && !(byradius || bybox)) {
    return err(c, `ERR exactly one of BYRADIUS and BYBOX can be specified for ${cstr(argv[0]!)}`);
  }
  if (any && !count) return err(c, "ERR the ANY argument requires COUNT argument");

  const w = c.w;
  if (z === null) {
    if (storekey !== null) {
      if (c.db.delete(storekey)) written(c, storekey, N.GENERIC, "del");
      w.int(0);
    } else {
      w.arrayHeader(0);
    }
    return;
  }

  // COUNT without ordering: the closest ones (not needed with ANY).
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;

  const ga: GeoPoint[] = [];
  membersOfAllNeighbors(z, shape, ga, any ? count : 0);

  if (ga.length === 0 && storekey === null) return w.arrayHeader(0);

  const resultLength = ga.length;
  const returned = count === 0 || resultLength < count ? resultLength : count;

  if (sort !== SORT_NONE) {
    const cmp = sort === SORT_ASC ? sortAsc : sortDesc;
    // glibc's qsort is a (stable) merge sort; pqsort is not stable.
    if (returned === resultLength) ga.sort(cmp);
    else pqsort(ga, resultLength, cmp, 0, returned - 1);
  }

  const conversion = shape.conversion;
  if (storekey === null) {
    const optionLength = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
    w.arrayHeader(returned);
    for (let i = 0; i < returned; i++) {
      const gp = ga[i]!;
      if (optionLength) w.arrayHeader(optionLength + 1);
      w.bulk(gp.member);
      if (withdist) w.bulk(formatDistance(gp.dist / conversion));
      if (withhash) w.int(Math.trunc(gp.score));
      if (withcoords) {
        w.arrayHeader(2);
        w.double(formatHumanCoord(gp.lon));
        w.double(formatHumanCoord(gp.lat));
      }
    }
    return;
  }

  // Store the results: a sorted set (score: geohash, or distance with STOREDIST).
  if (returned > 0) {
    const dst = new ZSet(true);
    let maxelelen = 0;
    for (let i = 0; i < returned; i++) {
      const gp = ga[i]!;
      const score = storedist ? gp.dist / conversion : gp.score;
      if (gp.member.length > maxelelen) maxelelen = gp.member.length;
      dst.tree.insert(score, gp.member);
      dst.dict.set(gp.member, score);
    }
    dst.settleEncoding(c.server.limits, maxelelen);
    c.db.set(storekey, dst);
    written(c, storekey, N.ZSET, flags & GEOSEARCH ? "geosearchstore" : "georadiusstore");
    c.server.prop.dirty += returned - 1;
  } else if (c.db.delete(storekey)) {
    written(c, storekey, N.GENERIC, "del");
  }
  w.int(returned);
}

/** A C string ends at its first NUL byte (Redis formats argv[0] with %s). */
function cstr(s: string): string {
  const i = s.indexOf("\0");
  return i === -1 ? s : s.slice(0, i);
}

function georadius(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS);
}
function georadiusbymember(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER);
}
function georadiusRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}
function georadiusbymemberRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}
function geosearch(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, GEOSEARCH);
}
function geosearchstore(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE);
}

// --- GEOHASH / GEOPOS / GEODIST ------------------------------------------------

function geohash(c: Client, argv: string[]): void {
  const z = typedKey<ZSet>(c, argv[1]!, "zset", true);
  if (z === undefined) return;
  const w = c.w;
  w.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === null ? undefined : z.score(argv[j]!);
    if (score === undefined) w.nullBulk();
    else w.bulk(geohashString(score));
  }
}

function geopos(c: Client, argv: string[]): void {
  const z = typedKey<ZSet>(c, argv[1]!, "zset", true);
  if (z === undefined) return;
  const w = c.w;
  w.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === null ? undefined : z.score(argv[j]!);
    if (score === undefined) {
      w.nullArray();
      continue;
    }
    decodeScore(score);
    w.arrayHeader(2);
    w.double(formatHumanCoord(decoded.lon));
    w.double(formatHumanCoord(decoded.lat));
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = extractUnit(c, argv[4]!);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    return err(c, E.SYNTAX);
  }
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.nullBulk();
  if (typeof v !== "object" || v.type !== "zset") return err(c, E.WRONGTYPE);
  const z = v as ZSet;
  const s1 = z.score(argv[2]!);
  const s2 = z.score(argv[3]!);
  if (s1 === undefined || s2 === undefined) return c.w.nullBulk();
  decodeScore(s1);
  const lon1 = decoded.lon;
  const lat1 = decoded.lat;
  decodeScore(s2);
  c.w.bulk(formatDistance(geoDistance(lon1, lat1, decoded.lon, decoded.lat) / toMeter));
}

// --- key specs -----------------------------------------------------------------

/** georadiusGetKeys: the source key, plus the last STORE/STOREDIST key (scanning from argv[5]). */
function georadiusKeys(argv: readonly string[]): number[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    const a = argv[i]!;
    if ((is(a, "STORE") || is(a, "STOREDIST")) && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  return stored === -1 ? [1] : [1, stored];
}

export const geoCommands: CommandDef[] = [
  { name: "geoadd", arity: -5, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: geoadd },
  { name: "geodist", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: geodist },
  { name: "geohash", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: geohash },
  { name: "geopos", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: geopos },
  {
    name: "georadius",
    arity: -6,
    flags: ["write", "denyoom", "movablekeys"],
    keys: [1, 1, 1],
    getKeys: georadiusKeys,
    handler: georadius,
  },
  { name: "georadius_ro", arity: -6, flags: ["readonly"], keys: [1, 1, 1], handler: georadiusRo },
  {
    name: "georadiusbymember",
    arity: -5,
    flags: ["write", "denyoom", "movablekeys"],
    keys: [1, 1, 1],
    getKeys: georadiusKeys,
    handler: georadiusbymember,
  },
  { name: "georadiusbymember_ro", arity: -5, flags: ["readonly"], keys: [1, 1, 1], handler: georadiusbymemberRo },
  { name: "geosearch", arity: -7, flags: ["readonly"], keys: [1, 1, 1], handler: geosearch },
  { name: "geosearchstore", arity: -8, flags: ["write", "denyoom"], keys: [1, 2, 1], handler: geosearchstore },
];
