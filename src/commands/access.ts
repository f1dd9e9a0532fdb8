// Key lookups shared by handlers, in the manner of Redis's lookupKeyRead /
// lookupKeyWrite + checkType: hit/miss statistics, the keyspace-miss
// notification and the WRONGTYPE reply live here, not in each handler.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { RawString, type RObject, type TypeName, type Value } from "../store/types.ts";
import { E } from "./errors.ts";

/** Looks a key up for reading, counting keyspace hits and misses. */
export function readKey(c: Client, key: string): Value | undefined {
  const v = c.db.get(key);
  const s = c.server.stats;
  if (v === undefined) {
    s.keyspaceMisses++;
    if (c.server.prop.notifyMask !== 0) c.server.prop.notify(N.KEY_MISS, "keymiss", key, c.db.id);
  } else {
    s.keyspaceHits++;
  }
  return v;
}

/** Looks a key up for writing (expired keys are removed first, no statistics). */
export function writeKey(c: Client, key: string): Value | undefined {
  return c.db.get(key);
}

/**
 * The string stored at key for reading: the bytes, null when missing, or
 * undefined after replying WRONGTYPE.
 */
export function readString(c: Client, key: string): string | null | undefined {
  return asString(c, readKey(c, key));
}

/** Same as readString but for writing commands (no hit/miss statistics). */
export function writeString(c: Client, key: string): string | null | undefined {
  return asString(c, c.db.get(key));
}

function asString(c: Client, v: Value | undefined): string | null | undefined {
  if (v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v instanceof RawString) return v.s;
  c.server.replyError(c, E.WRONGTYPE);
  return undefined;
}

/**
 * The aggregate of the given type at key: the object, null when missing, or
 * undefined after replying WRONGTYPE. `read` selects hit/miss accounting.
 */
export function typedKey<T extends RObject>(c: Client, key: string, type: TypeName, read: boolean): T | null | undefined {
  const v = read ? readKey(c, key) : c.db.get(key);
  if (v === undefined) return null;
  if (typeof v === "object" && v.type === type) return v as T;
  c.server.replyError(c, E.WRONGTYPE);
  return undefined;
}

/** Reports a changed key to the propagation point (WATCH, notifications, dirty). */
export function written(c: Client, key: string, cls: number, event: string): void {
  c.server.prop.written(c.db.id, key, cls, event);
}

/**
 * HDEL / SREM / ZREM: removes argv[from..] from an aggregate, deleting the key
 * once it is empty (Redis stops there), then reports one write event, "del"
 * when emptied, and counts every removed element as a change (server.dirty +=
 * deleted, as t_hash.c / t_set.c / t_zset.c do). Returns how many went.
 */
export function removeMembers(
  c: Client,
  key: string,
  obj: { readonly size: number },
  remove: (member: string) => boolean,
  argv: readonly string[],
  from: number,
  cls: number,
  event: string,
): number {
  let deleted = 0;
  let removed = false;
  for (let i = from; i < argv.length; i++) {
    if (remove(argv[i]!)) deleted++;
    if (obj.size === 0) {
      c.db.delete(key);
      removed = true;
      break;
    }
  }
  if (deleted > 0) {
    written(c, key, cls, event);
    if (removed) notify(c, key, N.GENERIC, "del");
    c.server.prop.dirty += deleted - 1;
  }
  return deleted;
}

/** An extra keyspace event for a key already reported with written(). */
export function notify(c: Client, key: string, cls: number, event: string): void {
  c.server.prop.notify(cls, event, key, c.db.id);
}
