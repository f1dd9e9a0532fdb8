// Redis command metadata (src/commands/meta.ts + redis-meta.json): the stored
// entries must re-encode to exactly the bytes redis-server sends for
// COMMAND INFO / COMMAND DOCS, in RESP2 and RESP3.

import { describeWithRedis } from "../helpers/diff.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  REDIS_META_VERSION,
  allCommandNames,
  commandDocsNode,
  commandInfoNode,
  commandMeta,
  commandNames,
  encodeMeta,
  type MetaNode,
} from "../../src/commands/meta.ts";
import {
  BytesWriter,
  RespClient,
  canonicalDocsReply,
  canonicalInfoReply,
  startRedis,
  type TempRedis,
} from "../../scripts/gen-command-meta.ts";

const hasRedis = Bun.which("redis-server") !== null;
if (!hasRedis) console.warn("redis-server not installed: skipping the byte-for-byte comparison with Redis in meta.test.ts");

/** The bytes `COMMAND INFO <names...>` would get from the stored metadata. */
function infoReply(proto: 2 | 3, ...names: string[]): string {
  const w = new BytesWriter(proto);
  w.arrayHeader(names.length);
  for (const n of names) {
    const node = commandInfoNode(n);
    if (node === undefined) w.nullBulk();
    else encodeMeta(node, w);
  }
  return w.bytes().toString("latin1");
}

/** The bytes `COMMAND DOCS <names...>` would get (unknown names are left out, as Redis does). */
function docsReply(proto: 2 | 3, ...names: string[]): string {
  const w = new BytesWriter(proto);
  const known = names.filter((n) => commandMeta(n));
  w.mapHeader(known.length);
  for (const n of known) {
    w.bulk(n);
    encodeMeta(commandDocsNode(n)!, w);
  }
  return w.bytes().toString("latin1");
}

const enc = (node: MetaNode, proto: 2 | 3) => {
  const w = new BytesWriter(proto);
  encodeMeta(node, w);
  return w.bytes().toString("latin1");
};

describe("redis-meta.json (no server needed)", () => {
  test("snapshot of Redis 7.0", () => {
    expect(REDIS_META_VERSION).toStartWith("7.0.");
  });

  test("has the expected commands and subcommands", () => {
    const names = commandNames();
    expect(names.length).toBeGreaterThan(200);
    for (const n of ["get", "set", "zadd", "config", "client", "command", "xadd", "eval", "hello"]) {
      expect(names).toContain(n);
    }
    expect(names.some((n) => n.includes("|"))).toBe(false);
    expect([...names].sort()).toEqual(names);
    expect(commandMeta("client|list")).toBeDefined();
    expect(commandMeta("config|get")).toBeDefined();
    expect(commandMeta("GET")).toBeUndefined(); // lookups are by lowercase name
    expect(commandMeta("nosuchcommand")).toBeUndefined();
  });

  test("get", () => {
    const m = commandMeta("get")!;
    expect(m.arity).toBe(2);
    expect(m.flags).toEqual(["readonly", "fast"]);
    expect([m.firstKey, m.lastKey, m.step]).toEqual([1, 1, 1]);
    expect(m.acl).toEqual(["@read", "@string", "@fast"]);
    expect(m.tips).toEqual([]);
    expect(m.keySpecs.length).toBe(1);
    expect(m.subcommands).toBeUndefined();
    expect((m.docs as Record<string, MetaNode>).summary).toBe("Get the value of a key");
    expect((m.docs as Record<string, MetaNode>).since).toBe("1.0.0");
    expect((m.docs as Record<string, MetaNode>).group).toBe("string");
  });

  test("container commands list their subcommands", () => {
    const config = commandMeta("config")!;
    expect(config.arity).toBe(-2);
    expect(config.subcommands).toContain("config|get");
    expect(config.subcommands).toContain("config|set");
    expect([...config.subcommands!].sort()).toEqual(config.subcommands!);
    for (const s of config.subcommands!) expect(commandMeta(s)).toBeDefined();
    expect(commandMeta("config|set")!.tips).toEqual(["request_policy:all_nodes", "response_policy:all_succeeded"]);
    expect(commandMeta("client")!.subcommands).toContain("client|list");
    expect(commandMeta("command")!.subcommands).toContain("command|docs");
  });

  test("allCommandNames lists each command followed by its subcommands", () => {
    const all = allCommandNames();
    expect(all.length).toBeGreaterThan(commandNames().length);
    const i = all.indexOf("config");
    expect(all.slice(i + 1, i + 1 + commandMeta("config")!.subcommands!.length)).toEqual(
      commandMeta("config")!.subcommands!,
    );
  });

  test("every entry is well formed", () => {
    for (const name of commandNames()) {
      const m = commandMeta(name)!;
      expect(Number.isInteger(m.arity)).toBe(true);
      expect(Array.isArray(m.flags)).toBe(true);
      expect(Array.isArray(m.acl)).toBe(true);
      for (const s of m.subcommands ?? []) {
        expect(s.startsWith(name + "|")).toBe(true);
        expect(commandMeta(s)).toBeDefined();
      }
    }
  });

  // Bytes captured from redis-server 7.0.15.
  test("COMMAND INFO get encodes like Redis (RESP2 and RESP3)", () => {
    const spec2 =
      "*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n" +
      "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n";
    expect(infoReply(2, "get", "nosuch")).toBe(
      "*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n" +
        spec2 +
        "*0\r\n$-1\r\n",
    );
    const spec3 =
      "%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n" +
      "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n";
    expect(infoReply(3, "get", "nosuch")).toBe(
      "*2\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n" +
        spec3 +
        "~0\r\n_\r\n",
    );
  });

  test("COMMAND DOCS get encodes like Redis (RESP2 and RESP3)", () => {
    const body = (m: (n: number) => string) =>
      "$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n" +
      "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n" +
      m(3) +
      "$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n";
    expect(docsReply(2, "get", "nosuch")).toBe("*2\r\n$3\r\nget\r\n*10\r\n" + body((n) => `*${n * 2}\r\n`));
    expect(docsReply(3, "get", "nosuch")).toBe("%1\r\n$3\r\nget\r\n%5\r\n" + body((n) => `%${n}\r\n`));
  });

  test("subcommands: RESP3 sends none as an empty set, some as an array", () => {
    const get = commandInfoNode("get") as MetaNode[];
    expect(enc(get[9]!, 3)).toBe("~0\r\n");
    const config = commandInfoNode("config") as MetaNode[];
    expect(enc(config[9]!, 3)).toStartWith(`*${commandMeta("config")!.subcommands!.length}\r\n*10\r\n`);
    const docs = commandDocsNode("config") as Record<string, MetaNode>;
    expect(Object.keys(docs).at(-1)).toBe("subcommands");
    expect(Object.keys(docs.subcommands as object)).toEqual(commandMeta("config")!.subcommands!);
  });

  test("encodeMeta: every node form", () => {
    const node: MetaNode = [
      "bulk",
      -7,
      null,
      { __nullArray: 1 },
      { __simple: "OK" },
      { __set: [{ __simple: "a" }, "b"] },
      { k: "v", n: 1 },
      { __map: [[1, "one"], [{ __simple: "x" }, []]] },
    ];
    expect(enc(node, 2)).toBe(
      "*8\r\n$4\r\nbulk\r\n:-7\r\n$-1\r\n*-1\r\n+OK\r\n*2\r\n+a\r\n$1\r\nb\r\n*4\r\n$1\r\nk\r\n$1\r\nv\r\n$1\r\nn\r\n:1\r\n" +
        "*4\r\n:1\r\n$3\r\none\r\n+x\r\n*0\r\n",
    );
    expect(enc(node, 3)).toBe(
      "*8\r\n$4\r\nbulk\r\n:-7\r\n_\r\n_\r\n+OK\r\n~2\r\n+a\r\n$1\r\nb\r\n%2\r\n$1\r\nk\r\n$1\r\nv\r\n$1\r\nn\r\n:1\r\n" +
        "%2\r\n:1\r\n$3\r\none\r\n+x\r\n*0\r\n",
    );
  });
});

