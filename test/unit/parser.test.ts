// The request parser on its own: every frame split at every byte boundary
// parses to the same argv, limits and protocol errors carry Redis's texts, and
// a big value arriving in small pieces is assembled with a linear number of
// copied bytes.
//
// Expected error texts and behaviours (which inputs wait for more bytes, which
// empty frames are skipped) were recorded from redis-server 7.0.15 by sending
// the raw bytes; test/diff/protocol.test.ts checks the same inputs against a
// live redis-server over sockets.

import { describe, expect, test } from "bun:test";
import { INLINE_MAX, RequestParser, splitArgs } from "../../src/protocol/parser.ts";

const b = (s: string) => Buffer.from(s, "latin1");

interface Outcome {
  cmds: string[][];
  error: string | null;
}

/** Feeds the chunks in order the way the server does and collects every command. */
function run(chunks: Buffer[], setup?: (p: RequestParser) => void): Outcome {
  const p = new RequestParser();
  setup?.(p);
  const cmds: string[][] = [];
  for (const chunk of chunks) {
    p.feed(chunk);
    for (;;) {
      const argv = p.next();
      if (argv === null) break;
      cmds.push(argv);
    }
    p.save();
    if (p.error !== null) break;
  }
  return { cmds, error: p.error };
}

/** The input split in two at position i. */
function splitAt(buf: Buffer, i: number): Buffer[] {
  return [buf.subarray(0, i), buf.subarray(i)];
}

function chunked(buf: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += n) out.push(buf.subarray(i, i + n));
  return out;
}

const bytewise = (buf: Buffer) => chunked(buf, 1);

/** Asserts that every two-way split, three-way splits and byte-by-byte feeding all give `want`. */
function expectAllSplits(input: Buffer, want: Outcome, opts: { triple?: boolean; setup?: (p: RequestParser) => void } = {}) {
  expect(run([input], opts.setup)).toEqual(want);
  for (let i = 0; i <= input.length; i++) {
    const got = run(splitAt(input, i), opts.setup);
    if (!Bun.deepEquals(got, want)) expect({ split: i, ...got }).toEqual({ split: i, ...want });
  }
  if (opts.triple) {
    for (let i = 1; i < input.length; i++) {
      for (let j = i + 1; j < input.length; j++) {
        const got = run([input.subarray(0, i), input.subarray(i, j), input.subarray(j)], opts.setup);
        if (!Bun.deepEquals(got, want)) expect({ split: [i, j], ...got }).toEqual({ split: [i, j], ...want });
      }
    }
  }
  expect(run(bytewise(input), opts.setup)).toEqual(want);
}

