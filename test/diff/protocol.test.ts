// Raw bytes on the wire, compared with redis-server 7.0: protocol errors
// (byte-identical "-ERR Protocol error: ..." reply, then the connection is
// closed), inline commands, empty frames, and inputs Redis just waits on.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { hasRedis, requireRedisInCI, testWithRedis } from "../helpers/diff.ts";
import { startRedis, type TempRedis } from "../helpers/resp-client.ts";
import { startServer, type RunningServer } from "../../src/lib.ts";

requireRedisInCI();

interface Seen {
  out: string;
  closed: boolean;
}

/**
 * Connects, writes the pieces (a short pause between them), and collects
 * what comes back until the server closes the connection or stays quiet for
 * `idleMs`.
 */
async function exchange(port: number, pieces: Buffer[], idleMs = 250): Promise<Seen> {
  let out = Buffer.alloc(0);
  let closed = false;
  let last = Date.now();
  const sock = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, d) {
        out = Buffer.concat([out, Buffer.from(d)]);
        last = Date.now();
      },
      close() {
        closed = true;
      },
      error() {
        closed = true;
      },
    },
  });
  for (const p of pieces) {
    sock.write(p);
    await Bun.sleep(5);
  }
  last = Date.now();
  const deadline = Date.now() + 5000;
  while (!closed && Date.now() - last < idleMs && Date.now() < deadline) await Bun.sleep(10);
  const wasClosed = closed;
  if (!closed) sock.end();
  return { out: out.toString("latin1"), closed: wasClosed };
}

