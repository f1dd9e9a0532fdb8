#!/usr/bin/env bun
// Snapshots Redis's own command metadata (COMMAND INFO + COMMAND DOCS) into
// src/commands/redis-meta.json, so redbun can answer COMMAND / COMMAND INFO /
// COMMAND DOCS byte-for-byte like the reference Redis (7.0.15).
//
//   bun run scripts/gen-command-meta.ts          # starts a temporary redis-server
//   bun run scripts/gen-command-meta.ts 6379     # uses a running server on that port
//
// Both protocols are fetched: the RESP3 reply tells maps, sets and arrays
// apart; the RESP2 reply tells which kind of null ($-1 or *-1) was sent. The
// stored data is then re-encoded through src/commands/meta.ts and compared
// with the bytes Redis sent, in both protocols, for every command: the script
// fails rather than write a file that does not round-trip.
//
// Strings are "binary strings" (one char per byte, latin1), like everywhere in
// redbun.
//
// The RESP client, the byte-level comparison helpers and the canonical
// ordering used below are exported for test/unit/meta.test.ts.

import { join } from "node:path";

import { parseResp, RespClient, startRedis, type Resp } from "../test/helpers/resp-client.ts";
export { parseResp, RespClient, startRedis, freePort, encodeCommand, type Resp, type RawReply, type TempRedis } from "../test/helpers/resp-client.ts";

// ---------------------------------------------------------------------------
// Canonical order
// ---------------------------------------------------------------------------
//
// Redis lists commands, and a container command's subcommands, in the order of
// its command dicts, which hash with a per-process random seed: the order of
// COMMAND, COMMAND DOCS, and of the subcommands inside COMMAND INFO config /
// COMMAND DOCS config changes every time redis-server starts. The snapshot
// stores subcommands sorted by name; to compare bytes with a live server, both
// sides are first put in that canonical order (reordering whole elements, so
// everything else stays byte-exact).

function bytesOf(src: Uint8Array, r: Resp): Buffer {
  return Buffer.from(src.subarray(r.start, r.end));
}

/** The header line bytes of an aggregate (everything before its first child). */
function headerOf(src: Uint8Array, r: Resp): Buffer {
  let first: number;
  if (r.t === "map" || r.t === "attr") first = r.v.length ? r.v[0]![0].start : r.end;
  else if (r.t === "array" || r.t === "set" || r.t === "push") first = r.v.length ? r.v[0]!.start : r.end;
  else throw new Error("not an aggregate");
  return Buffer.from(src.subarray(r.start, first));
}

function nameOf(r: Resp): string {
  if (r.t === "bulk" || r.t === "simple") return r.v;
  throw new Error(`expected a name, got ${r.t}`);
}

/** Key/value pairs of a RESP3 map or a RESP2 flat array standing for one. */
function pairsOf(r: Resp): [Resp, Resp][] {
  if (r.t === "map") return r.v;
  if (r.t === "array") {
    const out: [Resp, Resp][] = [];
    for (let i = 0; i + 1 < r.v.length; i += 2) out.push([r.v[i]!, r.v[i + 1]!]);
    return out;
  }
  throw new Error(`expected a map, got ${r.t}`);
}

/**
 * One COMMAND INFO entry ([name, arity, flags, first, last, step, acl, tips,
 * key specs, subcommands]) re-serialized with its subcommands sorted by name.
 */
export function canonicalInfoEntry(src: Uint8Array, e: Resp): Buffer {
  if (e.t !== "array") return bytesOf(src, e);
  const parts: Buffer[] = [headerOf(src, e)];
  e.v.forEach((child, i) => {
    if (i === 9 && child.t === "array") {
      const subs = child.v.map((s) => ({ name: nameOf((s as { v: Resp[] }).v[0]!), bytes: canonicalInfoEntry(src, s) }));
      subs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      parts.push(headerOf(src, child), ...subs.map((s) => s.bytes));
    } else {
      parts.push(bytesOf(src, child));
    }
  });
  return Buffer.concat(parts);
}