/** A RESP multibulk frame of latin1 arguments. */
function mb(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

const BINARY = "a\r\nb\0c\r\n\n\r$3\r\n*1\r\n\xff\x80\x00end";

// [wire text, argv it must produce]; an empty argv list means the frame is skipped.
const FRAMES: [string, string[][]][] = [
  [mb("SET", "key", "value"), [["SET", "key", "value"]]],
  [mb("MSET", "k1", "v1", "k2", "v2", "k3", "v3"), [["MSET", "k1", "v1", "k2", "v2", "k3", "v3"]]],
  [mb("SET", "k", ""), [["SET", "k", ""]]],
  [mb(""), [[""]]],
  [mb("SET", "bin", BINARY), [["SET", "bin", BINARY]]],
  [mb("ECHO", "\r\n"), [["ECHO", "\r\n"]]],
  ["*0\r\n", []],
  ["*-1\r\n", []],
  ["PING\r\n", [["PING"]]],
  ["PING\n", [["PING"]]],
  ["\r\n", []],
  ["\n", []],
  ["   \t \r\n", []],
  ["SET  a\t\tb \r\n", [["SET", "a", "b"]]],
  ['SET a "b c"\n', [["SET", "a", "b c"]]],
  ['ECHO "x\\n\\r\\t\\b\\a\\"\\\\\\x41\\x7a\\xff\\xZZ\\q"\r\n', [["ECHO", 'x\n\r\t\b\x07"\\Az\xffxZZq']]],
  ["ECHO 'it\\'s \"quoted\" \\n'\r\n", [["ECHO", 'it\'s "quoted" \\n']]],
  ['ECHO "" \'\'\r\n', [["ECHO", "", ""]]],
  ['ECHO a"b c"\r\n', [["ECHO", "ab c"]]],
  ["ECHO\va b\r\n", [["ECHO\va", "b"]]],
  ["PING\rPING\r\n", [["PING", "PING"]]],
  ["*2\r\n$4\r\nECHOxx$1\r\nabc\r\n", [["ECHO", "a"]]], // Redis does not check the CRLF after a bulk
  ["*1\rX$4\r\nPING\r\n", [["PING"]]], // nor the LF after the count's CR
];

describe("frames split at every byte boundary", () => {
  for (const [wire, argv] of FRAMES) {
    test(JSON.stringify(wire).slice(0, 70), () => {
      expectAllSplits(b(wire), { cmds: argv, error: null }, { triple: wire.length <= 80 });
    });
  }

  test("a pipeline of every frame above, mixed RESP and inline", () => {
    const wire = FRAMES.map(([w]) => w).join("");
    const want = FRAMES.flatMap(([, a]) => a);
    expectAllSplits(b(wire), { cmds: want, error: null });
  });

  test("a short mixed pipeline split at every pair of boundaries", () => {
    const wire = mb("SET", "k", "a\r\nb") + 'GET "k"\n' + "\r\n" + mb("DEL", "") + "*0\r\n" + "PING\r\n";
    expectAllSplits(b(wire), { cmds: [["SET", "k", "a\r\nb"], ["GET", "k"], ["DEL", ""], ["PING"]], error: null }, { triple: true });
  });

  test("all 256 byte values survive a bulk argument", () => {
    let all = "";
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    expectAllSplits(b(mb("SET", all, all + all)), { cmds: [["SET", all, all + all]], error: null });
  });

  test("argv is latin1: one char per byte, never UTF-8 decoded", () => {
    const wire = Buffer.concat([b("*2\r\n$4\r\nECHO\r\n$3\r\n"), Buffer.from("€"), b("\r\n")]);
    const { cmds } = run([wire]);
    expect(cmds[0]![1]).toBe("\xe2\x82\xac");
  });

  test("commands come out one at a time, and next() returns null until the rest arrives", () => {
    const p = new RequestParser();
    p.feed(b(mb("A") + mb("B", "x") + "C y\r\n" + "*2\r\n$1\r\nD\r\n$3\r\nab"));
    expect(p.next()).toEqual(["A"]);
    expect(p.next()).toEqual(["B", "x"]);
    expect(p.next()).toEqual(["C", "y"]);
    expect(p.next()).toBeNull();
    expect(p.error).toBeNull();
    p.save();
    p.feed(b("c\r"));
    expect(p.next()).toBeNull();
    p.save();
    p.feed(b("\n"));
    expect(p.next()).toEqual(["D", "abc"]);
    expect(p.next()).toBeNull();
  });

  test("a parse can stop midway (backpressure) and resume from the saved tail", () => {
    const p = new RequestParser();
    p.feed(b(mb("A") + mb("B") + mb("C")));
    expect(p.next()).toEqual(["A"]);
    p.save(); // the server stops here while the client's output is over the bound
    p.feed(Buffer.alloc(0));
    expect(p.next()).toEqual(["B"]);
    expect(p.next()).toEqual(["C"]);
    expect(p.next()).toBeNull();
  });
});

describe("protocol errors (texts as redis-server 7.0 replies them after '-ERR ')", () => {
  // [wire, commands parsed before the error, error text]
  const ERRORS: [string, string[][], string][] = [
    ["*abc\r\n", [], "Protocol error: invalid multibulk length"],
    ["*-0\r\n", [], "Protocol error: invalid multibulk length"],
    ["*\r\n", [], "Protocol error: invalid multibulk length"],
    ["*+1\r\n", [], "Protocol error: invalid multibulk length"],
    ["*01\r\n", [], "Protocol error: invalid multibulk length"],
    ["*1 \r\n", [], "Protocol error: invalid multibulk length"],
    ["*1\n$4\r\nPING\r\n", [], "Protocol error: invalid multibulk length"], // the count line needs a CR
    ["*2147483648\r\n", [], "Protocol error: invalid multibulk length"],
    ["*9223372036854775807\r\n", [], "Protocol error: invalid multibulk length"],
    ["*-9223372036854775809\r\n", [], "Protocol error: invalid multibulk length"],
    ["*99999999999999999999\r\n", [], "Protocol error: invalid multibulk length"],
    ["*1\r\n$-1\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$abc\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$-0\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$4 \r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$536870913\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\n$9223372036854775808\r\n", [], "Protocol error: invalid bulk length"],
    ["*1\r\nx\r\n", [], "Protocol error: expected '$', got 'x'"],
    ["*2\r\n$4\r\nECHO\r\n:1\r\n", [], "Protocol error: expected '$', got ':'"],
    ["PING\r\n" + mb("PING") + "*1\r\n:4\r\nPING\r\n", [["PING"], ["PING"]], "Protocol error: expected '$', got ':'"],
    ['SET "foo\r\n', [], "Protocol error: unbalanced quotes in request"],
    ["SET 'bar\r\n", [], "Protocol error: unbalanced quotes in request"],
    ['SET "a"b c\r\n', [], "Protocol error: unbalanced quotes in request"],
    ["SET 'a'b c\r\n", [], "Protocol error: unbalanced quotes in request"],
    ['ECHO a"b c"d\r\n', [], "Protocol error: unbalanced quotes in request"],
    ['ECHO "abc\\"\r\n', [], "Protocol error: unbalanced quotes in request"],
    ["ECHO 'a\\nb\\\\'\r\n", [], "Protocol error: unbalanced quotes in request"],
    ['PING\r\nECHO "x\nPING\r\n', [["PING"]], "Protocol error: unbalanced quotes in request"],
  ];
  for (const [wire, before, error] of ERRORS) {
    test(JSON.stringify(wire), () => {
      expectAllSplits(b(wire), { cmds: before, error }, { triple: wire.length <= 40 });
    });
  }

  test("nothing is parsed after an error", () => {
    const p = new RequestParser();
    p.feed(b("*x\r\nPING\r\n"));
    expect(p.next()).toBeNull();
    expect(p.error).toBe("Protocol error: invalid multibulk length");
    expect(p.next()).toBeNull();
  });

  test("counts within limits are accepted: *2147483647, $536870912, *-9223372036854775808 (skipped)", () => {
    expect(run([b("*2147483647\r\n$4\r\nPING\r\n")])).toEqual({ cmds: [], error: null });
    expect(run([b("*1\r\n$536870912\r\n")])).toEqual({ cmds: [], error: null });
    expect(run([b("*-9223372036854775808\r\nPING\r\n")])).toEqual({ cmds: [["PING"]], error: null });
    expect(run([b("*-5\r\nPING\r\n")])).toEqual({ cmds: [["PING"]], error: null });
  });

  test("proto-max-bulk-len is the parser's maxBulk", () => {
    const setup = (p: RequestParser) => {
      p.maxBulk = 10;
    };
    expect(run([b(mb("ECHO", "0123456789"))], setup)).toEqual({ cmds: [["ECHO", "0123456789"]], error: null });
    expect(run([b(mb("ECHO", "0123456789a"))], setup)).toEqual({ cmds: [], error: "Protocol error: invalid bulk length" });
  });

  // strchr() on Redis's NUL-terminated query buffer stops at a NUL byte, so a
  // NUL before the end of a line hides the line end: Redis waits for more
  // input (until the line is too big) instead of replying.
  test("a NUL byte before a line's end makes Redis (and redbun) wait", () => {
    for (const wire of ["ECHO a\0b\r\nPING\r\n", 'ECHO "a\0b"\r\nPING\r\n', "\0\r\nPING\r\n", "*1\r\n\0\r\n$4\r\nPING\r\n", "*1\0\r\n"]) {
      expectAllSplits(b(wire), { cmds: [], error: null });
    }
    // ...and the line then counts toward the size limits.
    const inline = "ECHO a\0\r\n" + "x".repeat(INLINE_MAX);
    expect(run([b(inline)])).toEqual({ cmds: [], error: "Protocol error: too big inline request" });
    expect(run(chunked(b(inline), 997))).toEqual({ cmds: [], error: "Protocol error: too big inline request" });
    expect(run([b("*1\r\n\0" + "x".repeat(INLINE_MAX))])).toEqual({ cmds: [], error: "Protocol error: too big bulk count string" });
  });

  test("a NUL inside a bulk argument is data", () => {
    expect(run([b(mb("ECHO", "\0\0"))])).toEqual({ cmds: [["ECHO", "\0\0"]], error: null });
  });
});

describe("size limits", () => {
  test("an inline line may be 64 KB with no newline yet; one more byte is too big", () => {
    expect(run([b("A".repeat(INLINE_MAX))])).toEqual({ cmds: [], error: null });
    expect(run([b("A".repeat(INLINE_MAX + 1))])).toEqual({ cmds: [], error: "Protocol error: too big inline request" });
    // The limit applies to what is buffered, however it arrived.
    const pieces = Array.from({ length: 65 }, () => b("A".repeat(1024)));
    expect(run(pieces)).toEqual({ cmds: [], error: "Protocol error: too big inline request" });
  });

  test("an inline line longer than 64 KB that arrives whole with its newline is accepted", () => {
    const arg = "A".repeat(70000);
    expect(run([b(`ECHO ${arg}\r\n`)])).toEqual({ cmds: [["ECHO", arg]], error: null });
  });

  test("a 64 KB inline line arriving one byte at a time", () => {
    // The search for the line end resumes where the previous read left it
    // (without that this is a 2-billion-step rescan, seconds rather than ms).
    const arg = "x".repeat(INLINE_MAX - 10);
    expect(run(bytewise(b(`ECHO ${arg}\n`)))).toEqual({ cmds: [["ECHO", arg]], error: null });
  });

  test("too big mbulk count string / too big bulk count string", () => {
    expect(run([b("*" + "1".repeat(INLINE_MAX + 1))])).toEqual({ cmds: [], error: "Protocol error: too big mbulk count string" });
    expect(run([b("*1\r\n$" + "1".repeat(INLINE_MAX))])).toEqual({ cmds: [], error: "Protocol error: too big bulk count string" });
    expect(run([b("*" + "1".repeat(1000))])).toEqual({ cmds: [], error: null });
  });

  test("unauthenticated clients: multibulk count over 10, bulk over 16384 bytes", () => {
    const auth = (p: RequestParser) => {
      p.authRequired = true;
    };
    expect(run([b("*11\r\n")], auth)).toEqual({ cmds: [], error: "Protocol error: unauthenticated multibulk length" });
    expect(run([b("*10\r\n")], auth)).toEqual({ cmds: [], error: null });
    expect(run([b("*1\r\n$16385\r\n")], auth)).toEqual({ cmds: [], error: "Protocol error: unauthenticated bulk length" });
    expect(run([b("*2147483647\r\n")], auth)).toEqual({ cmds: [], error: "Protocol error: unauthenticated multibulk length" });
    expect(run([b("*2147483648\r\n")], auth)).toEqual({ cmds: [], error: "Protocol error: invalid multibulk length" });
    expect(run([b("*1\r\n$536870913\r\n")], auth)).toEqual({ cmds: [], error: "Protocol error: invalid bulk length" });
    const v = "v".repeat(16384);
    expect(run([b(mb("AUTH", v))], auth)).toEqual({ cmds: [["AUTH", v]], error: null });
    // Inline requests have no such limit.
    const long = "x".repeat(20000);
    expect(run([b(`AUTH ${long}\r\n`)], auth)).toEqual({ cmds: [["AUTH", long]], error: null });
  });

  test("authentication lifts the limits for the rest of the stream", () => {
    const p = new RequestParser();
    p.authRequired = true;
    p.feed(b(mb("AUTH", "pw")));
    expect(p.next()).toEqual(["AUTH", "pw"]);
    p.authRequired = false; // what Client.setAuthenticated does
    p.feed(b(""));
    p.save();
    const args = Array.from({ length: 20 }, (_, i) => String(i));
    p.feed(b(mb("MSET", ...args)));
    expect(p.next()).toEqual(["MSET", ...args]);
  });
});

describe("big values in small pieces", () => {
  const SIZE = 8 * 1024 * 1024;
  const value = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) value[i] = (i * 7 + (i >> 13)) & 255;
  const frame = Buffer.concat([b(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${SIZE}\r\n`), value, b("\r\n"), b(mb("GET", "big"))]);
  const valueStr = value.toString("latin1");

  /** Splits frame into pieces whose sizes come from `size(i)`. */
  function* pieces(size: (i: number) => number, first?: number): Generator<Buffer> {
    let pos = 0;
    if (first !== undefined) {
      yield frame.subarray(0, first);
      pos = first;
    }
    for (let i = 0; pos < frame.length; i++) {
      const n = Math.max(1, size(i));
      yield frame.subarray(pos, pos + n);
      pos += n;
    }
  }

  function assemble(chunks: Iterable<Buffer>): { cmds: string[][]; copied: number } {
    const p = new RequestParser();
    const cmds: string[][] = [];
    for (const c of chunks) {
      p.feed(c);
      for (let a = p.next(); a !== null; a = p.next()) cmds.push(a);
      p.save();
      if (p.error !== null) break;
    }
    expect(p.error).toBeNull();
    return { cmds, copied: p.copiedBytes };
  }

  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };

  const REGIMES: [string, Iterable<Buffer>][] = [
    ["4 KB pieces", pieces(() => 4096)],
    ["random 1 B..4 KB pieces", pieces(() => 1 + (rand() % 4096))],
    ["1 KB pieces, the length line split after '$83'", pieces(() => 1024, 25)],
    ["17-byte pieces", pieces(() => 17)],
  ];
  for (const [name, chunks] of REGIMES) {
    test(`8 MB value, ${name}: correct, and each byte copied at most about twice`, () => {
      const { cmds, copied } = assemble(chunks);
      expect(cmds.length).toBe(2);
      expect(cmds[0]![0]).toBe("SET");
      expect(cmds[0]![1]).toBe("big");
      expect(cmds[0]![2]!.length).toBe(SIZE);
      expect(cmds[0]![2] === valueStr).toBe(true);
      expect(cmds[1]).toEqual(["GET", "big"]);
      // Linear assembly: every byte is copied into the parser's buffer once,
      // plus at most one move of the partial value when its length becomes known.
      expect(copied).toBeLessThanOrEqual(frame.length + 64 * 1024);
    });
  }

  test("8 MB value one byte at a time", () => {
    const chunks = pieces(() => 1);
    const { cmds, copied } = assemble(chunks);
    expect(cmds.length).toBe(2);
    expect(cmds[0]![2] === valueStr).toBe(true);
    expect(copied).toBeLessThanOrEqual(frame.length + 64 * 1024);
  }, 60_000);

  test("many commands each arriving in pieces do not accumulate copies", () => {
    const one = b(mb("SET", "k", "v".repeat(1000)));
    const stream = Buffer.concat(Array.from({ length: 2000 }, () => one));
    const chunks: Buffer[] = [];
    for (let pos = 0; pos < stream.length; pos += 333) chunks.push(stream.subarray(pos, pos + 333));
    const p = new RequestParser();
    let n = 0;
    for (const c of chunks) {
      p.feed(c);
      for (let a = p.next(); a !== null; a = p.next()) n++;
      p.save();
    }
    expect(n).toBe(2000);
    expect(p.copiedBytes).toBeLessThanOrEqual(2 * stream.length);
  });
});

describe("splitArgs (sdssplitargs)", () => {
  const split = (s: string) => splitArgs(b(s), 0, s.length);
  test("words, quotes and escapes", () => {
    expect(split("")).toEqual([]);
    expect(split("  \t ")).toEqual([]);
    expect(split("a b\tc")).toEqual(["a", "b", "c"]);
    expect(split('"a b" \'c d\'')).toEqual(["a b", "c d"]);
    expect(split('"\\x41\\x4a\\x4"')).toEqual(["AJx4"]);
    expect(split("'\\x41'")).toEqual(["\\x41"]);
    expect(split('x"y z"')).toEqual(["xy z"]);
    expect(split("a\vb")).toEqual(["a\vb"]);
    expect(split("\va\f")).toEqual(["a\f"]); // \f and \v separate words only before one
  });
  test("unbalanced quotes give null", () => {
    expect(split('"abc')).toBeNull();
    expect(split("'abc")).toBeNull();
    expect(split('"a"b')).toBeNull();
    expect(split("'a'b")).toBeNull();
    expect(split('"abc\\"')).toBeNull();
  });
});
