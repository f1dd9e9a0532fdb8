// Persistence commands: SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF, SHUTDOWN
// (Redis 7.0's rdb.c, aof.c, server.c) and DUMP / RESTORE (cluster.c), with
// Redis's serialized value format (RDB object + RDB version + CRC64).

import type { Client } from "../client.ts";
import { FormatError } from "../persistence/bytes.ts";
import { objectFromPlain, writeObject, writeObjectType } from "../persistence/objects.ts";
import { dumpPayload, readDumpPayload, verifyDumpPayload } from "../persistence/rdb.ts";
import { bytesOf, stringOf } from "../persistence/bytes.ts";
import { installPersistence, persistenceOf } from "../persistence/snapshot.ts";
import { N } from "../propagate.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { readKey, written } from "./access.ts";
import { err, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

function save(c: Client): void {
  const p = persistenceOf(c.server);
  if (p.bgsaveInProgress) return err(c, "ERR Background save already in progress");
  p.saves++;
  if (p.saveSync()) c.w.ok();
  else err(c, "ERR");
}

function bgsave(c: Client, argv: string[]): void {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && is(argv[1]!, "SCHEDULE")) schedule = true;
    else return err(c, E.SYNTAX);
  }
  const p = persistenceOf(c.server);
  if (p.bgsaveInProgress) return err(c, "ERR Background save already in progress");
  if (p.job !== null || c.inExec) {
    if (schedule || c.inExec) {
      p.bgsaveScheduled = true;
      c.w.simple("Background saving scheduled");
    } else {
      err(c, "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    return;
  }
  const e = p.bgsave();
  if (e === null) c.w.simple("Background saving started");
  else err(c, "ERR");
}

function lastsave(c: Client): void {
  c.w.int(persistenceOf(c.server).lastSave);
}

function bgrewriteaof(c: Client): void {
  const p = persistenceOf(c.server);
  if (p.aofRewriteInProgress) return err(c, "ERR Background append only file rewriting already in progress");
  if (p.job !== null || c.inExec) {
    p.aof.rewriteScheduled = true;
    p.aof.consecutiveFailures = 0;
    c.w.simple("Background append only file rewriting scheduled");
    return;
  }
  if (p.aof.rewriteBackground() === null) c.w.simple("Background append only file rewriting started");
  else err(c, "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
}

function shutdown(c: Client, argv: string[]): void {
  let nosave = false;
  let saveFlag = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (is(a, "NOSAVE")) nosave = true;
    else if (is(a, "SAVE")) saveFlag = true;
    else if (is(a, "NOW")) now = true;
    else if (is(a, "FORCE")) force = true;
    else if (is(a, "ABORT")) abort = true;
    else return err(c, E.SYNTAX);
  }
  if ((abort && (nosave || saveFlag || now || force)) || (nosave && saveFlag)) return err(c, E.SYNTAX);
  // A shutdown here is never left pending (no replicas to wait for), so there is nothing to abort.
  if (abort) return err(c, "ERR No shutdown in progress.");
  const server = c.server;
  const p = persistenceOf(server);
  if (p.loading) {
    saveFlag = false;
    nosave = true;
  }
  if (!p.prepareForShutdown({ save: saveFlag, nosave, force })) return err(c, "ERR Errors trying to SHUTDOWN. Check logs.");
  // Success: no reply, the connection closes as the server stops.
  c.closeAfterReply = true;
  if (server.onShutdownRequest) server.onShutdownRequest();
  else void server.stop();
}

// --- DUMP / RESTORE ---------------------------------------------------------

function dump(c: Client, argv: string[]): void {
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.nullBulk();
  const server = c.server;
  let payload: Uint8Array;
  try {
    payload = dumpPayload((rw) => {
      writeObjectType(rw, v);
      writeObject(rw, v, server.limits);
    }, server.config.getBool("rdbcompression"));
  } catch (e) {
    return err(c, `ERR ${(e as Error).message}`);
  }
  c.w.bulk(stringOf(payload));
}

/** getLongLongFromObjectOrReply */
function llArg(c: Client, s: string): number | bigint | null {
  const v = parseIntStrict(s);
  if (v === null) err(c, E.NOT_INT);
  return v;
}

function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const a = argv[j]!;
    const additional = argv.length - j - 1;
    if (is(a, "REPLACE")) replace = true;
    else if (is(a, "ABSTTL")) absttl = true;
    else if (is(a, "IDLETIME") && additional >= 1 && freq === -1) {
      const v = llArg(c, argv[j + 1]!);
      if (v === null) return;
      if (v < 0) return err(c, "ERR Invalid IDLETIME value, must be >= 0");
      idle = Number(v);
      j++;
    } else if (is(a, "FREQ") && additional >= 1 && idle === -1) {
      const v = llArg(c, argv[j + 1]!);
      if (v === null) return;
      if (v < 0 || v > 255) return err(c, "ERR Invalid FREQ value, must be >= 0 and <= 255");
      freq = Number(v);
      j++;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const key = argv[1]!;
  const db = c.db;
  if (!replace && db.get(key) !== undefined) return err(c, "BUSYKEY Target key name already exists.");
  const ttlArg = llArg(c, argv[2]!);
  if (ttlArg === null) return;
  if (ttlArg < 0) return err(c, "ERR Invalid TTL value, must be >= 0");
  let ttl = Number(ttlArg);
  const payload = bytesOf(argv[3]!);
  if (!verifyDumpPayload(payload)) return err(c, "ERR DUMP payload version or checksum are wrong");
  const server = c.server;
  let obj;
  try {
    obj = objectFromPlain(readDumpPayload(payload), server.limits);
  } catch (e) {
    if (e instanceof FormatError || e instanceof RangeError) return err(c, "ERR Bad data format");
    throw e;
  }
  if (obj === null) return err(c, "ERR Bad data format");
  let deleted = false;
  if (replace) deleted = db.delete(key);
  if (ttl !== 0 && !absttl) ttl += Date.now();
  if (ttl !== 0 && ttl <= Date.now()) {
    // Already expired: the key is not created (and an old one is deleted).
    if (deleted) {
      c.propagate(["DEL", key]);
      written(c, key, N.GENERIC, "del");
    }
    c.w.ok();
    return;
  }
  db.set(key, obj);
  if (ttl !== 0) {
    db.setExpire(key, ttl);
    if (!absttl) {
      const as = argv.slice();
      as[2] = String(ttl);
      as.push("ABSTTL");
      c.propagate(as);
    }
  }
  written(c, key, N.GENERIC, "restore");
  c.w.ok();
}

export const persistenceCommands: CommandDef[] = [
  { name: "save", arity: 1, flags: ["admin", "noscript", "no_async_loading", "no_multi"], handler: save },
  { name: "bgsave", arity: -1, flags: ["admin", "noscript", "no_async_loading"], handler: bgsave },
  { name: "lastsave", arity: 1, flags: ["loading", "stale", "fast"], handler: lastsave },
  { name: "bgrewriteaof", arity: 1, flags: ["admin", "noscript", "no_async_loading"], handler: bgrewriteaof },
  { name: "shutdown", arity: -1, flags: ["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"], handler: shutdown },
  { name: "dump", arity: 2, flags: ["readonly"], keys: [1, 1, 1], handler: dump },
  { name: "restore", arity: -4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: restore },
];

export { installPersistence };
