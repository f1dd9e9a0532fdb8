// Transactions (Redis's multi.c): per-client MULTI queue and the WATCH
// registry. WATCH invalidation hangs off the propagation point (every changed
// key, expiry, FLUSHDB/FLUSHALL/SWAPDB), so no handler knows about it.

import type { Client } from "./client.ts";
import type { Command } from "./commands/table.ts";
import type { Server } from "./server.ts";

export class MultiState {
  readonly queue: { cmd: Command; argv: string[] }[] = [];
  /** An error while queueing (unknown command, arity...) makes EXEC answer EXECABORT. */
  aborted = false;
}

interface Watched {
  db: number;
  key: string;
  /** The key was already logically expired when watched (Redis 7's wk->expired). */
  expired: boolean;
}

/** Who watches which key, per database; attached to one server's propagator. */
export class WatchRegistry {
  private readonly byDb: Map<string, Set<Client>>[] = [];
  private readonly byClient = new Map<Client, Watched[]>();

  constructor(private readonly server: Server) {
    for (let i = 0; i < server.dbs.length; i++) this.byDb.push(new Map());
    server.prop.onKey.push((db, key) => this.touch(db, key));
    server.prop.onFlush.push((db) => this.touchDb(db));
    server.prop.onSwap.push((a, b) => this.touchSwapped(a, b));
    server.closeHooks.push((c) => this.unwatchAll(c));
    server.resetHooks.push((c) => this.unwatchAll(c));
  }

  get watchingClients(): number {
    return this.byClient.size;
  }

  watchedKeys(): number {
    let n = 0;
    for (const m of this.byDb) n += m.size;
    return n;
  }

  countFor(c: Client): number {
    return this.byClient.get(c)?.length ?? 0;
  }

  watch(c: Client, key: string): void {
    const dbId = c.db.id;
    let list = this.byClient.get(c);
    if (list?.some((w) => w.db === dbId && w.key === key)) return;
    const db = c.db;
    const expired = db.data.has(key) && db.get(key) === undefined;
    if (!list) this.byClient.set(c, (list = []));
    list.push({ db: dbId, key, expired });
    const m = this.byDb[dbId]!;
    let set = m.get(key);
    if (!set) m.set(key, (set = new Set()));
    set.add(c);
  }

  unwatchAll(c: Client): void {
    const list = this.byClient.get(c);
    if (!list) {
      c.dirtyCas = false;
      return;
    }
    for (const w of list) {
      const m = this.byDb[w.db]!;
      const set = m.get(w.key);
      if (set) {
        set.delete(c);
        if (set.size === 0) m.delete(w.key);
      }
    }
    this.byClient.delete(c);
    c.dirtyCas = false;
  }

  /** A key changed: every client watching it will fail its EXEC. */
  touch(db: number, key: string): void {
    const m = this.byDb[db];
    if (m === undefined || m.size === 0) return;
    const set = m.get(key);
    if (!set) return;
    for (const c of set) {
      const w = this.byClient.get(c)?.find((x) => x.db === db && x.key === key);
      if (w?.expired && !this.server.dbs[db]!.data.has(key)) {
        // Watched while already expired, now deleted: logically no change.
        w.expired = false;
        continue;
      }
      c.dirtyCas = true;
    }
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: watchers of keys that existed there are invalidated (-1 = all dbs). */
  touchDb(db: number): void {
    for (let i = 0; i < this.byDb.length; i++) {
      if (db !== -1 && i !== db) continue;
      const data = this.server.dbs[i]!.data;
      for (const [key, set] of this.byDb[i]!) {
        if (!data.has(key)) continue;
        for (const c of set) c.dirtyCas = true;
      }
    }
  }

  /**
   * SWAPDB (touchAllWatchedKeysInDb both ways): a key watched in either
   * database is touched if it exists in either of them.
   */
  touchSwapped(a: number, b: number): void {
    const da = this.server.dbs[a]!.data;
    const db = this.server.dbs[b]!.data;
    for (const i of [a, b]) {
      for (const [key, set] of this.byDb[i]!) {
        if (!da.has(key) && !db.has(key)) continue;
        for (const c of set) c.dirtyCas = true;
      }
    }
  }

  /** Redis 7: a watched key that expired since WATCH (without being deleted yet) fails EXEC. */
  expiredSinceWatch(c: Client): boolean {
    const list = this.byClient.get(c);
    if (!list) return false;
    for (const w of list) {
      if (w.expired) continue;
      const db = this.server.dbs[w.db]!;
      const when = db.expires.get(w.key);
      if (when !== undefined && Date.now() > when && db.data.has(w.key)) return true;
    }
    return false;
  }
}
