import { describe, expect, test } from "bun:test";
import {
  areasByShape,
  boxScoreRange,
  CIRCULAR_TYPE,
  decoded,
  decodeScore,
  encodeScore,
  estimateStepsByRadius,
  formatDistance,
  formatFixed,
  formatFixedpoint,
  formatHumanCoord,
  geoDistance,
  geohashString,
  newShape,
  RECTANGLE_TYPE,
  scoreString,
  validLonLat,
} from "../../src/util/geohash.ts";
import { pqsort } from "../../src/commands/geo.ts";

// The tables below were recorded from redis-server 7.0.15: GEOADD then
// ZSCORE / GEOPOS / GEOHASH / GEODIST, and the text of GEOADD's
// "invalid longitude,latitude pair" error.

// [lon, lat, ZSCORE, GEOPOS lon, GEOPOS lat, GEOHASH]
const POSITIONS: [string, string, number, string, string, string][] = [
  ["13.361389", "38.115556", 3479099956230698, "13.36138933897018433", "38.11555639549629859", "sqc8b49rny0"],
  ["15.087269", "37.502669", 3479447370796909, "15.08726745843887329", "37.50266842333162032", "sqdtr74hyu0"],
  ["0", "0", 3377699720527872, "0.00000268220901489", "0.00000126736058093", "s0000000000"],
  ["180", "85.05112878", 13510798882111488, "180", "85.0511287799999991", "bp05b5048p0"],
  ["-180", "-85.05112878", 0, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"],
  ["179.99999", "0", 4128299658422952, "179.99999195337295532", "0.00000126736058093", "xbpbpbpbpb0"],
  ["-179.99999", "0", 1125899906842626, "-179.99999195337295532", "0.00000126736058093", "80000000000"],
  ["-0.1278", "51.5074", 2163557714755072, "-0.12779921293258667", "51.50740077990133159", "gcpvj0duq50"],
  ["139.6917", "35.6895", 4171231230197045, "139.69170123338699341", "35.68950126697937009", "xn774c06kt0"],
  ["-74.006", "40.7128", 1791873974549446, "-74.0060010552406311", "40.71279898695150479", "dr5regw3pp0"],
  ["151.2093", "-33.8688", 3252046221964352, "151.20929986238479614", "-33.86880091934155956", "r3gx2f77bj0"],
  ["-58.3816", "-34.6037", 887133777343301, "-58.38160246610641479", "-34.60370022923218158", "69y7pkxff40"],
  ["0", "85.05112878", 6755399441055744, "0.00000268220901489", "85.0511287799999991", "up05b5048p0"],
  ["0", "-85.05112878", 2251799813685248, "0.00000268220901489", "-85.05112751263942528", "h0bh0hbj200"],
  ["180", "0", 10133099161583616, "180", "0.00000126736058093", "80000000000"],
  ["-180", "0", 1125899906842624, "-179.99999731779098511", "0.00000126736058093", "80000000000"],
  ["1e-300", "-1e-300", 3377699720527872, "0.00000268220901489", "0.00000126736058093", "s0000000000"],
  ["45.123456789012345", "-12.987654321098765", 2749884813998137, "45.12345939874649048", "-12.98765394625511505", "mj8n4g9vkv0"],
];

// [index a, index b (into POSITIONS), unit, GEODIST]
const DISTANCES: [number, number, string, string][] = [
  [0, 1, "m", "166274.1516"],
  [0, 1, "km", "166.2742"],
  [0, 1, "mi", "103.3182"],
  [0, 1, "ft", "545518.8700"],
  [2, 3, "m", "10560811.4940"],
  [2, 3, "ft", "34648331.6733"],
  [3, 4, "m", "18919844.5891"],
  [3, 4, "mi", "11756.2756"],
  [5, 6, "m", "1.7900"],
  [5, 6, "km", "0.0018"],
  [5, 6, "ft", "5.8727"],
  [7, 8, "m", "9561410.4743"],
  [7, 8, "ft", "31369456.9365"],
  [9, 10, "km", "15993.2666"],
  [10, 11, "mi", "7334.9296"],
  [12, 13, "m", "18919844.5891"],
  [14, 15, "m", "0.2983"],
  [14, 15, "km", "0.0003"],
  [14, 15, "ft", "0.9788"],
  [2, 2, "m", "0.0000"],
  [0, 17, "m", "6576688.8747"],
  [0, 17, "ft", "21577063.2373"],
  [16, 2, "km", "0.0000"],
];

const TO_METERS: Record<string, number> = { m: 1, km: 1000, mi: 1609.34, ft: 0.3048 };

// [lon, lat, the "%f,%f" part of "ERR invalid longitude,latitude pair ..."]
const INVALID: [number, number, string][] = [
  [200, 100, "200.000000,100.000000"],
  [-180.0000001, 0, "-180.000000,0.000000"],
  [0, 85.0511288, "0.000000,85.051129"],
  [Infinity, -Infinity, "inf,-inf"],
  [-0.00000049, 1234.5678905, "-0.000000,1234.567890"],
  [0.0000005, -90, "0.000000,-90.000000"],
  [1.0000005, 95.9999995, "1.000001,96.000000"],
  [2.5e-7, 100, "0.000000,100.000000"],
  [0.0078125, 100, "0.007812,100.000000"], // an exact tie: to even
  [-0.0234375, 100, "-0.023438,100.000000"],
  [1.5000005, 100, "1.500001,100.000000"],
];

describe("encoding and decoding (recorded from Redis)", () => {
  test("GEOADD scores", () => {
    for (const [lon, lat, score] of POSITIONS) {
      expect(validLonLat(Number(lon), Number(lat))).toBe(true);
      expect(encodeScore(Number(lon), Number(lat))).toBe(score);
      // The decimal integer ZADD receives parses to the same score.
      expect(Number(scoreString(Number(lon), Number(lat)))).toBe(score);
    }
  });

  test("the longitude 180 overflows the 26 bits: the exact integer is passed on", () => {
    // 2^26 on the odd bits is bit 53: ZADD receives the exact (odd) integer,
    // the stored double is its rounding.
    expect(scoreString(180, 85.05112878)).toBe("13510798882111488");
    expect(scoreString(180, 38.1)).toBe("10225531442515989");
    expect(encodeScore(180, 38.1)).toBe(10225531442515988);
    expect(Number(scoreString(180, 38.1))).toBe(encodeScore(180, 38.1));
  });

  test("GEOPOS: decoded cell centers, printed like addReplyHumanLongDouble", () => {
    for (const [, , score, lon, lat] of POSITIONS) {
      decodeScore(score);
      expect(formatHumanCoord(decoded.lon)).toBe(lon);
      expect(formatHumanCoord(decoded.lat)).toBe(lat);
    }
  });

  test("GEOHASH strings", () => {
    for (const [, , score, , , hash] of POSITIONS) expect(geohashString(score)).toBe(hash);
  });

  test("scores GEOADD never writes decode as Redis's (uint64_t) cast does", () => {
    // [score, GEOPOS lon, GEOPOS lat, GEOHASH] from ZADD + GEOPOS/GEOHASH.
    const cases: [number, string, string, string][] = [
      [-1, "180", "85.0511287799999991", "bp05b5048p0"],
      [1e30, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"],
      [Infinity, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"],
      [-Infinity, "180", "-85.05112751263942528", "00bh0hbj200"],
      [1.5, "-179.99999731779098511", "-85.05112497791824921", "00bh0hbj210"],
      [9007199254740993, "180", "-85.05112751263942528", "00bh0hbj200"],
      [9223372036854775808, "180", "-85.05112751263942528", "00bh0hbj200"],
      [-9223372036854775808, "180", "-85.05112751263942528", "00bh0hbj200"],
      [123456789.75, "-179.97304648160934448", "-85.01108145304303321", "00bh2s5ws10"],
    ];
    for (const [score, lon, lat, hash] of cases) {
      decodeScore(score);
      expect([formatHumanCoord(decoded.lon), formatHumanCoord(decoded.lat)]).toEqual([lon, lat]);
      expect(geohashString(score)).toBe(hash);
    }
  });

  test("decoding lands within half a cell of the encoded position", () => {
    const cellLon = 360 / 2 ** 26;
    const cellLat = (2 * 85.05112878) / 2 ** 26;
    for (let i = 0; i < 2000; i++) {
      const lon = Math.random() * 360 - 180;
      const lat = Math.random() * 170.1 - 85.05;
      decodeScore(encodeScore(lon, lat));
      expect(Math.abs(decoded.lon - lon)).toBeLessThanOrEqual(cellLon / 2 + 1e-9);
      expect(Math.abs(decoded.lat - lat)).toBeLessThanOrEqual(cellLat / 2 + 1e-9);
    }
  });

  test("validLonLat bounds", () => {
    expect(validLonLat(-180, -85.05112878)).toBe(true);
    expect(validLonLat(180, 85.05112878)).toBe(true);
    expect(validLonLat(180.0000001, 0)).toBe(false);
    expect(validLonLat(0, -85.0511288)).toBe(false);
    expect(validLonLat(NaN, 0)).toBe(true); // NaN compares false: Redis never passes one (parsing rejects it)
  });
});

describe("distances and their text (recorded from Redis)", () => {
  test("GEODIST", () => {
    for (const [a, b, unit, text] of DISTANCES) {
      decodeScore(POSITIONS[a]![2]);
      const lon1 = decoded.lon;
      const lat1 = decoded.lat;
      decodeScore(POSITIONS[b]![2]);
      expect(formatDistance(geoDistance(lon1, lat1, decoded.lon, decoded.lat) / TO_METERS[unit]!)).toBe(text);
    }
  });

  test("4 decimals by fixed-point rounding, not %.4f", () => {
    // GEODIST ... ft of these pairs in Redis: the product d * 10^4 rounds
    // before the integer rounding, which "%.4f" would round the other way.
    const pairs: [number, number, number, number, string][] = [
      [156.0631, 61.4159, 129.2893, -71.4359, "48950386.5660"],
      [154.2216, -66.4153, 137.7825, 62.1957, "47137112.8980"],
      [142.9855, 67.9013, 167.0431, 36.2624, "12556493.4032"],
    ];
    for (const [lo1, la1, lo2, la2, text] of pairs) {
      decodeScore(encodeScore(lo1, la1));
      const x = decoded.lon;
      const y = decoded.lat;
      decodeScore(encodeScore(lo2, la2));
      const d = geoDistance(x, y, decoded.lon, decoded.lat) / 0.3048;
      expect(formatDistance(d)).toBe(text);
      expect(formatFixed(d, 4)).not.toBe(text);
    }
    expect(formatFixedpoint(0, 4)).toBe("0.0000");
    expect(formatFixedpoint(0.00005, 4)).toBe("0.0000"); // 0.5 after scaling: to even
    expect(formatFixedpoint(0.00015, 4)).toBe("0.0001"); // 1.4999999999999998 after scaling
    expect(formatFixedpoint(12.5, 4)).toBe("12.5000");
    expect(formatFixedpoint(1234567.89, 2)).toBe("1234567.89");
  });

  test("the meridian shortcut (equal longitudes) and the haversine", () => {
    // Along a meridian the distance is R * |dlat| in radians.
    const R = 6372797.560856;
    expect(geoDistance(10, 0, 10, 1)).toBe(R * Math.abs((1 * Math.PI) / 180 - 0));
    expect(geoDistance(10, 20, 10, 20)).toBe(0);
    // Symmetric, and a quarter of the circumference from the equator to the pole.
    expect(geoDistance(1, 2, 30, 40)).toBe(geoDistance(30, 40, 1, 2));
    expect(geoDistance(0, 0, 90, 0)).toBeCloseTo((Math.PI / 2) * R, 3);
  });

  test('"%f" text of the invalid coordinates error', () => {
    for (const [lon, lat, text] of INVALID) {
      expect(validLonLat(lon, lat)).toBe(false);
      expect(`${formatFixed(lon, 6)},${formatFixed(lat, 6)}`).toBe(text);
    }
    expect(formatFixed(1e300, 6)).toBe(
      "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000",
    );
    expect(formatFixed(-0, 6)).toBe("-0.000000");
  });

  test("human long double text: trailing zeros trimmed, -0 is 0", () => {
    expect(formatHumanCoord(180)).toBe("180");
    expect(formatHumanCoord(-0)).toBe("0");
    expect(formatHumanCoord(0.5)).toBe("0.5");
    expect(formatHumanCoord(-1e-18)).toBe("0");
    expect(formatHumanCoord(85.05112878)).toBe("85.0511287799999991");
  });
});

describe("search areas", () => {
  test("estimateStepsByRadius", () => {
    expect(estimateStepsByRadius(0, 0)).toBe(26);
    expect(estimateStepsByRadius(Infinity, 0)).toBe(1);
    expect(estimateStepsByRadius(1e9, 0)).toBe(1);
    // Never more precise for a bigger radius, one step less past 66 and 80 degrees.
    let prev = 27;
    for (let r = 1; r < 3e7; r *= 1.7) {
      const s = estimateStepsByRadius(r, 0);
      expect(s).toBeLessThanOrEqual(prev);
      expect(s).toBeGreaterThanOrEqual(1);
      prev = s;
      if (s > 2) {
        expect(estimateStepsByRadius(r, 70)).toBe(s - 1);
        expect(estimateStepsByRadius(r, -81)).toBe(s - 2);
      }
    }
  });

  test("the center box's score range holds the center's score", () => {
    const range = [0, 0];
    for (let i = 0; i < 300; i++) {
      const shape = newShape();
      shape.type = i % 2 ? CIRCULAR_TYPE : RECTANGLE_TYPE;
      shape.lon = Math.random() * 358 - 179;
      shape.lat = Math.random() * 160 - 80;
      shape.conversion = 1;
      shape.radius = shape.width = shape.height = 10 ** (1 + Math.random() * 5);
      const boxes = areasByShape(shape);
      expect(boxes.length).toBe(9);
      const score = encodeScore(shape.lon, shape.lat);
      boxScoreRange(boxes[0]!, range);
      expect(score).toBeGreaterThanOrEqual(range[0]!);
      expect(score).toBeLessThan(range[1]!);
      // Kept boxes have the center's step; dropped ones are zeroed.
      for (const b of boxes) expect(b.step === 0 ? b.bits : b.step).toBe(b.step === 0 ? 0n : boxes[0]!.step);
    }
  });
});

describe("pqsort (Redis's partial quicksort)", () => {
  const asc = (a: { d: number }, b: { d: number }) => (a.d > b.d ? 1 : a.d === b.d ? 0 : -1);

  test("orders the requested range, unstable on ties exactly like Redis", () => {
    // 13 members at one point, GEOSEARCH ... ASC COUNT 4: Redis replied
    // p12 p01 p02 p03.
    const arr = Array.from({ length: 13 }, (_, i) => ({ d: 0, i }));
    pqsort(arr, arr.length, asc, 0, 3);
    expect(arr.slice(0, 4).map((x) => x.i)).toEqual([12, 1, 2, 3]);
  });

  test("a mixed case recorded from Redis (COUNT 24 of 31)", () => {
    const ga: [string, number][] = [
      ["p27", 62.936889594165621], ["p0", 0.00012961620217823521], ["p1", 0.00012961620217823521],
      ["p12", 0.00012961620217823521], ["p13", 0.00012961620217823521], ["p14", 0.00012961620217823521],
      ["p22", 0.00012961620217823521], ["p26", 0.00012961620217823521], ["p29", 0.00012961620217823521],
      ["p30", 0.00012961620217823521], ["p4", 0.00012961620217823521], ["p7", 0.00012961620217823521],
      ["p9", 0.00012961620217823521], ["p11", 11.406960961495425], ["p15", 26.594738061949911],
      ["p8", 43.847404971873566], ["p17", 43.823754254839344], ["p18", 43.823754254839344],
      ["p20", 43.823754254839344], ["p23", 43.823754254839344], ["p25", 43.823754254839344],
      ["p3", 43.823754254839344], ["p31", 43.823754254839344], ["p5", 43.823754254839344],
      ["p21", 51.877020307618864], ["p2", 110.36511685765309], ["p16", 104.48544408266403],
      ["p24", 111.27733983717725], ["p10", 121.9027825610833], ["p19", 121.13439380749189],
      ["p6", 97.265563454042749],
    ];
    const arr = ga.map(([m, d]) => ({ m, d }));
    pqsort(arr, arr.length, asc, 0, 23);
    expect(arr.slice(0, 24).map((x) => x.m).join(" ")).toBe(
      "p7 p0 p1 p12 p13 p14 p22 p26 p29 p30 p4 p9 p11 p15 p5 p3 p31 p17 p18 p20 p23 p25 p8 p21",
    );
  });

  test("the first k are the k smallest, in order, for random inputs", () => {
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(Math.random() * 120);
      const k = 1 + Math.floor(Math.random() * n);
      const arr = Array.from({ length: n }, () => ({ d: Math.floor(Math.random() * 20) }));
      const sorted = arr.map((x) => x.d).sort((a, b) => a - b);
      pqsort(arr, n, asc, 0, k - 1);
      expect(arr.slice(0, k).map((x) => x.d)).toEqual(sorted.slice(0, k));
    }
  });
});
