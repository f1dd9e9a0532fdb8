// ACL: users and passwords (see src/acl.ts for what is enforced).

import type { Client } from "../client.ts";
import { err } from "./args.ts";
import type { CommandDef } from "./table.ts";

const CATEGORIES = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream",
  "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting",
];

function whoami(c: Client): void {
  c.w.bulk(c.user);
}

function users(c: Client): void {
  c.w.bulkArray([...c.server.acl.users.keys()].sort());
}

function list(c: Client): void {
  const all = [...c.server.acl.users.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  c.w.bulkArray(all.map((u) => u.describe()));
}

function setuser(c: Client, argv: string[]): void {
  const e = c.server.acl.setUser(argv[2]!, argv.slice(3));
  if (e !== null) return err(c, e);
  c.w.ok();
}

function getuser(c: Client, argv: string[]): void {
  const u = c.server.acl.users.get(argv[2]!);
  if (!u) return c.w.nullBulk();
  const w = c.w;
  w.mapHeader(6);
  w.bulk("flags");
  const flags = [u.enabled ? "on" : "off", ...(u.nopass ? ["nopass"] : [])];
  w.setHeader(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk("passwords");
  w.arrayHeader(u.passwords.size);
  for (const p of u.passwords) w.bulk(p);
  w.bulk("commands");
  w.bulk(u.commands);
  w.bulk("keys");
  w.bulk(u.keys.join(" "));
  w.bulk("channels");
  w.bulk(u.channels.join(" "));
  w.bulk("selectors");
  w.arrayHeader(0);
}

function deluser(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === "default") return err(c, "ERR The 'default' user cannot be removed");
  }
  for (let i = 2; i < argv.length; i++) if (c.server.acl.users.delete(argv[i]!)) n++;
  c.w.int(n);
}

function cat(c: Client, argv: string[]): void {
  if (argv.length === 2) return c.w.bulkArray(CATEGORIES);
  const want = argv[2]!.toLowerCase();
  if (!CATEGORIES.includes(want)) return err(c, `ERR Unknown category '${argv[2]}'`);
  const names = c.server.commands.all.filter((cmd) => c.server.aclCategories(cmd).includes("@" + want)).map((cmd) => cmd.name);
  c.w.bulkArray(names);
}

const ACL_FLAGS = ["admin", "noscript", "loading", "stale"] as const;

export const aclCommands: CommandDef[] = [
  {
    name: "acl",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "whoami", arity: 2, flags: ["noscript", "loading", "stale"], handler: whoami },
      { name: "users", arity: 2, flags: ACL_FLAGS, handler: users },
      { name: "list", arity: 2, flags: ACL_FLAGS, handler: list },
      { name: "setuser", arity: -3, flags: ACL_FLAGS, handler: setuser },
      { name: "getuser", arity: 3, flags: ACL_FLAGS, handler: getuser },
      { name: "deluser", arity: -3, flags: ACL_FLAGS, handler: deluser },
      { name: "cat", arity: -2, flags: ["noscript", "loading", "stale"], handler: cat },
    ],
  },
];
