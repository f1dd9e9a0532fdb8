// Geohash encoding, decoding, neighbour boxes and distances, a port of Redis
// 7.0's geohash.c and geohash_helper.c (with the helpers of geo.c that only
// compute), operation for operation so that every double comes out bit for
// bit as in Redis: scores, decoded coordinates, bounding boxes, distances.
//
// A position is stored as a 52-bit score: latitude and longitude are each
// scaled to 26 bits over their range ([-85.05112878, 85.05112878] and
// [-180, 180]) and interleaved, latitude on the even bits, longitude on the
// odd ones. 64-bit values are handled as two unsigned 32-bit halves in hot
// paths (GEOADD, decoding a member), and as BigInt where a query is set up
// (neighbour boxes, score ranges: a handful of operations per query).
//
// Redis 7.0.15 (the reference) already has the later geohash_helper.c
// distance code: geohashGetDistance takes a shortcut along meridians
// (geohashGetLatDistance) and BYBOX checks the latitude first; distances
// are printed by fixedpoint_d2string, not "%.4f". Both are reproduced here
// (they change the last bits of distances and some 4th decimals).
//
// The trigonometric functions are the C library's (JavaScriptCore calls
// libm's sin/cos/asin), which is what Redis links against.

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

const TWO32 = 4294967296;

function degRad(ang: number): number {
  return ang * D_R;
}
function radDeg(ang: number): number {
  return ang / D_R;
}

// --- bit interleaving ------------------------------------------------------

/** Spreads the 16 low bits of v onto the even bits of a 32-bit word. */
function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Gathers the even bits of a 32-bit word into 16 bits. */
function gather16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

// interleave64() results (the two halves of the 64-bit value).
let ilHi = 0;
let ilLo = 0;

/** interleave64(x, y): x's bits on the even positions, y's on the odd (uint32 inputs). */
function interleave64(x: number, y: number): void {
  ilLo = (spread16(x) | (spread16(y) << 1)) >>> 0;
  ilHi = (spread16(x >>> 16) | (spread16(y >>> 16) << 1)) >>> 0;
}

// --- areas -------------------------------------------------------------------

