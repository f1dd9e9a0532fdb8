// mitata: the request parser (frames/s, MB/s) and in-process dispatch of the
// hot commands (GET/SET/INCR ops/s): parse → table lookup → handler → reply
// encoding, with no sockets involved.

import { bench, do_not_optimize, group, run, summary } from "mitata";
import { Client } from "../src/client.ts";
import { Config } from "../src/config.ts";
import { RequestParser } from "../src/protocol/parser.ts";
import { Server } from "../src/server.ts";

const frame = (...args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join("");

// 1000 pipelined frames per buffer, as a busy client sends them.
const N = 1000;
const getFrames = Buffer.from(Array.from({ length: N }, (_, i) => frame("GET", `key:${i % 100}`)).join(""), "latin1");
const setFrames = Buffer.from(Array.from({ length: N }, (_, i) => frame("SET", `key:${i % 100}`, "x".repeat(64))).join(""), "latin1");
const incrFrames = Buffer.from(Array.from({ length: N }, () => frame("INCR", "counter")).join(""), "latin1");
const inlineFrames = Buffer.from(Array.from({ length: N }, (_, i) => `GET key:${i % 100}\r\n`).join(""), "latin1");
const bigValue = Buffer.from(frame("SET", "big", "v".repeat(1 << 20)), "latin1");

function parseAll(buf: Buffer): number {
  const p = new RequestParser();
  p.feed(buf);
  let n = 0;
  while (p.next() !== null) n++;
  p.save();
  return n;
}

group("parser (1000 pipelined frames per iteration)", () => {
  summary(() => {
    bench(`GET frames (${getFrames.length} B)`, () => do_not_optimize(parseAll(getFrames)));
    bench(`SET 64 B value frames (${setFrames.length} B)`, () => do_not_optimize(parseAll(setFrames)));
    bench(`inline GET lines (${inlineFrames.length} B)`, () => do_not_optimize(parseAll(inlineFrames)));
  });
  bench("SET of a 1 MB value, in 4 KB chunks", () => {
    const p = new RequestParser();
    for (let off = 0; off < bigValue.length; off += 4096) {
      p.feed(bigValue.subarray(off, Math.min(off + 4096, bigValue.length)));
      while (p.next() !== null);
      p.save();
    }
  });
});

// A server that never listens; the client has no socket, so replies are
// encoded into the server's writer and dropped.
const config = new Config();
config.set("save", "", true);
const server = new Server(config);
server.log.sink = null;
const client = new Client(1, server, null, "127.0.0.1:1", "127.0.0.1:6379");

function dispatch(buf: Buffer): void {
  client.parser.feed(buf);
  server.processInput(client);
}
dispatch(setFrames); // keys exist for GET

group("dispatch (1000 pipelined commands per iteration: parse + execute + encode)", () => {
  summary(() => {
    bench("GET", () => dispatch(getFrames));
    bench("SET", () => dispatch(setFrames));
    bench("INCR", () => dispatch(incrFrames));
  });
});

const json = process.argv.includes("--json");
const results = await run(json ? { format: "json" } : {});
// Report rates in the units the issue asks for.
if (!json) {
  console.log("\nRates (each iteration = 1000 frames):");
  for (const b of results.benchmarks) {
    for (const r of b.runs) {
      const avgNs = r.stats?.avg;
      if (!avgNs) continue;
      const name = `${b.alias}`;
      const perSec = 1e9 / avgNs;
      const line = name.startsWith("SET of a 1 MB")
        ? `${name}: ${(perSec * (bigValue.length / 1048576)).toFixed(0)} MB/s`
        : name.includes("frames") || name.includes("lines")
          ? `${name}: ${((perSec * N) / 1e6).toFixed(2)} M frames/s`
          : `${name}: ${((perSec * N) / 1e6).toFixed(2)} M ops/s`;
      console.log("  " + line);
    }
  }
}
