// Pub/Sub (Redis's pubsub.c) and keyspace notifications (notify.c).
//
// Channels, patterns and shard channels map to their subscribers; messages
// are queued to subscribers with server.deliver() and written once per event
// loop turn. A subscriber whose unsent output passes the pubsub class of
// client-output-buffer-limit is disconnected instead of growing memory.

import type { Client } from "./client.ts";
import { parseMemory } from "./config.ts";
import { N } from "./propagate.ts";
import { parseNotifyFlags } from "./notify-flags.ts";
import type { ReplyWriter } from "./protocol/reply.ts";
import type { Server } from "./server.ts";
import { globMatch } from "./util/glob.ts";

export type Kind = "channel" | "pattern" | "shard";

interface ClientSubs {
  channel: Set<string>;
  pattern: Set<string>;
  shard: Set<string>;
  /** When output first went over the soft limit (0 = not over). */
  softSince: number;
}

export class PubSub {
  private readonly channels = new Map<string, Set<Client>>();
  private readonly patterns = new Map<string, Set<Client>>();
  private readonly shards = new Map<string, Set<Client>>();
  private readonly subs = new Map<Client, ClientSubs>();
  private limitHard = 32 * 1024 * 1024;
  private limitSoft = 8 * 1024 * 1024;
  private limitSoftSeconds = 60;

  constructor(private readonly server: Server) {
    server.closeHooks.push((c) => this.dropClient(c));
    server.resetHooks.push((c) => this.dropClient(c));
    const applyConfig = () => {
      this.readLimits(server.config.get("client-output-buffer-limit") ?? "");
      server.prop.notifyMask = parseNotifyFlags(server.config.get("notify-keyspace-events") ?? "");
    };
    applyConfig();
    server.config.listeners.push(applyConfig);
    server.prop.onNotify.push((cls, event, key, db) => this.keyspaceEvent(cls, event, key, db));
  }

  private readLimits(v: string): void {
    const parts = v.split(" ").filter((p) => p !== "");
    for (let i = 0; i + 3 < parts.length; i += 4) {
      if (parts[i]!.toLowerCase() !== "pubsub") continue;
      this.limitHard = parseMemory(parts[i + 1]!) ?? this.limitHard;
      this.limitSoft = parseMemory(parts[i + 2]!) ?? this.limitSoft;
      this.limitSoftSeconds = Number(parts[i + 3]);
    }
  }

  private mapOf(kind: Kind): Map<string, Set<Client>> {
    return kind === "channel" ? this.channels : kind === "pattern" ? this.patterns : this.shards;
  }

  private state(c: Client): ClientSubs {
    let s = this.subs.get(c);
    if (!s) this.subs.set(c, (s = { channel: new Set(), pattern: new Set(), shard: new Set(), softSince: 0 }));
    return s;
  }

  subscriptionsOf(c: Client, kind: Kind): ReadonlySet<string> {
    return this.subs.get(c)?.[kind] ?? EMPTY;
  }

  /** The count Redis reports after (un)subscribing: channels + patterns, or shard channels. */
  countFor(c: Client, kind: Kind): number {
    const s = this.subs.get(c);
    if (!s) return 0;
    return kind === "shard" ? s.shard.size : s.channel.size + s.pattern.size;
  }

  subscribe(c: Client, kind: Kind, name: string): boolean {
    const s = this.state(c);
    if (s[kind].has(name)) return false;
    s[kind].add(name);
    const m = this.mapOf(kind);
    let set = m.get(name);
    if (!set) m.set(name, (set = new Set()));
    set.add(c);
    c.subscriptions++;
    return true;
  }

  unsubscribe(c: Client, kind: Kind, name: string): boolean {
    const s = this.subs.get(c);
    if (!s || !s[kind].delete(name)) return false;
    const m = this.mapOf(kind);
    const set = m.get(name);
    if (set) {
      set.delete(c);
      if (set.size === 0) m.delete(name);
    }
    c.subscriptions--;
    if (s.channel.size + s.pattern.size + s.shard.size === 0) this.subs.delete(c);
    return true;
  }

  private dropClient(c: Client): void {
    const s = this.subs.get(c);
    if (!s) return;
    for (const kind of ["channel", "pattern", "shard"] as const) for (const n of [...s[kind]]) this.unsubscribe(c, kind, n);
  }

  /** Sends a message to the subscribers of a channel and matching patterns; returns receivers. */
  publish(channel: string, message: string, shard = false): number {
    let n = 0;
    const direct = (shard ? this.shards : this.channels).get(channel);
    if (direct) {
      const kind = shard ? "smessage" : "message";
      for (const c of direct) {
        this.send(c, (w) => {
          w.pushHeader(3);
          w.bulk(kind);
          w.bulk(channel);
          w.bulk(message);
        });
        n++;
      }
    }
    if (!shard && this.patterns.size > 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        for (const c of clients) {
          this.send(c, (w) => {
            w.pushHeader(4);
            w.bulk("pmessage");
            w.bulk(pattern);
            w.bulk(channel);
            w.bulk(message);
          });
          n++;
        }
      }
    }
    return n;
  }

  private send(c: Client, fill: (w: ReplyWriter) => void): void {
    this.server.deliver(c, fill);
    this.enforceLimit(c);
  }

  /** client-output-buffer-limit pubsub <hard> <soft> <seconds>. */
  private enforceLimit(c: Client): void {
    const s = this.subs.get(c);
    if (!s || c.closed) return;
    const out = c.outBytes;
    let close = this.limitHard > 0 && out > this.limitHard;
    if (!close && this.limitSoft > 0 && out > this.limitSoft) {
      const now = Date.now();
      if (s.softSince === 0) s.softSince = now;
      else if (now - s.softSince >= this.limitSoftSeconds * 1000) close = true;
    } else {
      s.softSince = 0;
    }
    if (close) {
      this.server.log.warning(
        `Client id=${c.id} addr=${c.addr} name=${c.name} scheduled to be closed ASAP for overcoming of output buffer limits.`,
      );
      this.server.closeClient(c);
    }
  }

  channelNames(kind: Kind, pattern: string | null): string[] {
    const out: string[] = [];
    for (const name of this.mapOf(kind).keys()) if (pattern === null || globMatch(pattern, name)) out.push(name);
    return out;
  }

  numSub(kind: Kind, name: string): number {
    return this.mapOf(kind).get(name)?.size ?? 0;
  }

  get numPatterns(): number {
    return this.patterns.size;
  }

  get numChannels(): number {
    return this.channels.size;
  }

  /** Publishes a keyspace notification as Redis's notifyKeyspaceEvent. */
  private keyspaceEvent(cls: number, event: string, key: string, db: number): void {
    const mask = this.server.prop.notifyMask;
    if (mask & N.KEYSPACE) this.publish(`__keyspace@${db}__:${key}`, event);
    if (mask & N.KEYEVENT) this.publish(`__keyevent@${db}__:${event}`, key);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