/** A decoded cell (GeoHashArea without its hash). */
export interface GeoArea {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

export function newArea(): GeoArea {
  return { latMin: 0, latMax: 0, lonMin: 0, lonMax: 0 };
}

/**
 * geohashDecode over the WGS84 ranges, for the 64-bit hash (hi, lo) at a
 * step: the cell's bounds. (ilato + 1 wraps at 2^32, as in C.)
 */
function decodeArea(hi: number, lo: number, step: number, out: GeoArea): void {
  const ilato = ((gather16(hi) << 16) | gather16(lo)) >>> 0;
  const ilono = ((gather16(hi >>> 1) << 16) | gather16(lo >>> 1)) >>> 0;
  const div = 2 ** step;
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const lonScale = GEO_LONG_MAX - GEO_LONG_MIN;
  out.latMin = GEO_LAT_MIN + (ilato / div) * latScale;
  out.latMax = GEO_LAT_MIN + (((ilato + 1) >>> 0) / div) * latScale;
  out.lonMin = GEO_LONG_MIN + (ilono / div) * lonScale;
  out.lonMax = GEO_LONG_MIN + (((ilono + 1) >>> 0) / div) * lonScale;
}

// --- scores ------------------------------------------------------------------

// (uint64_t)score results.
let u64Hi = 0;
let u64Lo = 0;

const TWO63 = 2 ** 63;

/**
 * `(uint64_t)d` as gcc compiles it on x86-64 (values past the range are
 * undefined in C; this is what the generated code does): below 2^63 a
 * truncating signed conversion, whose out-of-range result is
 * 0x8000000000000000; from 2^63 the same on d - 2^63 with the top bit flipped.
 */
function scoreToU64(d: number): void {
  if (d >= 0 && d < 2 ** 53 && d === Math.floor(d)) {
    u64Hi = Math.floor(d / TWO32);
    u64Lo = d % TWO32;
    return;
  }
  let v: bigint;
  if (d >= TWO63) {
    const t = d - TWO63;
    v = t >= TWO63 ? 0n : BigInt(Math.trunc(t)) ^ (1n << 63n);
  } else if (!(d > -TWO63)) {
    v = 1n << 63n;
  } else {
    v = BigInt.asUintN(64, BigInt(Math.trunc(d)));
  }
  u64Hi = Number(v >> 32n);
  u64Lo = Number(v & 0xffffffffn);
}

/** decodeGeohash results. */
export const decoded = { lon: 0, lat: 0 };
const scratchArea = newArea();

/**
 * Redis's decodeGeohash(score, xy): the center of the step-26 cell the
 * score names, clamped to the valid ranges, into `decoded`. (It cannot fail
 * in Redis 7.0: the hash is never zero with a step of 26.)
 */
export function decodeScore(score: number): void {
  scoreToU64(score);
  decodeArea(u64Hi, u64Lo, GEO_STEP_MAX, scratchArea);
  let x = (scratchArea.lonMin + scratchArea.lonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (scratchArea.latMin + scratchArea.latMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  decoded.lon = x;
  decoded.lat = y;
}

/** Is (lon, lat) within the indexable area (extractLongLatOrReply's check)? */
export function validLonLat(lon: number, lat: number): boolean {
  return !(lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX);
}

/**
 * geohashEncode over the given ranges at a step, into ilHi/ilLo; false when
 * out of range (the hash is then 0).
 */
function encodeRange(
  lonMin: number,
  lonMax: number,
  latMin: number,
  latMax: number,
  lon: number,
  lat: number,
  step: number,
): boolean {
  ilHi = 0;
  ilLo = 0;
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return false;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return false;
  let latOffset = (lat - latMin) / (latMax - latMin);
  let lonOffset = (lon - lonMin) / (lonMax - lonMin);
  const scale = 2 ** step;
  latOffset *= scale;
  lonOffset *= scale;
  // (uint32_t) of a double in [0, 2^32]: truncation (2^32 itself is out of
  // the steps used here).
  interleave64(latOffset >>> 0, lonOffset >>> 0);
  return true;
}

/**
 * The score GEOADD stores for a valid (lon, lat): the step-26 hash, as the
 * decimal integer ZADD receives would parse (exact below 2^53).
 */
export function encodeScore(lon: number, lat: number): number {
  encodeRange(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, lon, lat, GEO_STEP_MAX);
  return ilHi * TWO32 + ilLo;
}

/** The decimal form of a GEOADD score (what Redis passes on to ZADD and propagates). */
export function scoreString(lon: number, lat: number): string {
  encodeRange(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, lon, lat, GEO_STEP_MAX);
  if (ilHi < 0x200000) return String(ilHi * TWO32 + ilLo);
  return ((BigInt(ilHi) << 32n) | BigInt(ilLo)).toString();
}

const GEOALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

/**
 * GEOHASH's 11-character string for a stored score: the decoded position
 * re-encoded over the standard [-90, 90] latitude range, 10 base-32
 * characters from the 52 bits and a final '0'.
 */
export function geohashString(score: number): string {
  decodeScore(score);
  encodeRange(-180, 180, -90, 90, decoded.lon, decoded.lat, GEO_STEP_MAX);
  let s = "";
  for (let i = 0; i < 10; i++) {
    const shift = 52 - (i + 1) * 5;
    const idx = shift >= 32 ? (ilHi >>> (shift - 32)) & 0x1f : ((ilLo >>> shift) | (ilHi << (32 - shift))) & 0x1f;
    s += GEOALPHABET[idx];
  }
  return s + "0";
}

// --- distances ---------------------------------------------------------------

/**
 * geohashGetLatDistance: the distance along a meridian (the haversine
 * formula simplified for equal longitudes).
 */
export function geoLatDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/**
 * geohashGetDistance: haversine great-circle distance in meters (Redis 7.0.15
 * takes the meridian shortcut when the longitudes are practically equal).
 */
export function geoDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0) return geoLatDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// --- search shapes -----------------------------------------------------------

export const CIRCULAR_TYPE = 1;
export const RECTANGLE_TYPE = 2;

/** Redis's GeoShape: a circle or an axis-aligned box around (lon, lat). */
export interface GeoShape {
  type: number;
  lon: number;
  lat: number;
  /** Meters per unit of radius / width / height. */
  conversion: number;
  radius: number;
  width: number;
  height: number;
  /** geohashBoundingBox: min lon, min lat, max lon, max lat. */
  bounds: [number, number, number, number];
}

export function newShape(): GeoShape {
  return { type: 0, lon: 0, lat: 0, conversion: 0, radius: 0, width: 0, height: 0, bounds: [0, 0, 0, 0] };
}

/** Distance from the shape's center when (lon, lat) is inside it (geoWithinShape), else -1. */
export function distanceIfWithin(shape: GeoShape, lon: number, lat: number): number {
  if (shape.type === CIRCULAR_TYPE) {
    const d = geoDistance(shape.lon, shape.lat, lon, lat);
    return d > shape.radius * shape.conversion ? -1 : d;
  }
  // geohashGetDistanceIfInRectangle: the latitude condition first (cheaper).
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (geoLatDistance(lat, shape.lat) > heightM / 2) return -1;
  if (geoDistance(lon, lat, shape.lon, lat) > widthM / 2) return -1;
  return geoDistance(shape.lon, shape.lat, lon, lat);
}

/** geohashEstimateStepsByRadius. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2; // make sure range is included in most of the base cases
  // Wider range towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: fills shape.bounds. */
export function boundingBox(shape: GeoShape): void {
  const lon = shape.lon;
  const lat = shape.lat;
  const circle = shape.type === CIRCULAR_TYPE;
  const height = shape.conversion * (circle ? shape.radius : shape.height / 2);
  const width = shape.conversion * (circle ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat - latDelta)));
  const southern = lat < 0;
  const b = shape.bounds;
  b[0] = southern ? lon - lonDeltaBottom : lon - lonDeltaTop;
  b[2] = southern ? lon + lonDeltaBottom : lon + lonDeltaTop;
  b[1] = lat - latDelta;
  b[3] = lat + latDelta;
}