/** One command's docs map re-serialized with its "subcommands" map sorted by name. */
export function canonicalDocsEntry(src: Uint8Array, d: Resp): Buffer {
  if (d.t !== "map" && d.t !== "array") return bytesOf(src, d);
  const parts: Buffer[] = [headerOf(src, d)];
  for (const [k, v] of pairsOf(d)) {
    parts.push(bytesOf(src, k));
    if (nameOf(k) === "subcommands") {
      const subs = pairsOf(v).map(([sk, sv]) => ({
        name: nameOf(sk),
        bytes: Buffer.concat([bytesOf(src, sk), canonicalDocsEntry(src, sv)]),
      }));
      subs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      parts.push(headerOf(src, v), ...subs.map((s) => s.bytes));
    } else {
      parts.push(bytesOf(src, v));
    }
  }
  return Buffer.concat(parts);
}

/** A whole COMMAND INFO reply in canonical order (entries keep their reply order). */
export function canonicalInfoReply(src: Uint8Array, r: Resp): Buffer {
  if (r.t !== "array") return bytesOf(src, r);
  return Buffer.concat([headerOf(src, r), ...r.v.map((e) => canonicalInfoEntry(src, e))]);
}

/** A whole COMMAND DOCS reply (name → docs map) in canonical order (entries keep their order). */
export function canonicalDocsReply(src: Uint8Array, r: Resp): Buffer {
  if (r.t !== "map" && r.t !== "array") return bytesOf(src, r);
  const parts: Buffer[] = [headerOf(src, r)];
  for (const [k, v] of pairsOf(r)) parts.push(bytesOf(src, k), canonicalDocsEntry(src, v));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------
// A MetaWriter that produces bytes (used for verification here and in tests)
// ---------------------------------------------------------------------------

export class BytesWriter {
  private parts: string[] = [];
  constructor(public proto: 2 | 3) {}
  arrayHeader(n: number) {
    this.parts.push(`*${n}\r\n`);
  }
  mapHeader(n: number) {
    this.parts.push(this.proto === 3 ? `%${n}\r\n` : `*${n * 2}\r\n`);
  }
  setHeader(n: number) {
    this.parts.push(this.proto === 3 ? `~${n}\r\n` : `*${n}\r\n`);
  }
  simple(s: string) {
    this.parts.push(`+${s}\r\n`);
  }
  bulk(s: string) {
    this.parts.push(`$${s.length}\r\n${s}\r\n`);
  }
  int(n: number) {
    this.parts.push(`:${n}\r\n`);
  }
  nullBulk() {
    this.parts.push(this.proto === 3 ? "_\r\n" : "$-1\r\n");
  }
  nullArray() {
    this.parts.push(this.proto === 3 ? "_\r\n" : "*-1\r\n");
  }
  bytes(): Buffer {
    return Buffer.from(this.parts.join(""), "latin1");
  }
}

// ---------------------------------------------------------------------------
// Conversion of replies to stored nodes (format documented in src/commands/meta.ts)
// ---------------------------------------------------------------------------

/** Keys a plain-object map may not use (they tag the other object nodes). */
function plainKeyOk(k: string): boolean {
  return !k.startsWith("__") && !/^(0|[1-9][0-9]*)$/.test(k);
}

/**
 * Converts a RESP3 reply to a stored node, using the parallel RESP2 reply to
 * learn which kind of null RESP2 sends at each place.
 */
function toNode(r3: Resp, r2: Resp, path: string): unknown {
  const fail = (why: string): never => {
    throw new Error(`${path}: ${why} (resp3 ${r3.t}, resp2 ${r2.t})`);
  };
  switch (r3.t) {
    case "bulk":
      if (r2.t !== "bulk" || r2.v !== r3.v) fail("bulk mismatch");
      return r3.v;
    case "simple":
      if (r2.t !== "simple" || r2.v !== r3.v) fail("simple mismatch");
      return { __simple: r3.v };
    case "int":
      if (r2.t !== "int" || r2.v !== r3.v) fail("int mismatch");
      if (!Number.isSafeInteger(r3.v)) fail("unsafe integer");
      return r3.v;
    case "null":
      if (r2.t !== "null") fail("null mismatch");
      return r2.t === "null" && r2.kind === "*" ? { __nullArray: 1 } : null;
    case "array":
    case "set": {
      if (r2.t !== "array" || r2.v.length !== r3.v.length) fail("aggregate mismatch");
      const items = r3.v.map((x, i) => toNode(x, (r2 as { v: Resp[] }).v[i]!, `${path}[${i}]`));
      return r3.t === "set" ? { __set: items } : items;
    }
    case "map": {
      if (r2.t !== "array" || r2.v.length !== r3.v.length * 2) fail("map mismatch");
      const r2v = (r2 as { v: Resp[] }).v;
      const pairs = r3.v.map(([k, v], i) => [
        toNode(k, r2v[2 * i]!, `${path}.key${i}`),
        toNode(v, r2v[2 * i + 1]!, `${path}.${k.t === "bulk" ? k.v : i}`),
      ]);
      const plain = pairs.every(([k]) => typeof k === "string" && plainKeyOk(k));
      const keys = new Set(pairs.map(([k]) => k));
      if (plain && keys.size === pairs.length) {
        const o: Record<string, unknown> = {};
        for (const [k, v] of pairs) o[k as string] = v;
        return o;
      }
      return { __map: pairs };
    }
    default:
      return fail(`unsupported reply type in command metadata`);
  }
}

function strings(node: unknown, what: string): string[] {
  const items = (node as { __set?: unknown[] }).__set ?? (node as unknown[]);
  if (!Array.isArray(items)) throw new Error(`${what}: not a list`);
  return items.map((x) => {
    const s = (x as { __simple?: string }).__simple ?? x;
    if (typeof s !== "string") throw new Error(`${what}: not a string`);
    return s;
  });
}

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const argPort = process.argv[2] ? Number(process.argv[2]) : undefined;
  const temp = argPort ? undefined : await startRedis();
  const port = argPort ?? temp!.port;
  const root = join(import.meta.dir, "..");
  const outFile = join(root, "src/commands/redis-meta.json");

  const c2 = await RespClient.connect(port);
  const c3 = await RespClient.connect(port);
  try {
    const hello = await c3.send("HELLO", "3");
    if (hello.resp.t !== "map") throw new Error("HELLO 3 failed: the server does not speak RESP3");
    const version = pairsOf(hello.resp).find(([k]) => nameOf(k) === "version")?.[1];
    const redisVersion = version && version.t === "bulk" ? version.v : "unknown";

    const [info2, info3, docs2, docs3] = await Promise.all([
      c2.send("COMMAND"),
      c3.send("COMMAND"),
      c2.send("COMMAND", "DOCS"),
      c3.send("COMMAND", "DOCS"),
    ]);
    for (const r of [info2, info3, docs2, docs3]) {
      if (r.resp.t === "error") throw new Error(`server error: ${r.resp.v}`);
    }
    if (info2.resp.t !== "array" || info3.resp.t !== "array") throw new Error("COMMAND: expected an array");

    // Index RESP2 replies by name, since the two connections may list in different orders.
    const info2ByName = new Map(info2.resp.v.map((e) => [nameOf((e as { v: Resp[] }).v[0]!), e]));
    const docs2ByName = new Map(pairsOf(docs2.resp).map(([k, v]) => [nameOf(k), v]));
    const docs3ByName = new Map(pairsOf(docs3.resp).map(([k, v]) => [nameOf(k), v]));

    const out: Record<string, Record<string, unknown>> = {};

    /** Stores one info entry (and its subcommands, recursively). */
    const addInfo = (e3: Resp, e2: Resp, docs3: Resp | undefined, docs2: Resp | undefined): void => {
      if (e3.t !== "array" || e2.t !== "array" || e3.v.length !== 10 || e2.v.length !== 10) {
        throw new Error("COMMAND INFO entry: expected 10 elements");
      }
      const name = nameOf(e3.v[0]!);
      const path = `info ${name}`;
      // Elements 0-8; the subcommands (9) are matched by name below, as the
      // two replies need not list them in the same order.
      const n = e3.v.slice(0, 9).map((x, i) => toNode(x, (e2 as { v: Resp[] }).v[i]!, `${path}[${i}]`));
      if (n[0] !== name) throw new Error(`${path}: the name is not a bulk string`);
      const rec: Record<string, unknown> = {
        arity: n[1],
        flags: strings(n[2], `${path} flags`),
        firstKey: n[3],
        lastKey: n[4],
        step: n[5],
        acl: strings(n[6], `${path} acl`),
        tips: strings(n[7], `${path} tips`),
        keySpecs: (n[8] as { __set: unknown[] }).__set,
      };
      // Check the element types the encoder in meta.ts assumes.
      const kinds = [
        ["bulk"],
        ["int"],
        ["set"],
        ["int"],
        ["int"],
        ["int"],
        ["set"],
        ["set"],
        ["set"],
        ["array", "set"],
      ];
      e3.v.forEach((x, i) => {
        if (!kinds[i]!.includes(x.t)) throw new Error(`${path}[${i}]: unexpected type ${x.t}`);
      });
      const elemKinds: [number, string][] = [
        [2, "simple"],
        [6, "simple"],
        [7, "bulk"],
      ];
      for (const [i, t] of elemKinds) {
        for (const x of (e3.v[i] as { v: Resp[] }).v) {
          if (x.t !== t) throw new Error(`${path}[${i}]: element type ${x.t}, expected ${t}`);
        }
      }
      // Redis 7.0 quirk: RESP3 sends "no subcommands" as an empty set (~0) but
      // subcommands as an array (*n); meta.ts encodes exactly that.
      if ((e3.v[9]!.t === "set") !== ((e3.v[9] as { v: Resp[] }).v.length === 0)) {
        throw new Error(`${path}[9]: unexpected subcommands container ${e3.v[9]!.t}`);
      }
      const subs3 = (e3.v[9] as { v: Resp[] }).v;
      const subs2 = new Map((e2.v[9] as { v: Resp[] }).v.map((s) => [nameOf((s as { v: Resp[] }).v[0]!), s]));
      const subNames = subs3.map((s) => nameOf((s as { v: Resp[] }).v[0]!)).sort();
      if (subNames.length) rec.subcommands = subNames;

      // Docs: the map without its "subcommands" field (rebuilt from the subcommand entries).
      let subDocs3: Map<string, Resp> | undefined;
      let subDocs2: Map<string, Resp> | undefined;
      if (docs3 && docs2) {
        const p3 = pairsOf(docs3);
        const p2 = pairsOf(docs2);
        if (p3.length !== p2.length) throw new Error(`docs ${name}: RESP2/RESP3 length mismatch`);
        const keep3 = p3.filter(([k]) => nameOf(k) !== "subcommands");
        const keep2 = p2.filter(([k]) => nameOf(k) !== "subcommands");
        const subIdx = p3.findIndex(([k]) => nameOf(k) === "subcommands");
        if (subIdx !== -1 && subIdx !== p3.length - 1) {
          throw new Error(`docs ${name}: "subcommands" is not the last field`);
        }
        if (subIdx !== -1) {
          subDocs3 = new Map(pairsOf(p3[subIdx]![1]).map(([k, v]) => [nameOf(k), v]));
          subDocs2 = new Map(pairsOf(p2[subIdx]![1]).map(([k, v]) => [nameOf(k), v]));
        }
        if ((subIdx !== -1) !== subNames.length > 0) {
          throw new Error(`docs ${name}: subcommands in docs and info disagree`);
        }
        // Rebuild a pseudo-map reply from the kept pairs so toNode sees it as a map.
        const m3: Resp = { t: "map", v: keep3, start: 0, end: 0 };
        const m2: Resp = { t: "array", v: keep2.flat(), start: 0, end: 0 };
        rec.docs = toNode(m3, m2, `docs ${name}`);
      } else {
        throw new Error(`docs ${name}: missing from COMMAND DOCS`);
      }
      out[name] = rec;

      for (const s3 of subs3) {
        const sname = nameOf((s3 as { v: Resp[] }).v[0]!);
        const s2 = subs2.get(sname);
        if (!s2) throw new Error(`${path}: subcommand ${sname} missing from the RESP2 reply`);
        addInfo(s3, s2, subDocs3?.get(sname), subDocs2?.get(sname));
      }
    };

    for (const e3 of info3.resp.v) {
      const name = nameOf((e3 as { v: Resp[] }).v[0]!);
      const e2 = info2ByName.get(name);
      if (!e2) throw new Error(`COMMAND: ${name} missing from the RESP2 reply`);
      addInfo(e3, e2, docs3ByName.get(name), docs2ByName.get(name));
    }

    // Deterministic output: commands sorted by name (subcommands follow their parent).
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(out).sort()) sorted[k] = out[k];
    const json = JSON.stringify({ version: redisVersion, commands: sorted });

    // Verify: every command's stored data re-encodes to Redis's exact bytes.
    // meta.ts imports the JSON statically, so give it a placeholder on a first run.
    if (!(await Bun.file(outFile).exists())) await Bun.write(outFile, '{"version":"none","commands":{}}\n');
    await verify(json, info2, info3, docs2, docs3);

    await Bun.write(outFile, json + "\n");
    const topLevel = info3.resp.v.length;
    console.log(
      `wrote ${outFile}: redis ${redisVersion}, ${topLevel} commands, ${Object.keys(out).length - topLevel} subcommands, ` +
        `${(json.length / 1024).toFixed(1)} KiB (gzip ${(Bun.gzipSync(json).length / 1024).toFixed(1)} KiB)`,
    );
  } finally {
    c2.close();
    c3.close();
    if (temp) await temp.stop();
  }
}

