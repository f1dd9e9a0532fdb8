// Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH, PUBSUB.

import type { Client } from "../client.ts";
import { type Kind, PubSub } from "../pubsub.ts";
import type { Server } from "../server.ts";
import type { Command, CommandDef } from "./table.ts";
import { replyHelp } from "./server.ts";

const registries = new WeakMap<Server, PubSub>();

export function pubsubOf(server: Server): PubSub {
  return registries.get(server)!;
}

/** Commands a RESP2 client may send while subscribed. */
const ALLOWED_SUBSCRIBED = new Set(["subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset"]);

export function installPubSub(server: Server): void {
  registries.set(server, new PubSub(server));
  server.interceptors.push((c: Client, cmd: Command) => {
    if (c.subscriptions === 0 || c.proto !== 2) return false;
    const top = cmd.parent ?? cmd;
    if (ALLOWED_SUBSCRIBED.has(top.name)) return false;
    server.replyError(
      c,
      `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
    return true;
  });
}

const VERBS: Record<Kind, [string, string]> = {
  channel: ["subscribe", "unsubscribe"],
  pattern: ["psubscribe", "punsubscribe"],
  shard: ["ssubscribe", "sunsubscribe"],
};

function confirm(c: Client, verb: string, name: string | null, count: number): void {
  const w = c.w;
  w.pushHeader(3);
  w.bulk(verb);
  if (name === null) w.nullBulk();
  else w.bulk(name);
  w.int(count);
}

function subscriber(kind: Kind) {
  return (c: Client, argv: string[]): void => {
    const ps = pubsubOf(c.server);
    for (let i = 1; i < argv.length; i++) {
      ps.subscribe(c, kind, argv[i]!);
      confirm(c, VERBS[kind][0], argv[i]!, ps.countFor(c, kind));
    }
  };
}

function unsubscriber(kind: Kind) {
  return (c: Client, argv: string[]): void => {
    const ps = pubsubOf(c.server);
    const verb = VERBS[kind][1];
    if (argv.length === 1) {
      const names = [...ps.subscriptionsOf(c, kind)];
      if (names.length === 0) return confirm(c, verb, null, ps.countFor(c, kind));
      for (const n of names) {
        ps.unsubscribe(c, kind, n);
        confirm(c, verb, n, ps.countFor(c, kind));
      }
      return;
    }
    for (let i = 1; i < argv.length; i++) {
      ps.unsubscribe(c, kind, argv[i]!);
      confirm(c, verb, argv[i]!, ps.countFor(c, kind));
    }
  };
}

function publish(c: Client, argv: string[]): void {
  c.w.int(pubsubOf(c.server).publish(argv[1]!, argv[2]!));
}

function spublish(c: Client, argv: string[]): void {
  c.w.int(pubsubOf(c.server).publish(argv[1]!, argv[2]!, true));
}

function channelsOf(kind: Kind) {
  return (c: Client, argv: string[]): void => {
    c.w.bulkArray(pubsubOf(c.server).channelNames(kind, argv.length > 2 ? argv[2]! : null));
  };
}

function numsubOf(kind: Kind) {
  return (c: Client, argv: string[]): void => {
    const ps = pubsubOf(c.server);
    c.w.arrayHeader((argv.length - 2) * 2);
    for (let i = 2; i < argv.length; i++) {
      c.w.bulk(argv[i]!);
      c.w.int(ps.numSub(kind, argv[i]!));
    }
  };
}

function numpat(c: Client): void {
  c.w.int(pubsubOf(c.server).numPatterns);
}

const HELP = [
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
];


const SUB_FLAGS = ["pubsub", "noscript", "loading", "stale"] as const;

export const pubsubCommands: CommandDef[] = [
  { name: "subscribe", arity: -2, flags: SUB_FLAGS, handler: subscriber("channel") },
  { name: "unsubscribe", arity: -1, flags: SUB_FLAGS, handler: unsubscriber("channel") },
  { name: "psubscribe", arity: -2, flags: SUB_FLAGS, handler: subscriber("pattern") },
  { name: "punsubscribe", arity: -1, flags: SUB_FLAGS, handler: unsubscriber("pattern") },
  { name: "ssubscribe", arity: -2, flags: SUB_FLAGS, keys: [1, -1, 1], handler: subscriber("shard") },
  { name: "sunsubscribe", arity: -1, flags: SUB_FLAGS, keys: [1, -1, 1], handler: unsubscriber("shard") },
  { name: "publish", arity: 3, flags: ["pubsub", "loading", "stale", "fast", "may_replicate"], handler: publish },
  { name: "spublish", arity: 3, flags: ["pubsub", "loading", "stale", "fast", "may_replicate"], keys: [1, 1, 1], handler: spublish },
  {
    name: "pubsub",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "channels", arity: -2, flags: ["pubsub", "loading", "stale"], handler: channelsOf("channel") },
      { name: "numsub", arity: -2, flags: ["pubsub", "loading", "stale"], handler: numsubOf("channel") },
      { name: "numpat", arity: 2, flags: ["pubsub", "loading", "stale"], handler: numpat },
      { name: "shardchannels", arity: -2, flags: ["pubsub", "loading", "stale"], handler: channelsOf("shard") },
      { name: "shardnumsub", arity: -2, flags: ["pubsub", "loading", "stale"], handler: numsubOf("shard") },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "PUBSUB", HELP) },
    ],
  },
];
