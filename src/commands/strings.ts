// String commands (Redis's t_string.c).

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { compactString, RawString } from "../store/types.ts";
import { int64Add, parseIntStrict } from "../util/numbers.ts";
import { readKey, readString, written, notify, writeString } from "./access.ts";
import { err, int64Arg, is } from "./args.ts";
import { E, invalidExpire } from "./errors.ts";
import type { CommandDef } from "./table.ts";

const LLONG_MAX = 9223372036854775807n;

// --- GET / SET ----------------------------------------------------------

function get(c: Client, argv: string[]): void {
  const v = readKey(c, argv[1]!);
  if (v === undefined) c.w.nullBulk();
  else if (typeof v === "string") c.w.bulk(v);
  else if (typeof v === "number") c.w.bulkInt(v);
  else if (v instanceof RawString) c.w.bulk(v.s);
  else err(c, E.WRONGTYPE);
}

const F_NX = 1,
  F_XX = 2,
  F_GET = 4,
  F_KEEPTTL = 8,
  F_PERSIST = 16,
  F_EX = 32,
  F_PX = 64,
  F_EXAT = 128,
  F_PXAT = 256;
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

export interface ExtendedArgs {
  flags: number;
  /** Absolute expiry in ms when an expire option was given. */
  when: number;
}

/**
 * Parses SET's / GETEX's options from argv[from], as Redis's
 * parseExtendedStringArgumentsOrReply. Replies and returns null on error.
 */
export function parseExtended(c: Client, argv: string[], from: number, forSet: boolean, cmdName: string): ExtendedArgs | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    if (forSet && is(opt, "NX") && !(flags & F_XX)) flags |= F_NX;
    else if (forSet && is(opt, "XX") && !(flags & F_NX)) flags |= F_XX;
    else if (forSet && is(opt, "GET")) flags |= F_GET;
    else if (forSet && is(opt, "KEEPTTL") && !(flags & (F_PERSIST | F_ANY_EXPIRE))) flags |= F_KEEPTTL;
    else if (!forSet && is(opt, "PERSIST") && !(flags & (F_ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (hasNext && is(opt, "EX") && !(flags & (F_KEEPTTL | F_PERSIST | F_ANY_EXPIRE))) {
      flags |= F_EX;
      expire = argv[++j]!;
    } else if (hasNext && is(opt, "PX") && !(flags & (F_KEEPTTL | F_PERSIST | F_ANY_EXPIRE))) {
      flags |= F_PX;
      expire = argv[++j]!;
    } else if (hasNext && is(opt, "EXAT") && !(flags & (F_KEEPTTL | F_PERSIST | F_ANY_EXPIRE))) {
      flags |= F_EXAT;
      expire = argv[++j]!;
    } else if (hasNext && is(opt, "PXAT") && !(flags & (F_KEEPTTL | F_PERSIST | F_ANY_EXPIRE))) {
      flags |= F_PXAT;
      expire = argv[++j]!;
    } else {
      err(c, E.SYNTAX);
      return null;
    }
  }
  let when = 0;
  if (expire !== null) {
    const seconds = (flags & (F_EX | F_EXAT)) !== 0;
    const w = expireMillis(c, expire, seconds, (flags & (F_EX | F_PX)) !== 0, cmdName);
    if (w === null) return null;
    when = w;
  }
  return { flags, when };
}

/** Redis's getExpireMillisecondsOrReply: validates and converts to absolute ms. */
function expireMillis(c: Client, s: string, seconds: boolean, relative: boolean, cmdName: string): number | null {
  const v = int64Arg(c, s);
  if (v === null) return null;
  let ms = Number(v);
  if (ms <= 0 || (seconds && ms > 9223372036854775 /* LLONG_MAX / 1000 */)) {
    err(c, invalidExpire(cmdName));
    return null;
  }
  if (seconds) ms *= 1000;
  if (relative) ms += Date.now();
  if (ms <= 0 || !Number.isFinite(ms) || ms > 9.2233720368547758e18) {
    err(c, invalidExpire(cmdName));
    return null;
  }
  return ms;
}

function set(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let flags = 0;
  let when = 0;
  if (argv.length > 3) {
    const ext = parseExtended(c, argv, 3, true, "set");
    if (ext === null) return;
    flags = ext.flags;
    when = ext.when;
  }
  const db = c.db;
  if (flags === 0) {
    // The hot path: plain SET key value.
    db.set(key, compactString(argv[2]!));
    written(c, key, N.STRING, "set");
    c.w.ok();
    return;
  }
  if (flags & F_GET) {
    const old = writeString(c, key);
    if (old === undefined) return; // WRONGTYPE already sent
    c.w.bulkOrNull(old);
  }
  const found = db.get(key) !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (!(flags & F_GET)) c.w.nullBulk();
    return;
  }
  db.set(key, compactString(argv[2]!), (flags & F_KEEPTTL) !== 0);
  written(c, key, N.STRING, "set");
  if (when !== 0) {
    db.setExpire(key, when);
    notify(c, key, N.GENERIC, "expire");
    // Replicas and the AOF get an absolute time, whatever form was sent.
    c.propagate(["SET", key, argv[2]!, "PXAT", String(when)]);
  } else if (flags & F_GET) {
    c.propagate(argv.filter((a, i) => i < 3 || !is(a, "GET")));
  }
  if (!(flags & F_GET)) c.w.ok();
}