const b = (s: string) => Buffer.from(s, "latin1");
const mb = (...args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join("");

// [name, pieces]
const CASES: [string, string[]][] = [
  ["*abc", ["*abc\r\n"]],
  ["*-0", ["*-0\r\nPING\r\n"]],
  ["*-1 is skipped", ["*-1\r\nPING\r\n"]],
  ["*0 is skipped", ["*0\r\nPING\r\n"]],
  ["*-9223372036854775808 is skipped", ["*-9223372036854775808\r\nPING\r\n"]],
  ["*-9223372036854775809", ["*-9223372036854775809\r\nPING\r\n"]],
  ["*2147483647 waits", ["*2147483647\r\n$4\r\nPING\r\n"]],
  ["*2147483648", ["*2147483648\r\n"]],
  ["* empty count", ["*\r\n"]],
  ["*+1", ["*+1\r\n$4\r\nPING\r\n"]],
  ["*01", ["*01\r\n$4\r\nPING\r\n"]],
  ["*1 with a space", ["*1 \r\n$4\r\nPING\r\n"]],
  ["count line ends in LF only", ["*1\n$4\r\nPING\r\n"]],
  ["junk after the count's CR", ["*1\rX$4\r\nPING\r\n"]],
  ["$-1", ["*1\r\n$-1\r\n"]],
  ["$abc", ["*1\r\n$abc\r\n"]],
  ["$ empty", ["*1\r\n$\r\n"]],
  ["$-0", ["*1\r\n$-0\r\n"]],
  ["$4 with a space", ["*1\r\n$4 \r\nPING\r\n"]],
  ["$512MB waits", ["*1\r\n$536870912\r\n"]],
  ["$512MB+1", ["*1\r\n$536870913\r\n"]],
  ["expected $ got x", ["*1\r\nx\r\n"]],
  ["expected $ got NUL: waits", ["*1\r\n\0\r\n"]],
  ["commands before an error are answered", ["PING\r\n" + mb("ECHO", "a") + "*1\r\n:4\r\nPING\r\n"]],
  ["error split across reads", ["PING\r\n*1\r", "\n$", "x\r", "\nPING\r\n"]],
  ["no CRLF check after a bulk", ["*2\r\n$4\r\nECHOxx$1\r\nabc\r\n"]],
  ['unbalanced "foo', ['SET "foo\r\n']],
  ["unbalanced 'bar", ["SET 'bar\r\n"]],
  ['"a"b', ['SET "a"b c\r\n']],
  ["'a'b", ["SET 'a'b c\r\n"]],
  ['a"b c"d', ['ECHO a"b c"d\r\n']],
  ['a"b c" d', ['ECHO a"b c" d\r\n']],
  ["escaped closing quote", ['ECHO "abc\\"\r\n']],
  ["single quotes only escape '", ["ECHO 'a\\nb\\\\'\r\n"]],
  ["inline escapes", ['SET k "a\\x41\\n\\t\\r\\\\\\"z" \r\nGET k\r\nECHO \'it\\\'s\'\r\n']],
  ["inline tabs, LF line ends, empty lines", ["ECHO\t  x\t\nPING\n\n\r\nECHO \"\"\n"]],
  ["inline bad hex", ['ECHO "\\xZZ\\x4" \r\n']],
  ["inline \\v is not a separator", ["ECHO\va b\r\n"]],
  ["inline lone CR", ["PING\rPING\r\n"]],
  ["inline NUL waits", ["ECHO a\0b\r\nPING\r\n"]],
  ["inline NUL in quotes waits", ['ECHO "a\0b"\r\nPING\r\n']],
  ["inline NUL first waits", ["\0\r\nPING\r\n"]],
  ["inline 64 KB without newline waits", ["A".repeat(64 * 1024)]],
  ["inline 64 KB + 1 without newline", ["A".repeat(64 * 1024 + 1)]],
  ["inline 64 KB in pieces", ["A".repeat(32 * 1024), "A".repeat(32 * 1024), "A"]],
  ["inline 70 KB line with newline", ["ECHO " + "A".repeat(70000) + "\r\n"]],
  ["too big mbulk count string", ["*" + "1".repeat(70000)]],
  ["too big bulk count string", ["*1\r\n$" + "1".repeat(70000)]],
  ["unknown command", ["FOO bar baz\r\n"]],
  ["QUIT", ["PING\r\nQUIT\r\nPING\r\n"]],
  ["*11 without AUTH needed", ["*11\r\n"]],
  ["$16385 without AUTH needed", ["*1\r\n$16385\r\n"]],
];

const AUTH_CASES: [string, string[]][] = [
  ["*11", ["*11\r\n"]],
  ["*10 waits", ["*10\r\n"]],
  ["*2147483647", ["*2147483647\r\n"]],
  ["$16385", ["*1\r\n$16385\r\n"]],
  ["$536870912", ["*1\r\n$536870912\r\n"]],
  ["$536870913", ["*1\r\n$536870913\r\n"]],
  ["$16384 is fine", [mb("ECHO", "x".repeat(16384))]],
  ["inline 20 KB is fine", ["ECHO " + "x".repeat(20000) + "\r\n"]],
  ["*-1 then PING", ["*-1\r\nPING\r\n"]],
  ["unknown command before NOAUTH", ["FOO bar\r\n"]],
  ["arity before NOAUTH", ['ECHO a"b c" d\r\n']],
  ["AUTH lifts the limits", [mb("AUTH", "pw") + "*11\r\n" + "$4\r\nECHO\r\n" + "$1\r\nx\r\n".repeat(10)]],
];

function suite(name: string, cases: [string, string[]][], config: Record<string, string>) {
  describe(name, () => {
    let redis: TempRedis | null = null;
    let redbun: RunningServer | null = null;
    beforeAll(async () => {
      if (!hasRedis) return;
      redis = await startRedis();
      redbun = await startServer({ port: 0, config });
      if (config.requirepass) {
        // startRedis has no config knob; set it over the wire.
        const s = await exchange(redis.port, [b(mb("CONFIG", "SET", "requirepass", config.requirepass))]);
        expect(s.out).toBe("+OK\r\n");
      }
    });
    afterAll(async () => {
      await redis?.stop();
      await redbun?.stop();
    });

    testWithRedis("every case: same bytes back, same close behaviour", async () => {
      const run = (port: number) => Promise.all(cases.map(([, pieces]) => exchange(port, pieces.map(b))));
      const [want, got] = await Promise.all([run(redis!.port), run(redbun!.port)]);
      const mismatches: string[] = [];
      cases.forEach(([n], i) => {
        const w = want[i]!;
        const g = got[i]!;
        if (w.out !== g.out || w.closed !== g.closed) {
          const show = (s: Seen) => `${JSON.stringify(s.out.length > 200 ? s.out.slice(0, 200) + "…" : s.out)} ${s.closed ? "closed" : "open"}`;
          mismatches.push(`${n}\n   redis:  ${show(w)}\n   redbun: ${show(g)}`);
        }
      });
      expect(mismatches).toEqual([]);
      // Sanity: the protocol errors really were seen (the servers did not just stay silent).
      expect(got.filter((s) => s.out.startsWith("-ERR Protocol error: ")).length).toBeGreaterThan(cases.length / 4);
    }, 30_000);
  });
}

suite("protocol, no password", CASES, {});
suite("protocol, requirepass set (unauthenticated limits)", AUTH_CASES, { requirepass: "pw" });