/** A geohash of some step (GeoHashBits); step 0 with bits 0 is a zeroed (skipped) box. */
export interface HashBits {
  bits: bigint;
  step: number;
}

const MASK64 = (1n << 64n) - 1n;
const EVEN64 = 0x5555555555555555n;
const ODD64 = 0xaaaaaaaaaaaaaaaan;

/** geohash_move_x: one cell east (d > 0) or west, wrapping around. */
function moveX(h: HashBits, d: number): void {
  let x = h.bits & ODD64;
  const y = h.bits & EVEN64;
  const sh = BigInt(64 - h.step * 2);
  const zz = EVEN64 >> sh;
  if (d > 0) x = (x + (zz + 1n)) & MASK64;
  else {
    x = x | zz;
    x = (x - (zz + 1n)) & MASK64;
  }
  x &= ODD64 >> sh;
  h.bits = x | y;
}

/** geohash_move_y: one cell north (d > 0) or south, wrapping around. */
function moveY(h: HashBits, d: number): void {
  const x = h.bits & ODD64;
  let y = h.bits & EVEN64;
  const sh = BigInt(64 - h.step * 2);
  const zz = ODD64 >> sh;
  if (d > 0) y = (y + (zz + 1n)) & MASK64;
  else {
    y = y | zz;
    y = (y - (zz + 1n)) & MASK64;
  }
  y &= EVEN64 >> sh;
  h.bits = x | y;
}

function areaOf(h: HashBits, out: GeoArea): void {
  decodeArea(Number(h.bits >> 32n), Number(h.bits & 0xffffffffn), h.step, out);
}

function encodeWGS84(lon: number, lat: number, step: number): HashBits {
  encodeRange(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, lon, lat, step);
  return { bits: (BigInt(ilHi) << 32n) | BigInt(ilLo), step };
}

/** The 9 boxes of a search, in Redis's scan order: center, N, S, E, W, NE, NW, SE, SW. */
function neighbourBoxes(h: HashBits): HashBits[] {
  const mk = (dx: number, dy: number): HashBits => {
    const n = { bits: h.bits, step: h.step };
    if (dx !== 0) moveX(n, dx);
    if (dy !== 0) moveY(n, dy);
    return n;
  };
  return [
    { bits: h.bits, step: h.step },
    mk(0, 1), // north
    mk(0, -1), // south
    mk(1, 0), // east
    mk(-1, 0), // west
    mk(1, 1), // north east
    mk(-1, 1), // north west
    mk(1, -1), // south east
    mk(-1, -1), // south west
  ];
}

function zero(h: HashBits): void {
  h.bits = 0n;
  h.step = 0;
}

/**
 * geohashCalculateAreasByShapeWGS84: the center box and its 8 neighbours
 * (zeroed when useless) covering the shape, in membersOfAllNeighbors' order.
 * Also fills shape.bounds.
 */