// --- INCR family ----------------------------------------------------------

/** Adds `by` to the integer at key, as incrDecrCommand. */
function incrBy(c: Client, key: string, by: number | bigint): void {
  const db = c.db;
  const v = db.get(key);
  let cur: number | bigint;
  if (v === undefined) cur = 0;
  else if (typeof v === "number") cur = v;
  else {
    const s = v instanceof RawString ? v.s : typeof v === "string" ? v : null;
    if (s === null) return err(c, E.WRONGTYPE);
    const p = parseIntStrict(s);
    if (p === null) return err(c, E.NOT_INT);
    cur = p;
  }
  const next = int64Add(cur, by);
  if (next === null) return err(c, E.OVERFLOW);
  const stored = typeof next === "number" ? next : next.toString();
  if (v === undefined) db.set(key, stored);
  else db.replace(key, stored);
  written(c, key, N.STRING, "incrby");
  c.w.int(next);
}

function incr(c: Client, argv: string[]): void {
  incrBy(c, argv[1]!, 1);
}

function decr(c: Client, argv: string[]): void {
  incrBy(c, argv[1]!, -1);
}

function incrby(c: Client, argv: string[]): void {
  const by = int64Arg(c, argv[2]!);
  if (by === null) return;
  incrBy(c, argv[1]!, by);
}

function decrby(c: Client, argv: string[]): void {
  const by = int64Arg(c, argv[2]!);
  if (by === null) return;
  if (typeof by === "bigint" && by === -LLONG_MAX - 1n) return err(c, "ERR decrement would overflow");
  incrBy(c, argv[1]!, typeof by === "bigint" ? -by : -by);
}

// --- multi-key ------------------------------------------------------------

function mget(c: Client, argv: string[]): void {
  const w = c.w;
  w.arrayHeader(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = readKey(c, argv[i]!);
    if (v === undefined) w.nullBulk();
    else if (typeof v === "string") w.bulk(v);
    else if (typeof v === "number") w.bulkInt(v);
    else if (v instanceof RawString) w.bulk(v.s);
    else w.nullBulk(); // MGET answers nil for keys of another type
  }
}

function mset(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return err(c, "ERR wrong number of arguments for 'mset' command");
  for (let i = 1; i < argv.length; i += 2) {
    c.db.set(argv[i]!, compactString(argv[i + 1]!));
    written(c, argv[i]!, N.STRING, "set");
  }
  c.w.ok();
}

export const stringCommands: CommandDef[] = [
  { name: "get", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: get },
  { name: "set", arity: -3, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: set },
  { name: "incr", arity: 2, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: incr },
  { name: "decr", arity: 2, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: decr },
  { name: "incrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: incrby },
  { name: "decrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: decrby },
  { name: "mget", arity: -2, flags: ["readonly", "fast"], keys: [1, -1, 1], handler: mget },
  { name: "mset", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 2], handler: mset },
];
