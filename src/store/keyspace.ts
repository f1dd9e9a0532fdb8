// One logical database: keys → values, plus keys → absolute expiry time.
//
// As in Redis's db.c, expiry lives in a second map holding only keys that
// have a TTL, so the common path (no TTLs) costs one size check. Expiry is
// lazy (every lookup checks) and active (the server's cycle samples keys with
// a TTL through a persistent iterator, bounded work per tick).

import { N, type Propagator } from "../propagate.ts";
import type { Value } from "./types.ts";

export class Database {
  // Not readonly: SWAPDB exchanges them in O(1).
  data = new Map<string, Value>();
  expires = new Map<string, number>();
  /** Persistent iterator of the active expiry cycle over `expires`. */
  private expireCursor: Iterator<[string, number]> | null = null;
  /** Persistent iterator used to pick random keys cheaply in large databases. */
  private randomCursor: Iterator<string> | null = null;
  /** Keys expired on access or by the cycle (INFO expired_keys). */
  expiredCount = 0;

  constructor(
    readonly id: number,
    private readonly prop: Propagator,
    /** Returns the current time in ms; a field so tests and replicas can pin it. */
    readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.data.size;
  }

  /** Looks a key up for reading or writing, deleting it first if it has expired. */
  get(key: string): Value | undefined {
    if (this.expires.size !== 0) {
      const when = this.expires.get(key);
      // Redis's keyIsExpired: expired once now > when (alive at when itself).
      if (when !== undefined && this.now() > when) {
        this.expire(key);
        return undefined;
      }
    }
    return this.data.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores a value, dropping any TTL (SET semantics) unless keepTtl. */
  set(key: string, v: Value, keepTtl = false): void {
    // The "new" keyspace event (class n) fires when a key is created, as Redis's dbAdd.
    if ((this.prop.notifyMask & N.NEW) !== 0 && !this.data.has(key)) this.prop.notify(N.NEW, "new", key, this.id);
    this.data.set(key, v);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
  }

  /** Replaces the value of a key known to exist and be live, keeping its TTL. */
  replace(key: string, v: Value): void {
    this.data.set(key, v);
  }

  delete(key: string): boolean {
    if (!this.data.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    return true;
  }

  /** Absolute expiry in ms, or -1 when the key has none. Call on a live key. */
  ttlOf(key: string): number {
    if (this.expires.size === 0) return -1;
    return this.expires.get(key) ?? -1;
  }

  setExpire(key: string, when: number): void {
    this.expires.set(key, when);
  }

  persist(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Removes an expired key, propagating it as DEL and notifying `expired`. */
  private expire(key: string): void {
    this.data.delete(key);
    this.expires.delete(key);
    this.expiredCount++;
    this.prop.command(this.id, ["DEL", key]);
    this.prop.keyChanged(this.id, key);
    this.prop.notify(N.EXPIRED, "expired", key, this.id); // class x only, as Redis
  }

  /**
   * One step of active expiry: checks up to `sample` keys that have a TTL,
   * continuing where the previous step stopped. Returns [checked, expired].
   */
  activeExpire(sample: number, now: number): [number, number] {
    let checked = 0;
    let expired = 0;
    if (this.expires.size === 0) {
      this.expireCursor = null;
      return [0, 0];
    }
    let it = this.expireCursor ?? this.expires.entries();
    let wrapped = false;
    // As Redis: sample min(size, sample) keys, so no key is checked twice.
    const limit = Math.min(sample, this.expires.size);
    while (checked < limit) {
      const r = it.next();
      if (r.done) {
        if (wrapped) break;
        wrapped = true;
        it = this.expires.entries();
        continue;
      }
      checked++;
      const [key, when] = r.value;
      if (now > when) {
        this.expire(key);
        expired++;
      }
    }
    this.expireCursor = it;
    return [checked, expired];
  }

  /** A random live key, or null. Uniform for small databases, cheap for large ones. */
  randomKey(): string | null {
    for (let tries = 0; tries < 100 && this.data.size > 0; tries++) {
      const key = this.pickKey();
      if (key === null) return null;
      if (this.get(key) !== undefined) return key;
    }
    return null;
  }

  private pickKey(): string | null {
    const n = this.data.size;
    if (n === 0) return null;
    if (n <= 1024) {
      let i = Math.floor(Math.random() * n);
      for (const k of this.data.keys()) if (i-- === 0) return k;
      return null;
    }
    // Large database: walk a persistent iterator a random distance, so each
    // call is O(1) amortised and every key is reachable.
    let skip = Math.floor(Math.random() * 64);
    let it = this.randomCursor ?? this.data.keys();
    for (;;) {
      const r = it.next();
      if (r.done) {
        it = this.data.keys();
        continue;
      }
      if (skip-- === 0) {
        this.randomCursor = it;
        return r.value;
      }
    }
  }

  /** Removes every key. */
  clear(): void {
    this.data.clear();
    this.expires.clear();
    this.expireCursor = null;
    this.randomCursor = null;
  }

  /** Exchanges contents with another database (SWAPDB), in O(1). */
  swapWith(other: Database): void {
    [this.data, other.data] = [other.data, this.data];
    [this.expires, other.expires] = [other.expires, this.expires];
    this.expireCursor = other.expireCursor = null;
    this.randomCursor = other.randomCursor = null;
  }
}