export function areasByShape(shape: GeoShape): HashBits[] {
  boundingBox(shape);
  const [minLon, minLat, maxLon, maxLat] = shape.bounds;
  const lon = shape.lon;
  const lat = shape.lat;
  let radiusMeters =
    shape.type === CIRCULAR_TYPE
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;

  let steps = estimateStepsByRadius(radiusMeters, lat);
  let hash = encodeWGS84(lon, lat, steps);
  let boxes = neighbourBoxes(hash);
  const area = newArea();
  areaOf(hash, area);

  // Is the step small enough at the limits of the covered area?
  let decreaseStep = false;
  {
    const north = newArea();
    const south = newArea();
    const east = newArea();
    const west = newArea();
    areaOf(boxes[1]!, north);
    areaOf(boxes[2]!, south);
    areaOf(boxes[3]!, east);
    areaOf(boxes[4]!, west);
    if (north.latMax < maxLat) decreaseStep = true;
    if (south.latMin > minLat) decreaseStep = true;
    if (east.lonMax < maxLon) decreaseStep = true;
    if (west.lonMin > minLon) decreaseStep = true;
  }
  if (steps > 1 && decreaseStep) {
    steps--;
    hash = encodeWGS84(lon, lat, steps);
    boxes = neighbourBoxes(hash);
    areaOf(hash, area);
  }

  // Exclude the search areas that are useless.
  if (steps >= 2) {
    const [, n, s, e, w, ne, nw, se, sw] = boxes as [HashBits, HashBits, HashBits, HashBits, HashBits, HashBits, HashBits, HashBits, HashBits];
    if (area.latMin < minLat) {
      zero(s);
      zero(sw);
      zero(se);
    }
    if (area.latMax > maxLat) {
      zero(n);
      zero(ne);
      zero(nw);
    }
    if (area.lonMin < minLon) {
      zero(w);
      zero(sw);
      zero(nw);
    }
    if (area.lonMax > maxLon) {
      zero(e);
      zero(se);
      zero(ne);
    }
  }
  return boxes;
}

/** geohashAlign52Bits as the double the score range uses ((double) of a uint64). */
function align52(bits: bigint, step: number): number {
  return Number(BigInt.asUintN(64, bits << BigInt(52 - step * 2)));
}

/**
 * scoresOfGeoHashBox: the [min, max) score range of a box, into out[0..1].
 */
export function boxScoreRange(h: HashBits, out: number[]): void {
  out[0] = align52(h.bits, h.step);
  out[1] = align52(BigInt.asUintN(64, h.bits + 1n), h.step);
}

// --- formatting --------------------------------------------------------------

/**
 * glibc's printf("%.<digits>f", x) for a double (exact decimal expansion,
 * ties to even; "inf", "-inf", "-nan"/"nan" as glibc prints them, "-0.0000").
 */
export function formatFixed(x: number, digits: number): string {
  if (x !== x) return "-nan"; // Redis only meets NaN produced by inf - inf, which is negative
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = neg ? -x : x;
  let s: string;
  if (a >= 1e21) {
    s = BigInt(a).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  } else {
    s = a.toFixed(digits);
    // toFixed breaks exact ties upwards, glibc to even. A tie needs
    // a * 10^digits to end in exactly .5, so a * 2^(digits+1) is an integer.
    const t = a * 2 ** (digits + 1);
    if (Number.isInteger(t)) {
      const v = BigInt(t) * 5n ** BigInt(digits); // = a * 10^digits * 2
      if (v & 1n) {
        let k = v >> 1n; // rounded down
        if (k & 1n) k += 1n;
        const ks = k.toString().padStart(digits + 1, "0");
        s = digits > 0 ? ks.slice(0, ks.length - digits) + "." + ks.slice(ks.length - digits) : ks;
      }
    }
  }
  return neg ? "-" + s : s;
}

/**
 * Redis's addReplyHumanLongDouble text for a double (ld2string LD_STR_HUMAN):
 * "%.17Lf" of the exact value, trailing zeros and '.' removed, "-0" -> "0".
 */
export function formatHumanCoord(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  let s = formatFixed(x, 17);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  s = s.slice(0, end);
  return s === "-0" ? "0" : s;
}

/** rint / llrint in the default rounding mode: to nearest, ties to even. */
function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Redis's fixedpoint_d2string(d, digits), what GEODIST and WITHDIST print
 * (Redis 7.0.15's addReplyDoubleDistance, digits = 4): the double product
 * d * 10^digits rounded to an integer (ties to even), then written with the
 * decimal point inserted; 0 is "0.0000". (Unlike "%.4f", the rounding
 * happens after the multiplication has rounded.)
 */
export function formatFixedpoint(d: number, digits: number): string {
  if (d === 0) return "0." + "0".repeat(digits);
  let v = rint(d * 10 ** digits);
  let neg = "";
  if (v < 0) {
    neg = "-";
    v = -v;
  }
  let s = v < 2 ** 53 ? String(v) : BigInt(v).toString();
  if (s.length <= digits) s = "0".repeat(digits + 1 - s.length) + s;
  return neg + s.slice(0, s.length - digits) + "." + s.slice(s.length - digits);
}

/** GEODIST / WITHDIST: 4 decimals (fixedpoint_d2string). */
export function formatDistance(d: number): string {
  return formatFixedpoint(d, 4);
}
