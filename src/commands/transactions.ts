// MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the
// dispatcher's interceptor installed here, so no handler knows about MULTI.

import type { Client } from "../client.ts";
import { MultiState, WatchRegistry } from "../multi.ts";
import type { Server } from "../server.ts";
import { err } from "./args.ts";
import type { Command, CommandDef } from "./table.ts";

/** Commands that run immediately even inside MULTI. */
const NOT_QUEUED = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

const registries = new WeakMap<Server, WatchRegistry>();

export function watchRegistry(server: Server): WatchRegistry {
  return registries.get(server)!;
}

export function installTransactions(server: Server): void {
  registries.set(server, new WatchRegistry(server));
  server.interceptors.push((c: Client, cmd: Command, argv: string[]) => {
    if (c.multi === null) return false;
    const top = cmd.parent ?? cmd;
    if (NOT_QUEUED.has(top.name)) return false;
    if (cmd.flags.has("no_multi")) {
      c.multi.aborted = true;
      c.server.replyError(c, "ERR Command not allowed inside a transaction");
      return true;
    }
    c.multi.queue.push({ cmd, argv });
    c.w.queued();
    return true;
  });
  // Errors while queueing (unknown command, arity, auth) doom the transaction.
  server.rejectHooks.push((c) => {
    if (c.multi !== null) c.multi.aborted = true;
  });
  server.resetHooks.push((c) => {
    c.multi = null;
  });
}

function multi(c: Client): void {
  if (c.multi !== null) return err(c, "ERR MULTI calls can not be nested");
  c.multi = new MultiState();
  c.w.ok();
}

function discard(c: Client): void {
  if (c.multi === null) return err(c, "ERR DISCARD without MULTI");
  c.multi = null;
  watchRegistry(c.server).unwatchAll(c);
  c.w.ok();
}

function exec(c: Client): void {
  const m = c.multi;
  if (m === null) return err(c, "ERR EXEC without MULTI");
  const server = c.server;
  const watches = watchRegistry(server);
  c.multi = null;
  if (m.aborted) {
    watches.unwatchAll(c);
    return err(c, "EXECABORT Transaction discarded because of previous errors.");
  }
  if (c.dirtyCas || watches.expiredSinceWatch(c)) {
    watches.unwatchAll(c);
    c.w.nullArray();
    return;
  }
  watches.unwatchAll(c);
  c.w.arrayHeader(m.queue.length);
  c.inExec = true;
  server.prop.beginTransaction();
  try {
    for (const { cmd, argv } of m.queue) server.call(c, cmd, argv);
  } finally {
    server.prop.endTransaction(c.db.id);
    c.inExec = false;
    // The queued commands propagated themselves inside MULTI ... EXEC: EXEC
    // has nothing of its own to replay.
    c.propagateAs = [];
  }
}

function watch(c: Client, argv: string[]): void {
  if (c.multi !== null) return err(c, "ERR WATCH inside MULTI is not allowed");
  const reg = watchRegistry(c.server);
  for (let i = 1; i < argv.length; i++) reg.watch(c, argv[i]!);
  c.w.ok();
}

function unwatch(c: Client): void {
  watchRegistry(c.server).unwatchAll(c);
  c.w.ok();
}

export const transactionCommands: CommandDef[] = [
  { name: "multi", arity: 1, flags: ["noscript", "loading", "stale", "fast", "allow_busy"], handler: multi },
  { name: "exec", arity: 1, flags: ["noscript", "loading", "stale", "skip_slowlog"], handler: exec },
  { name: "discard", arity: 1, flags: ["noscript", "loading", "stale", "fast", "allow_busy"], handler: discard },
  { name: "watch", arity: -2, flags: ["noscript", "loading", "stale", "fast", "allow_busy"], keys: [1, -1, 1], handler: watch },
  { name: "unwatch", arity: 1, flags: ["noscript", "loading", "stale", "fast", "allow_busy"], handler: unwatch },
];
