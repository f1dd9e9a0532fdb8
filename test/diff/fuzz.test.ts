// Differential fuzzing in the suite: fixed seeds, so a run is repeatable and a
// failure names the seed to replay (`bun run scripts/fuzz-diff.ts --seed N
// --rounds 1 --count 1500`). Each seed is a random sequence of commands of every
// type over a few shared keys (test/helpers/fuzz.ts), sent to redis-server and
// redbun; every reply must match. Longer runs with fresh seeds: scripts/fuzz-diff.ts.

import { describe, expect } from "bun:test";
import { compareReplies, requireRedisInCI, testWithRedis, useDiffPair } from "../helpers/diff.ts";
import { CommandGen } from "../helpers/fuzz.ts";
import { rng } from "../helpers/rng.ts";

requireRedisInCI();

const COMMANDS = 1500;

describe("random command sequences vs redis-server", () => {
  const pair = useDiffPair();

  for (const [seed, resp3] of [[1, false], [2, false], [3, false], [4, false], [5, true], [6, true]] as const) {
    testWithRedis(`seed ${seed}${resp3 ? " (RESP3)" : ""}: ${COMMANDS} commands reply alike`, async () => {
      const clients = [pair.redis, pair.redbun];
      for (const cmd of [["DISCARD"], ["UNWATCH"], ["FLUSHALL"], ["HELLO", resp3 ? "3" : "2"]]) {
        await Promise.all(clients.map((c) => c.send(...cmd)));
      }
      const gen = new CommandGen(rng(seed));
      const history: string[][] = [];
      let mismatch: string | null = null;
      for (let i = 0; i < COMMANDS && mismatch === null; i++) {
        const step = gen.next();
        history.push(step.cmd);
        const [a, b] = await Promise.all(clients.map((c) => c.send(...step.cmd)));
        mismatch = compareReplies(step, a!, b!);
      }
      // On failure: the mismatch and the commands that led to it.
      expect(mismatch === null ? null : [mismatch, ...history.slice(-10).map((h) => JSON.stringify(h))]).toBeNull();
    });
  }
});