describeWithRedis("byte-for-byte against redis-server", () => {
  let redis: TempRedis;
  let c2: RespClient;
  let c3: RespClient;

  beforeAll(async () => {
    redis = await startRedis();
    c2 = await RespClient.connect(redis.port);
    c3 = await RespClient.connect(redis.port);
    await c3.send("HELLO", "3");
  });

  afterAll(async () => {
    c2?.close();
    c3?.close();
    await redis?.stop();
  });

  const names = ["get", "set", "client|list", "config", "command", "zadd", "client", "xadd", "georadius"];

  for (const proto of [2, 3] as const) {
    const client = () => (proto === 2 ? c2 : c3);

    for (const name of names) {
      test(`COMMAND INFO ${name} (RESP${proto})`, async () => {
        const r = await client().send("COMMAND", "INFO", name);
        // Subcommands come in Redis's per-process hash order; compare in sorted order.
        expect(infoReply(proto, name)).toBe(canonicalInfoReply(r.bytes, r.resp).toString("latin1"));
      });

      test(`COMMAND DOCS ${name} (RESP${proto})`, async () => {
        const r = await client().send("COMMAND", "DOCS", name);
        expect(docsReply(proto, name)).toBe(canonicalDocsReply(r.bytes, r.resp).toString("latin1"));
      });
    }

    test(`COMMAND INFO / DOCS of several names, one unknown (RESP${proto})`, async () => {
      const args = ["get", "nosuchcommand", "config|get", "zadd"];
      const info = await client().send("COMMAND", "INFO", ...args);
      expect(infoReply(proto, ...args)).toBe(canonicalInfoReply(info.bytes, info.resp).toString("latin1"));
      const docs = await client().send("COMMAND", "DOCS", ...args);
      expect(docsReply(proto, ...args)).toBe(canonicalDocsReply(docs.bytes, docs.resp).toString("latin1"));
    });
  }

  test("the command set matches COMMAND COUNT / COMMAND LIST", async () => {
    const count = await c2.send("COMMAND", "COUNT");
    expect(count.resp).toMatchObject({ t: "int", v: commandNames().length });
    const list = await c2.send("COMMAND", "LIST");
    // COMMAND COUNT counts top-level commands; COMMAND LIST also lists subcommands.
    const listed = (list.resp as { v: { v: string }[] }).v.map((x) => x.v).sort();
    expect(listed).toEqual([...allCommandNames()].sort());
  });
});
