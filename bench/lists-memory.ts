// Memory per element of a 1M-element list (src/store/list.ts), measured in a
// fresh process per configuration:
//   bun bench/lists-memory.ts            # all configurations
//   bun bench/lists-memory.ts 16 right   # one: element length, push side
// "heap" is the JS heap growth (bun:jsc heapStats; the list's slots and the
// string cells), "rss" the process's resident growth (adds the string bodies,
// which JSC allocates outside the GC heap, and allocator slack).

import { heapStats } from "bun:jsc";
import { ListValue } from "../src/store/list.ts";

const N = 1_000_000;

function settle(): { heap: number; rss: number } {
  Bun.gc(true);
  Bun.gc(true);
  return { heap: heapStats().heapSize, rss: process.memoryUsage.rss() };
}

if (process.argv.length < 4) {
  for (const [len, side] of [["1", "right"], ["8", "right"], ["16", "right"], ["16", "left"], ["32", "right"], ["64", "right"]] as const) {
    const p = Bun.spawnSync(["bun", import.meta.path, len, side], { stdout: "inherit", stderr: "inherit" });
    if (p.exitCode !== 0) process.exit(1);
  }
} else {
  const len = Number(process.argv[2]);
  const side = process.argv[3];
  // Elements made as the request parser makes them: a latin1 slice of received bytes.
  const src = Buffer.alloc(Math.max(len, 1), 120);
  const make = (i: number): string => {
    // The low digits of i, right-aligned over 'x' padding, with no temporaries.
    for (let p = len - 1; p >= 0; p--) {
      src[p] = i > 0 || p === len - 1 ? 48 + (i % 10) : 120;
      i = Math.floor(i / 10);
    }
    return src.latin1Slice(0, len);
  };
  const before = settle();
  const l = new ListValue();
  (globalThis as { keep?: unknown }).keep = l;
  for (let i = 0; i < N; i++) {
    const s = make(i);
    if (side === "left") l.pushLeft(s);
    else l.pushRight(s);
  }
  const after = settle();
  const per = (a: number, b: number) => ((b - a) / N).toFixed(1);
  console.log(
    `${N} elements of ${len} bytes, pushed ${side}: heap ${per(before.heap, after.heap)} B/element, rss ${per(before.rss, after.rss)} B/element`,
  );
}
