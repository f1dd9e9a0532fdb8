// Server commands: DBSIZE, FLUSHDB, FLUSHALL, TIME, INFO, CONFIG, COMMAND.

import type { Client } from "../client.ts";
import { err, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

function dbsize(c: Client): void {
  c.w.int(c.db.size);
}

/** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both are synchronous here (freeing is the GC's job). */
function flushOption(c: Client, argv: string[]): boolean {
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1]!, "ASYNC") && !is(argv[1]!, "SYNC"))) {
    err(c, E.SYNTAX);
    return false;
  }
  return true;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushOption(c, argv)) return;
  c.server.flushDb(c.db);
  c.w.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushOption(c, argv)) return;
  for (const db of c.server.dbs) c.server.flushDb(db);
  c.w.ok();
}

function time(c: Client): void {
  const us = BigInt(Math.round(performance.timeOrigin * 1000 + performance.now() * 1000));
  c.w.arrayHeader(2);
  c.w.bulk(String(us / 1000000n));
  c.w.bulk(String(us % 1000000n));
}

export const serverCommands: CommandDef[] = [
  { name: "dbsize", arity: 1, flags: ["readonly", "fast"], handler: dbsize },
  { name: "flushdb", arity: -1, flags: ["write"], handler: flushdb },
  { name: "flushall", arity: -1, flags: ["write"], handler: flushall },
  { name: "time", arity: 1, flags: ["loading", "stale", "fast"], handler: time },
];
