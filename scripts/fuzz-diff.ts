// Differential fuzzing: random command sequences (test/helpers/fuzz.ts) sent
// to a fresh redis-server and an in-process redbun; every reply compared.
//
//   bun run scripts/fuzz-diff.ts                      # 20 rounds × 2000 commands, random seeds
//   bun run scripts/fuzz-diff.ts --rounds 5 --count 500 --seed 42 [--resp3]
//
// Each round starts from FLUSHALL with its own seed. At the first mismatch the
// round stops (the two keyspaces may have diverged) and the mismatch is printed
// with the seed and the commands that led to it, so it can be replayed.

import { compareReplies } from "../test/helpers/diff.ts";
import { CommandGen } from "../test/helpers/fuzz.ts";
import { RespClient, startRedis } from "../test/helpers/resp-client.ts";
import { rng } from "../test/helpers/rng.ts";
import { startServer } from "../src/lib.ts";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const rounds = flag("--rounds", 20);
const count = flag("--count", 2000);
const seed0 = flag("--seed", Math.floor(Math.random() * 1e9));
const resp3 = process.argv.includes("--resp3");

const redis = await startRedis();
const redbun = await startServer({ port: 0 });
const a = await RespClient.connect(redis.port);
const b = await RespClient.connect(redbun.port);
let failures = 0;
// What the replies were: a fuzzer whose commands all fail on WRONGTYPE tests little.
const kinds = new Map<string, number>();
const tally = (k: string) => kinds.set(k, (kinds.get(k) ?? 0) + 1);
try {
  if (resp3) await Promise.all([a.send("HELLO", "3"), b.send("HELLO", "3")]);
  for (let round = 0; round < rounds; round++) {
    const seed = seed0 + round;
    // A round may end inside MULTI or with WATCHed keys: start each from a clean connection state.
    for (const cmd of [["DISCARD"], ["UNWATCH"], ["FLUSHALL"]]) await Promise.all([a.send(...cmd), b.send(...cmd)]);
    const gen = new CommandGen(rng(seed));
    const history: string[][] = [];
    for (let i = 0; i < count; i++) {
      const step = gen.next();
      history.push(step.cmd);
      const [x, y] = await Promise.all([a.send(...step.cmd), b.send(...step.cmd)]);
      tally(x.resp.t === "error" ? "error " + x.bytes.toString("latin1").split(" ")[0]!.slice(1) : x.resp.t);
      const m = compareReplies(step, x, y);
      if (m) {
        failures++;
        console.log(`\n--- seed ${seed}, step ${i}${resp3 ? " (RESP3)" : ""}: ${m}`);
        console.log("last commands:");
        for (const h of history.slice(-12)) console.log("  " + JSON.stringify(h));
        break;
      }
    }
  }
} finally {
  a.close();
  b.close();
  await redis.stop();
  await redbun.stop();
}
console.log("\nreplies by type:", [...kinds].sort((p, q) => q[1] - p[1]).map(([k, n]) => `${k} ${n}`).join(", "));
console.log(`${rounds} rounds × ${count} commands from seed ${seed0}: ${failures} round(s) with a mismatch`);
process.exit(failures > 0 ? 1 : 0);
