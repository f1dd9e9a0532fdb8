// MEMORY USAGE / STATS / DOCTOR / PURGE / MALLOC-STATS / HELP.
//
// Sizes are estimates of what the JS engine holds for a key, from the
// representation redbun uses: a latin1 string costs a string cell plus its
// bytes, a safe integer lives inline in its slot, and each Map/Set entry has
// a fixed overhead. Nested values are sampled as Redis does (SAMPLES n, 5 by
// default, 0 = all) and the average extrapolated.

import type { Client } from "../client.ts";
import { heapStats } from "bun:jsc";
import type { Hash } from "../store/hash.ts";
import { CHUNK, type ListValue } from "../store/list.ts";
import { pkHeapBytes } from "../store/packed.ts";
import type { RSet } from "../store/set.ts";
import type { ZSet } from "../store/zset.ts";
import type { StreamValue } from "../store/stream.ts";
import { RawString, type Value } from "../store/types.ts";
import { err, intArg, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";
import { replyHelp } from "./server.ts";

/** A JSC string: a 16-byte cell plus a 24-byte StringImpl header and its bytes, 8-aligned. */
const strBytes = (s: string) => 40 + ((s.length + 7) & ~7);
const elemBytes = (e: string | number) => (typeof e === "number" ? 0 : strBytes(e));
/** One Map/Set entry: the key and value slots plus the table's share. */
const ENTRY = 48;

/** Averages `bytesOf` over up to `samples` elements (0 = all) and scales to `size`. */
function sampled<T>(items: Iterable<T>, size: number, samples: number, bytesOf: (e: T) => number): number {
  if (size === 0) return 0;
  let n = 0;
  let sum = 0;
  for (const e of items) {
    sum += bytesOf(e);
    if (++n === samples) break;
  }
  return n === 0 ? 0 : Math.round((sum / n) * size);
}

export function valueBytes(v: Value, samples: number): number {
  if (typeof v === "number") return 8;
  if (typeof v === "string") return strBytes(v);
  if (v instanceof RawString) return 16 + 40 + ((v.length + 7) & ~7); // length only: never materialise a big bitmap
  switch (v.type) {
    case "list": {
      const l = v as ListValue;
      const n = l.length;
      const pick = function* () {
        const step = samples === 0 ? 1 : Math.max(1, Math.floor(n / samples));
        for (let i = 0; i < n; i += step) yield l.at(i);
      };
      // Elements in array chunks: an 8-byte slot and a string each; packed
      // chunks (big lists): their bytes and the typed array's cells.
      const packed = l.packedStats();
      const inArrays = n - packed.elements;
      return 64 + inArrays * 8 + sampled(pick(), inArrays, samples, strBytes) + packed.bytes + (packed.elements / CHUNK) * 64;
    }
    case "hash": {
      const h = v as Hash;
      // Small hashes and sets are one packed byte array (store/packed.ts).
      if (h.packed !== null) return 64 + pkHeapBytes(h.packed);
      return 64 + sampled(h.entries(), h.size, samples, ([f, x]) => ENTRY + elemBytes(f) + elemBytes(x));
    }
    case "set": {
      const s = v as RSet;
      if (s.packed !== null) return 64 + pkHeapBytes(s.packed);
      return 64 + sampled(s.elems(), s.size, samples, (e) => ENTRY + elemBytes(e));
    }
    case "zset": {
      const z = v as ZSet;
      // The tree's arrays (exact) + a dict entry and the member string per element (sampled).
      return 64 + z.tree.heapBytes() + sampled(z.dict.keys(), z.size, samples, (e) => ENTRY + strBytes(e));
    }
    case "stream": {
      // Per entry: its object (ID parts, flags, data array) plus its strings;
      // sampled from the first node's entries and scaled to the stream.
      const s = v as StreamValue;
      let n = 0;
      const entries = (function* () {
        for (const node of s.nodes) for (const e of node.entries) yield e;
      })();
      for (const node of s.nodes) n += node.entries.length;
      return 64 + s.nodes.length * 96 + sampled(entries, n, samples, (e) => 64 + 8 * e.data.length + e.data.reduce((a, d) => a + strBytes(d), 0));
    }
    default:
      return 64;
  }
}

function usage(c: Client, argv: string[]): void {
  let samples = 5;
  for (let i = 3; i < argv.length; i++) {
    if (is(argv[i]!, "SAMPLES") && i + 1 < argv.length) {
      const n = intArg(c, argv[++i]!);
      if (n === null) return;
      if (n < 0) return err(c, E.SYNTAX);
      samples = n;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const key = argv[2]!;
  const v = c.db.get(key);
  if (v === undefined) return c.w.nullBulk();
  c.w.int(ENTRY + strBytes(key) + valueBytes(v, samples));
}

function purge(c: Client): void {
  // The JS engine's equivalent of returning dirty pages: a full collection.
  Bun.gc(true);
  c.w.ok();
}

function stats(c: Client): void {
  const m = process.memoryUsage();
  const h = heapStats();
  let keys = 0;
  for (const db of c.server.dbs) keys += db.size;
  const dataset = Math.max(0, h.heapSize - STARTUP_HEAP);
  const fields: [string, number | string][] = [
    ["peak.allocated", Math.max(PEAK.v, (PEAK.v = Math.max(PEAK.v, m.heapUsed)))],
    ["total.allocated", h.heapSize + h.extraMemorySize],
    ["startup.allocated", STARTUP_HEAP],
    ["keys.count", keys],
    ["keys.bytes-per-key", keys === 0 ? 0 : Math.round(dataset / keys)],
    ["dataset.bytes", dataset],
    ["allocator.allocated", h.heapSize],
    ["allocator.active", h.heapCapacity],
    ["allocator.resident", m.rss],
    ["objects.count", h.objectCount],
  ];
  c.w.mapHeader(fields.length);
  for (const [k, v] of fields) {
    c.w.bulk(k);
    if (typeof v === "number") c.w.int(v);
    else c.w.bulk(v);
  }
}

const STARTUP_HEAP = heapStats().heapSize;
const PEAK = { v: 0 };

function doctor(c: Client): void {
  let keys = 0;
  for (const db of c.server.dbs) keys += db.size;
  if (process.memoryUsage().heapUsed < 5 * 1024 * 1024 && keys < 1000) {
    c.w.verbatim(
      "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n",
    );
  } else {
    c.w.verbatim("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n");
  }
}

const HELP = [
  "DOCTOR",
  "    Return memory problems reports.",
  "MALLOC-STATS",
  "    Return internal statistics report from the memory allocator.",
  "PURGE",
  "    Attempt to purge dirty pages for reclamation by the allocator.",
  "STATS",
  "    Return information about the memory usage of the server.",
  "USAGE <key> [SAMPLES <count>]",
  "    Return memory in bytes used by <key> and its value. Nested values are",
  "    sampled up to <count> times (default: 5, 0 means sample all).",
];

export const memoryCommands: CommandDef[] = [
  {
    name: "memory",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "usage", arity: -3, flags: ["readonly"], keys: [2, 2, 1], handler: usage },
      { name: "purge", arity: 2, flags: [], handler: purge },
      { name: "stats", arity: 2, flags: [], handler: stats },
      { name: "doctor", arity: 2, flags: [], handler: doctor },
      { name: "malloc-stats", arity: 2, flags: [], handler: (c) => c.w.verbatim("Stats not supported for the current allocator\n") },
      {
        name: "help",
        arity: 2,
        flags: ["loading", "stale"],
        handler: (c) => replyHelp(c, "MEMORY", HELP),
      },
    ],
  },
];