/** Re-encodes every command from the JSON (through meta.ts) and compares with the server's bytes. */
async function verify(json: string, info2: RawReply, info3: RawReply, docs2: RawReply, docs3: RawReply): Promise<void> {
  const meta = await import("../src/commands/meta.ts");
  const parsed = JSON.parse(json);
  const lookup = (name: string) => parsed.commands[name];
  let checked = 0;
  for (const [proto, info, docs] of [
    [2, info2, docs2],
    [3, info3, docs3],
  ] as const) {
    if (info.resp.t !== "array") throw new Error("COMMAND: expected an array");
    for (const e of info.resp.v) {
      const name = nameOf((e as { v: Resp[] }).v[0]!);
      const w = new BytesWriter(proto);
      meta.encodeMeta(meta.commandInfoNode(name, lookup)!, w);
      const want = canonicalInfoEntry(info.bytes, e);
      if (!w.bytes().equals(want)) {
        throw new Error(`verify: COMMAND INFO ${name} (RESP${proto}) does not round-trip`);
      }
      checked++;
    }
    for (const [k, v] of pairsOf(docs.resp)) {
      const name = nameOf(k);
      const w = new BytesWriter(proto);
      meta.encodeMeta(meta.commandDocsNode(name, lookup)!, w);
      const want = canonicalDocsEntry(docs.bytes, v);
      if (!w.bytes().equals(want)) {
        throw new Error(`verify: COMMAND DOCS ${name} (RESP${proto}) does not round-trip`);
      }
      checked++;
    }
  }
  console.log(`verified ${checked} entries byte-for-byte (RESP2 + RESP3)`);
}

if (import.meta.main) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exit(1);
  });
}
