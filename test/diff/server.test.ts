// Differential tests: INFO, CONFIG, COMMAND and CLIENT against redis-server 7.0.
//
// Byte-for-byte where Redis is deterministic; where it is not (dict order,
// timings, ids, memory) the property is compared: unordered pairs, reply
// types, field names and their order.

import { describe, expect, test } from "bun:test";
import { type DiffPair, diffTest, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import type { RawReply, Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

/** INFO text → ordered sections of ordered [field, value] pairs. */
function parseInfo(text: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  let cur: [string, string][] | null = null;
  for (const line of text.split("\r\n")) {
    if (line.startsWith("# ")) {
      cur = [];
      out.set(line.slice(2), cur);
    } else if (line !== "") {
      const i = line.indexOf(":");
      cur!.push([line.slice(0, i), line.slice(i + 1)]);
    }
  }
  return out;
}

function text(r: RawReply): string {
  if (r.resp.t !== "bulk" && r.resp.t !== "verbatim") throw new Error(`not a string reply: ${r.bytes.toString("latin1")}`);
  return r.resp.v.startsWith("txt:") && r.resp.t === "verbatim" ? r.resp.v.slice(4) : r.resp.v;
}

async function infoOf(c: RespClient, ...sections: string[]): Promise<Map<string, [string, string][]>> {
  return parseInfo(text(await c.send("INFO", ...sections)));
}

async function both(pair: DiffPair, ...cmd: string[]): Promise<[RawReply, RawReply]> {
  return Promise.all([pair.redis.send(...cmd), pair.redbun.send(...cmd)]);
}

/** A reply as a nested structure whose arrays can be compared as multisets at chosen depths. */
function tree(buf: Buffer, r: Resp): unknown {
  if (r.t === "array" || r.t === "set" || r.t === "push") return { t: r.t, v: r.v.map((x) => tree(buf, x)) };
  if (r.t === "map") return { t: r.t, v: r.v.map(([k, v]) => [tree(buf, k), tree(buf, v)]) };
  return buf.subarray(r.start, r.end).toString("latin1");
}

type Tree = string | { t: string; v: Tree[] | [Tree, Tree][] };

/**
 * COMMAND INFO/DOCS of one container with its subcommands sorted (Redis
 * lists them in hash order): INFO's 10th element; DOCS's "subcommands"
 * value (a map, or a flat array in RESP2).
 */
function canonSubcommands(r: RawReply, sub: string): string {
  const t = tree(r.bytes, r.resp) as { t: string; v: Tree[] };
  if (sub === "INFO") {
    const entry = t.v[0] as { t: string; v: Tree[] };
    const subs = entry.v[9] as { t: string; v: Tree[] };
    subs.v = subs.v.map((x) => JSON.stringify(x)).sort();
    return JSON.stringify(t);
  }
  // DOCS: the command's docs map is the value after its name.
  const docs = (t.t === "map" ? (t.v as unknown as [Tree, Tree][])[0]![1] : t.v[1]) as { t: string; v: Tree[] };
  if (docs.t === "map") {
    const pairs = docs.v as unknown as [Tree, Tree][];
    const i = pairs.findIndex(([k]) => typeof k === "string" && k.includes("subcommands"));
    const m = pairs[i]![1] as { t: string; v: unknown[] };
    m.v = m.v.map((x) => JSON.stringify(x)).sort();
  } else {
    const i = docs.v.findIndex((k) => typeof k === "string" && k.includes("subcommands"));
    const flat = docs.v[i + 1] as { t: string; v: Tree[] };
    const pairs: string[] = [];
    for (let j = 0; j < flat.v.length; j += 2) pairs.push(JSON.stringify([flat.v[j], flat.v[j + 1]]));
    flat.v = pairs.sort();
  }
  return JSON.stringify(t);
}

describe("INFO", () => {
  const pair = useDiffPair();

  // Every field Redis 7.0 prints in these sections, which redbun prints too
  // (none is skipped: fields for features redbun lacks report their idle value).
  const SECTIONS = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Cluster", "Keyspace"];
  const SKIPPED_FIELDS: string[] = [];

  testWithRedis("sections of INFO all, in Redis's order", async () => {
    const [a, b] = await Promise.all([infoOf(pair.redis, "all"), infoOf(pair.redbun, "all")]);
    expect([...b.keys()]).toEqual([...a.keys()]);
  });

  testWithRedis("every field Redis prints, in Redis's order", async () => {
    await runSteps(pair, [["FLUSHALL"], ["SET", "k", "v"]]);
    const [a, b] = await Promise.all([infoOf(pair.redis, "everything"), infoOf(pair.redbun, "everything")]);
    for (const s of SECTIONS) {
      const want = a.get(s)!.map(([k]) => k).filter((k) => !SKIPPED_FIELDS.includes(k));
      const got = b.get(s)!.map(([k]) => k);
      expect({ section: s, fields: got.filter((k) => want.includes(k)) }).toEqual({ section: s, fields: want });
    }
  });

  testWithRedis("values clients depend on", async () => {
    const [a, b] = await Promise.all([infoOf(pair.redis), infoOf(pair.redbun)]);
    const get = (m: Map<string, [string, string][]>, s: string, k: string) => m.get(s)!.find(([f]) => f === k)?.[1];
    for (const [s, k] of [
      ["Server", "redis_version"],
      ["Server", "redis_mode"],
      ["Server", "arch_bits"],
      ["Server", "process_supervised"],
      ["Server", "config_file"],
      ["Server", "io_threads_active"],
      ["Clients", "connected_clients"],
      ["Clients", "maxclients"],
      ["Clients", "blocked_clients"],
      ["Persistence", "loading"],
      ["Persistence", "async_loading"],
      ["Persistence", "rdb_bgsave_in_progress"],
      ["Persistence", "aof_enabled"],
      ["Persistence", "aof_rewrite_in_progress"],
      ["Replication", "role"],
      ["Replication", "connected_slaves"],
      ["Replication", "master_failover_state"],
      ["Stats", "rejected_connections"],
      ["Stats", "evicted_keys"],
      ["Stats", "pubsub_channels"],
      ["Cluster", "cluster_enabled"],
    ]) {
      expect({ field: k, value: get(b, s!, k!) }).toEqual({ field: k, value: get(a, s!, k!) });
    }
    expect(get(b, "Server", "tcp_port")).toBe(String(pair.redbunPort));
    expect(get(b, "Replication", "master_replid")).toMatch(/^[0-9a-f]{40}$/);
    expect(get(b, "Replication", "master_repl_offset")).toMatch(/^\d+$/);
    expect(get(b, "Server", "run_id")).toMatch(/^[0-9a-f]{40}$/);
    expect(get(b, "Memory", "used_memory_human")).toMatch(/^\d+(\.\d\d[KMGTP])?B?$/);
    expect(get(b, "CPU", "used_cpu_user")).toMatch(/^\d+\.\d{6}$/);
  });

  testWithRedis("section selection: default, all, everything, names, repeats, unknown", async () => {
    for (const args of [[], ["default"], ["all"], ["everything"], ["server", "clients"], ["SERVER", "CLIENTS", "server"], ["commandstats"], ["cpu", "default"], ["modules"], ["module_list"], ["latencystats"], ["nosuch"], ["nosuch", "keyspace"]]) {
      const [a, b] = await Promise.all([infoOf(pair.redis, ...args), infoOf(pair.redbun, ...args)]);
      expect({ args, sections: [...b.keys()] }).toEqual({ args, sections: [...a.keys()] });
    }
  });

  diffTest(pair, "unknown section, RESP2 and RESP3 (verbatim)", [
    ["INFO", "nosuch"],
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["INFO", "nosuch"],
    { cmd: ["INFO", "server"], typeOnly: true },
    { cmd: ["HELLO", "2"], typeOnly: true },
    { cmd: ["INFO", "server"], typeOnly: true },
  ]);

  diffTest(pair, "keyspace section", [
    ["INFO", "keyspace"],
    ["SET", "a", "1"],
    ["SET", "b", "2"],
    ["SELECT", "3"],
    ["SET", "c", "3"],
    ["INFO", "keyspace"],
    ["FLUSHDB"],
    ["SELECT", "0"],
    ["INFO", "keyspace"],
  ]);

  testWithRedis("keyspace expires count (avg_ttl is an estimate)", async () => {
    await runSteps(pair, [["FLUSHALL"], ["SET", "a", "1", "EX", "100"], ["SET", "b", "2"]]);
    const [a, b] = await Promise.all([infoOf(pair.redis, "keyspace"), infoOf(pair.redbun, "keyspace")]);
    const strip = (m: Map<string, [string, string][]>) => m.get("Keyspace")!.map(([k, v]) => `${k}:${v.replace(/avg_ttl=\d+/, "")}`);
    expect(strip(b)).toEqual(strip(a));
    const ttl = Number(/avg_ttl=(\d+)/.exec(b.get("Keyspace")![0]![1])![1]);
    expect(ttl).toBeGreaterThan(90_000);
    expect(ttl).toBeLessThanOrEqual(100_000);
  });

  diffTest(pair, "errorstats after CONFIG RESETSTAT", [
    ["CONFIG", "RESETSTAT"],
    ["INFO", "errorstats"],
    ["GET"],
    ["SET", "k", "v"],
    ["INCR", "k"],
    ["SELECT", "99"],
    ["INFO", "errorstats"],
    ["CONFIG", "RESETSTAT"],
    ["INFO", "errorstats"],
  ]);

  testWithRedis("commandstats: names and counts after CONFIG RESETSTAT", async () => {
    const steps: StepLike[] = [["CONFIG", "RESETSTAT"], ["SET", "a", "1"], ["GET", "a"], ["GET", "a"], ["GET"], ["CONFIG", "GET", "hz"]];
    await runSteps(pair, steps);
    const [a, b] = await Promise.all([infoOf(pair.redis, "commandstats"), infoOf(pair.redbun, "commandstats")]);
    const norm = (m: Map<string, [string, string][]>) =>
      m
        .get("Commandstats")!
        .map(([k, v]) => `${k}:${v.replace(/usec=\d+,usec_per_call=[\d.]+,/, "")}`)
        .sort();
    expect(norm(b)).toEqual(norm(a));
    for (const [, v] of b.get("Commandstats")!) expect(v).toMatch(/^calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=\d+$/);
  });

  testWithRedis("stats counters move as in Redis", async () => {
    await runSteps(pair, [["CONFIG", "RESETSTAT"], ["FLUSHALL"], ["SET", "a", "1"], ["GET", "a"], ["GET", "nope"], ["EXISTS", "a"]]);
    const [a, b] = await Promise.all([infoOf(pair.redis, "stats"), infoOf(pair.redbun, "stats")]);
    const get = (m: Map<string, [string, string][]>, k: string) => m.get("Stats")!.find(([f]) => f === k)?.[1];
    for (const k of ["keyspace_hits", "keyspace_misses", "total_error_replies", "expired_keys", "total_commands_processed"]) {
      expect({ k, v: get(b, k) }).toEqual({ k, v: get(a, k) });
    }
  });
});

describe("CONFIG", () => {
  const pair = useDiffPair();
  const get = (...patterns: string[]): StepLike => ({ cmd: ["CONFIG", "GET", ...patterns], unordered: true, pairs: true });

  diffTest(pair, "CONFIG GET patterns", [
    get("maxmemory"),
    get("timeout", "databases"),
    get("TIMEOUT"),
    get("timeout", "TIMEOUT"),
    get("hash-max-*"),
    get("*ziplist*"),
    get("*-max-listpack-*"),
    get("list-*"),
    get("slowlog-*"),
    get("lua-time-limit"),
    get("busy-reply-threshold"),
    get("slave-read-only"),
    get("hash-max-ziplist-entries", "hash-max-listpack-entries"),
    get("appendonly", "appendfsync", "save", "notify-keyspace-events"),
    get("client-output-buffer-limit"),
    get("maxmemory-policy", "maxmemory-samples"),
    get("replicaof", "slaveof", "masterauth", "enable-protected-configs", "enable-debug-command"),
    get("nosuch"),
    get("nosuch*"),
    get("a?c"),
    ["CONFIG", "GET"],
    { cmd: ["HELLO", "3"], typeOnly: true },
    get("hash-max-*"),
    get("timeout", "hz"),
    get("nosuch"),
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "CONFIG SET errors", [
    ["CONFIG", "SET", "maxclients", "0"],
    ["CONFIG", "SET", "maxclients", "-1"],
    ["CONFIG", "SET", "maxclients", "4294967296"],
    ["CONFIG", "SET", "timeout", "-1"],
    ["CONFIG", "SET", "timeout", "abc"],
    ["CONFIG", "SET", "timeout", "+5"],
    ["CONFIG", "SET", "timeout", "05"],
    ["CONFIG", "SET", "timeout", " 5"],
    ["CONFIG", "SET", "timeout", "99999999999999999999"],
    ["CONFIG", "SET", "TIMEOUT", "abc"],
    ["CONFIG", "SET", "hz", "1k"],
    ["CONFIG", "SET", "hz", "-1"],
    ["CONFIG", "SET", "maxmemory", "1x"],
    ["CONFIG", "SET", "maxmemory", "-1"],
    ["CONFIG", "SET", "maxmemory", "1.5gb"],
    ["CONFIG", "SET", "proto-max-bulk-len", "5"],
    ["CONFIG", "SET", "proto-max-bulk-len", "1k"],
    ["CONFIG", "SET", "proto-max-bulk-len", "-1"],
    ["CONFIG", "SET", "client-query-buffer-limit", "0"],
    ["CONFIG", "SET", "slowlog-log-slower-than", "-5"],
    ["CONFIG", "SET", "list-max-listpack-size", "-99999999999"],
    ["CONFIG", "SET", "hash-max-ziplist-entries", "abc"],
    ["CONFIG", "SET", "hash-max-listpack-value", "abc"],
    ["CONFIG", "SET", "maxmemory-samples", "0"],
    ["CONFIG", "SET", "active-expire-effort", "11"],
    ["CONFIG", "SET", "loglevel", "bogus"],
    ["CONFIG", "SET", "appendfsync", "foo"],
    ["CONFIG", "SET", "maxmemory-policy", "foo"],
    ["CONFIG", "SET", "appendonly", "maybe"],
    ["CONFIG", "SET", "protected-mode", "1"],
    ["CONFIG", "SET", "save", "1 2 3"],
    ["CONFIG", "SET", "save", "0 1"],
    ["CONFIG", "SET", "save", "5 -1"],
    ["CONFIG", "SET", "save", "abc def"],
    ["CONFIG", "SET", "notify-keyspace-events", "Q"],
    ["CONFIG", "SET", "client-output-buffer-limit", "foo 1 2 3"],
    ["CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"],
    ["CONFIG", "SET", "client-output-buffer-limit", "normal 1 2"],
    ["CONFIG", "SET", "client-output-buffer-limit", "normal x 2 3"],
    ["CONFIG", "SET", "client-output-buffer-limit", "normal 1 2 -3"],
    ["CONFIG", "SET", "bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"],
    ["CONFIG", "SET", "databases", "3"],
    ["CONFIG", "SET", "rdbchecksum", "no"],
    ["CONFIG", "SET", "daemonize", "no"],
    ["CONFIG", "SET", "io-threads", "2"],
    ["CONFIG", "SET", "cluster-enabled", "no"],
    ["CONFIG", "SET", "logfile", "x"],
    ["CONFIG", "SET", "pidfile", "x"],
    ["CONFIG", "SET", "replicaof", "x"],
    ["CONFIG", "SET", "enable-protected-configs", "yes"],
    ["CONFIG", "SET", "dir", "/tmp"],
    ["CONFIG", "SET", "dbfilename", "x.rdb"],
    ["CONFIG", "SET", "nosuch", "1"],
    ["CONFIG", "SET", "nosuch", "1", "databases", "3"],
    ["CONFIG", "SET", "databases", "3", "nosuch", "1"],
    ["CONFIG", "SET", "timeout", "1", "timeout", "2"],
    ["CONFIG", "SET", "TIMEOUT", "1", "timeout", "2"],
    ["CONFIG", "SET", "hash-max-ziplist-entries", "1", "HASH-MAX-ZIPLIST-ENTRIES", "2"],
    ["CONFIG", "SET", "hz", "x", "databases", "2"],
    ["CONFIG", "SET", "timeout", "7", "maxclients", "0"],
    get("timeout"),
    ["CONFIG", "SET", "timeout", "1", "timeout"],
    ["CONFIG", "SET", "timeout"],
    ["CONFIG", "SET"],
  ]);

  diffTest(pair, "CONFIG SET values and their canonical form", [
    ["CONFIG", "SET", "maxmemory", "10GB"],
    get("maxmemory"),
    ["CONFIG", "SET", "maxmemory", "1K"],
    get("maxmemory"),
    ["CONFIG", "SET", "maxmemory", ""],
    get("maxmemory"),
    ["CONFIG", "SET", "maxmemory", "99999999999999999999"],
    get("maxmemory"),
    ["CONFIG", "SET", "maxmemory", "0"],
    ["CONFIG", "SET", "hz", "1000"],
    get("hz"),
    ["CONFIG", "SET", "hz", "0"],
    get("hz"),
    ["CONFIG", "SET", "hz", "10"],
    ["CONFIG", "SET", "loglevel", "NOTICE"],
    get("loglevel"),
    ["CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"],
    get("maxmemory-policy"),
    ["CONFIG", "SET", "maxmemory-policy", "noeviction"],
    ["CONFIG", "SET", "list-max-listpack-size", "-6"],
    get("list-max-*"),
    ["CONFIG", "SET", "list-max-ziplist-size", "-2"],
    ["CONFIG", "SET", "hash-max-ziplist-entries", "7", "hash-max-listpack-entries", "9"],
    get("hash-max-*-entries"),
    ["CONFIG", "SET", "hash-max-listpack-value", "1kb"],
    get("hash-max-listpack-value"),
    ["CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64"],
    ["CONFIG", "SET", "notify-keyspace-events", "KEA"],
    get("notify-keyspace-events"),
    ["CONFIG", "SET", "notify-keyspace-events", "Kgn"],
    get("notify-keyspace-events"),
    ["CONFIG", "SET", "notify-keyspace-events", ""],
    ["CONFIG", "SET", "client-output-buffer-limit", "REPLICA 1kb 1 1"],
    get("client-output-buffer-limit"),
    ["CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"],
    get("client-output-buffer-limit"),
    ["CONFIG", "SET", "save", "+5 1 100 10"],
    get("save"),
    ["CONFIG", "SET", "save", ""],
    get("save"),
    ["CONFIG", "SET", "appendfsync", "ALWAYS", "slowlog-max-len", "64"],
    get("appendfsync", "slowlog-max-len"),
    ["CONFIG", "SET", "appendfsync", "everysec", "slowlog-max-len", "128"],
    // All or nothing: a bad value leaves the good ones unset.
    ["CONFIG", "SET", "slowlog-max-len", "5", "timeout", "bad"],
    get("slowlog-max-len"),
  ]);

  diffTest(pair, "subcommands and arity", [
    ["CONFIG"],
    ["CONFIG", "foo"],
    ["CONFIG", "HELP"],
    ["CONFIG", "help", "x"],
    ["CONFIG", "RESETSTAT"],
    ["CONFIG", "RESETSTAT", "x"],
    ["CONFIG", "REWRITE"],
    ["CONFIG", "REWRITE", "x"],
  ]);
});

describe("COMMAND", () => {
  const pair = useDiffPair();

  // Leaf commands and subcommands whose metadata must match byte for byte.
  const NAMES = [
    "get", "set", "incr", "del", "exists", "expire", "dbsize", "flushdb", "flushall", "time", "info",
    "ping", "echo", "select", "hello", "auth", "quit", "reset",
    "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help",
    "command|count", "command|list", "command|info", "command|docs", "command|getkeys", "command|getkeysandflags", "command|help",
    "client|id", "client|setname", "client|getname", "client|info", "client|list", "client|kill", "client|no-evict", "client|help",
  ];

  for (const proto of ["2", "3"]) {
    diffTest(pair, `COMMAND INFO / DOCS, RESP${proto}`, [
      { cmd: ["HELLO", proto], typeOnly: true },
      ...NAMES.flatMap((n): StepLike[] => [["COMMAND", "INFO", n], ["COMMAND", "DOCS", n]]),
      ["COMMAND", "INFO", "GET", "nosuch", "Client|List", "get"],
      ["COMMAND", "DOCS", "get", "nosuch", "GET", "config|get"],
      ["COMMAND", "DOCS", "nosuch"],
      ["COMMAND", "INFO", "nosuch"],
      ["COMMAND", "INFO", "client|nosuch"],
      { cmd: ["HELLO", "2"], typeOnly: true },
    ]);
  }

  testWithRedis("containers redbun implements fully: same entry, subcommands in any order", async () => {
    for (const proto of ["2", "3"]) {
      await both(pair, "HELLO", proto);
      for (const name of ["command", "config"]) {
        for (const sub of ["INFO", "DOCS"]) {
          const [a, b] = await both(pair, "COMMAND", sub, name);
          expect({ proto, name, sub, reply: canonSubcommands(b, sub) }).toEqual({ proto, name, sub, reply: canonSubcommands(a, sub) });
        }
      }
    }
    await both(pair, "HELLO", "2");
  });

  diffTest(pair, "GETKEYS / GETKEYSANDFLAGS", [
    ["COMMAND", "GETKEYS", "set", "a", "b"],
    ["COMMAND", "GETKEYS", "SET", "a", "b", "EX", "10"],
    ["COMMAND", "GETKEYS", "get", "a"],
    ["COMMAND", "GETKEYS", "mset", "a", "b", "c", "d"],
    ["COMMAND", "GETKEYS", "mset", "a", "b", "c"],
    ["COMMAND", "GETKEYS", "del", "a", "b", "c"],
    ["COMMAND", "GETKEYS", "mget", "a", "b"],
    ["COMMAND", "GETKEYS", "rename", "a", "b"],
    ["COMMAND", "GETKEYS", "expire", "a", "10"],
    ["COMMAND", "GETKEYS", "object", "encoding", "k"],
    ["COMMAND", "GETKEYS", "get", "a", "b"],
    ["COMMAND", "GETKEYS", "set", "a"],
    ["COMMAND", "GETKEYS", "nosuch", "a"],
    ["COMMAND", "GETKEYS", "client", "list"],
    ["COMMAND", "GETKEYS", "client", "nosuch"],
    ["COMMAND", "GETKEYS", "config", "get", "x"],
    ["COMMAND", "GETKEYS", "ping", "x"],
    ["COMMAND", "GETKEYS", "get"],
    ["COMMAND", "GETKEYS", "client"],
    ["COMMAND", "GETKEYS"],
    ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"],
    ["COMMAND", "GETKEYSANDFLAGS", "mset", "a", "b", "c", "d"],
    ["COMMAND", "GETKEYSANDFLAGS", "get", "a"],
    ["COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"],
    ["COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"],
    ["COMMAND", "GETKEYSANDFLAGS", "nosuch", "a"],
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"],
    ["COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "COUNT, LIST, HELP, errors", [
    { cmd: ["COMMAND", "COUNT"], typeOnly: true },
    ["COMMAND", "COUNT", "x"],
    { cmd: ["COMMAND"], typeOnly: true },
    { cmd: ["COMMAND", "INFO"], typeOnly: true },
    { cmd: ["COMMAND", "DOCS"], typeOnly: true },
    { cmd: ["COMMAND", "LIST"], typeOnly: true },
    { cmd: ["COMMAND", "LIST", "FILTERBY", "PATTERN", "config*"], unordered: true },
    { cmd: ["COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|G*"], unordered: true },
    { cmd: ["COMMAND", "LIST", "FILTERBY", "pattern", "client|l*"], unordered: true },
    ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"],
    ["COMMAND", "LIST", "FILTERBY", "MODULE", "x"],
    ["COMMAND", "LIST", "FILTERBY", "foo", "x"],
    ["COMMAND", "LIST", "FILTERBY"],
    ["COMMAND", "LIST", "FILTERBY", "PATTERN"],
    ["COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b"],
    ["COMMAND", "LIST", "foo"],
    ["COMMAND", "HELP"],
    ["COMMAND", "HELP", "x"],
    ["COMMAND", "foo"],
  ]);

  testWithRedis("COMMAND LIST and COUNT cover exactly redbun's commands", async () => {
    const [, list] = await both(pair, "COMMAND", "LIST");
    const [, count] = await both(pair, "COMMAND", "COUNT");
    const [, all] = await both(pair, "COMMAND");
    const names = (list.resp as { v: { v: string }[] }).v.map((x) => x.v);
    const top = names.filter((n) => !n.includes("|"));
    expect(top.length).toBe((count.resp as { v: number }).v);
    expect((all.resp as { v: unknown[] }).v.length).toBe(top.length);
    expect(names).toContain("client|list");
    expect(names).toContain("config|get");
    // Every name in the list has COMMAND INFO and DOCS entries.
    for (const n of names) {
      const info = await pair.redbun.send("COMMAND", "INFO", n);
      expect((info.resp as { v: Resp[] }).v[0]!.t).toBe("array");
    }
  });
});

describe("CLIENT", () => {
  const pair = useDiffPair();

  diffTest(pair, "names", [
    ["CLIENT", "GETNAME"],
    ["CLIENT", "SETNAME", "a b"],
    ["CLIENT", "SETNAME", "a\nb"],
    ["CLIENT", "SETNAME", "\xe4"],
    ["CLIENT", "SETNAME", "conn-1"],
    ["CLIENT", "GETNAME"],
    ["CLIENT", "SETNAME", ""],
    ["CLIENT", "GETNAME"],
    ["CLIENT", "SETNAME"],
    ["CLIENT", "SETNAME", "a", "b"],
    ["CLIENT", "GETNAME", "x"],
    { cmd: ["CLIENT", "ID"], typeOnly: true },
    ["CLIENT", "ID", "x"],
  ]);

  diffTest(pair, "errors", [
    ["CLIENT"],
    ["CLIENT", "foo"],
    ["CLIENT", "foo", "bar"],
    ["CLIENT", "INFO", "x"],
    ["CLIENT", "LIST", "TYPE", "foo"],
    ["CLIENT", "LIST", "TYPE"],
    ["CLIENT", "LIST", "TYPE", "normal", "ID"],
    ["CLIENT", "LIST", "TYPE", "NORMAL", "TYPE", "pubsub"],
    ["CLIENT", "LIST", "ID", "abc"],
    ["CLIENT", "LIST", "ID", "1", "abc"],
    ["CLIENT", "LIST", "ID", "0"],
    ["CLIENT", "LIST", "ID", "-1"],
    ["CLIENT", "LIST", "ID", "99999"],
    ["CLIENT", "LIST", "foo"],
    ["CLIENT", "LIST", "TYPE", "pubsub"],
    ["CLIENT", "LIST", "TYPE", "master"],
    ["CLIENT", "LIST", "TYPE", "replica"],
    ["CLIENT", "LIST", "TYPE", "slave"],
    ["CLIENT", "KILL"],
    ["CLIENT", "KILL", "1.2.3.4:5"],
    ["CLIENT", "KILL", "ID", "abc"],
    ["CLIENT", "KILL", "ID", "0"],
    ["CLIENT", "KILL", "ID", "-3"],
    ["CLIENT", "KILL", "ID", "99999"],
    ["CLIENT", "KILL", "ADDR", "1.2.3.4:5"],
    ["CLIENT", "KILL", "LADDR", "1.2.3.4:5"],
    ["CLIENT", "KILL", "foo", "bar"],
    ["CLIENT", "KILL", "TYPE", "foo"],
    ["CLIENT", "KILL", "TYPE", "master"],
    ["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "maybe"],
    ["CLIENT", "KILL", "USER", "nosuch"],
    ["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"],
    ["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "YES"],
    ["CLIENT", "KILL", "ID", "1", "ID"],
    ["CLIENT", "KILL", "ADDR"],
    ["CLIENT", "NO-EVICT"],
    ["CLIENT", "NO-EVICT", "maybe"],
    ["CLIENT", "NO-EVICT", "on"],
    ["CLIENT", "NO-EVICT", "OFF"],
    ["CLIENT", "NO-EVICT", "on", "x"],
  ]);

  testWithRedis("CLIENT INFO / LIST: Redis's fields in Redis's order, then lib-name and lib-ver", async () => {
    const keysOf = (line: string) => line.trim().split(" ").map((kv) => kv.slice(0, kv.indexOf("=")));
    for (const cmd of [["CLIENT", "INFO"], ["CLIENT", "LIST"], ["CLIENT", "LIST", "TYPE", "normal"]]) {
      const [a, b] = await both(pair, ...cmd);
      const ka = keysOf(text(a));
      expect(keysOf(text(b))).toEqual([...ka, "lib-name", "lib-ver"]);
    }
    // Values that do not depend on timing or allocation.
    await both(pair, "CLIENT", "SETNAME", "me");
    await both(pair, "SELECT", "2");
    const [a, b] = await both(pair, "CLIENT", "INFO");
    const fields = (r: RawReply) => Object.fromEntries(text(r).trim().split(" ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const fa = fields(a);
    const fb = fields(b);
    for (const k of ["name", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf", "argv-mem", "multi-mem", "obl", "oll", "omem", "events", "cmd", "user", "redir", "resp"]) {
      expect({ k, v: fb[k] }).toEqual({ k, v: fa[k] });
    }
    expect(fb.laddr).toBe(`127.0.0.1:${pair.redbunPort}`);
    await both(pair, "SELECT", "0");
    // CLIENT INFO ends with a newline, like every CLIENT LIST line.
    expect(text(b).endsWith("\n")).toBe(true);
  });

  diffTest(pair, "RESP3: CLIENT INFO and LIST are verbatim strings", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    { cmd: ["CLIENT", "INFO"], typeOnly: true },
    { cmd: ["CLIENT", "LIST"], typeOnly: true },
    ["CLIENT", "LIST", "ID", "99999"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);
});
