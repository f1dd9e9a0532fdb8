// Connection commands: PING, ECHO, QUIT/STOP, SELECT, HELLO, AUTH, RESET.

import type { Client } from "../client.ts";
import { REDIS_VERSION } from "../version.ts";
import { err, intArg, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) return err(c, "ERR wrong number of arguments for 'ping' command");
  if (c.server.inSubscribedResp2(c)) {
    // RESP2 clients in subscribed mode get PING as a Pub/Sub-shaped reply.
    c.w.arrayHeader(2);
    c.w.bulk("pong");
    c.w.bulk(argv.length === 2 ? argv[1]! : "");
    return;
  }
  if (argv.length === 1) c.w.pong();
  else c.w.bulk(argv[1]!);
}

function echo(c: Client, argv: string[]): void {
  c.w.bulk(argv[1]!);
}

function quit(c: Client): void {
  c.w.ok();
  c.closeAfterReply = true;
}

function select(c: Client, argv: string[]): void {
  const id = intArg(c, argv[1]!);
  if (id === null) return;
  if (id < 0 || id >= c.server.dbs.length) return err(c, E.DB_RANGE);
  c.db = c.server.dbs[id]!;
  c.w.ok();
}

/** Redis refuses client names with spaces, newlines or non-printable bytes. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}
export const BAD_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

/** Checks a password for a user; replies with Redis's error and returns false when wrong. */
function authenticate(c: Client, user: string, pass: string): boolean {
  if (c.server.acl.authenticate(user, pass)) {
    c.setAuthenticated(true);
    c.user = user;
    return true;
  }
  c.server.authFailures++;
  err(c, E.WRONGPASS);
  return false;
}

function hello(c: Client, argv: string[]): void {
  let next = 1;
  let ver = 0;
  if (argv.length >= 2) {
    const v = intArg(c, argv[next++]!, "ERR Protocol version is not an integer or out of range");
    if (v === null) return;
    if (v < 2 || v > 3) return err(c, E.NOPROTO);
    ver = v;
  }
  let user: string | null = null;
  let pass: string | null = null;
  let name: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (is(opt, "AUTH") && more >= 2) {
      user = argv[j + 1]!;
      pass = argv[j + 2]!;
      j += 2;
    } else if (is(opt, "SETNAME") && more >= 1) {
      name = argv[j + 1]!;
      if (!validClientName(name)) return err(c, BAD_CLIENT_NAME);
      j++;
    } else {
      return err(c, `ERR Syntax error in HELLO option '${opt}'`);
    }
  }
  if (user !== null && pass !== null && !authenticate(c, user, pass)) return;
  if (!c.authenticated) {
    return err(
      c,
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
    );
  }
  if (name !== null) c.name = name;
  if (ver !== 0) {
    c.proto = ver as 2 | 3;
    c.w.proto = c.proto;
  }
  const w = c.w;
  w.mapHeader(7);
  w.bulk("server");
  w.bulk("redis");
  w.bulk("version");
  w.bulk(REDIS_VERSION);
  w.bulk("proto");
  w.int(c.proto);
  w.bulk("id");
  w.int(c.id);
  w.bulk("mode");
  w.bulk("standalone");
  w.bulk("role");
  w.bulk("master");
  w.bulk("modules");
  w.arrayHeader(0);
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) return err(c, E.SYNTAX);
  if (argv.length === 2 && c.server.acl.defaultUser.nopass) {
    return err(
      c,
      "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
    );
  }
  const user = argv.length === 3 ? argv[1]! : "default";
  const pass = argv[argv.length - 1]!;
  if (authenticate(c, user, pass)) c.w.ok();
}

function reset(c: Client): void {
  c.server.resetClient(c);
  c.w.simple("RESET");
}

export const connectionCommands: CommandDef[] = [
  { name: "ping", arity: -1, flags: ["fast"], handler: ping },
  { name: "echo", arity: 2, flags: ["fast"], handler: echo },
  { name: "quit", arity: -1, flags: ["allow_busy", "no_auth", "fast", "noscript", "loading", "stale"], handler: quit },
  // STOP: QUIT's name in the original line protocol, kept as an alias.
  { name: "stop", arity: -1, flags: ["allow_busy", "no_auth", "fast", "noscript", "loading", "stale"], handler: quit },
  { name: "select", arity: 2, flags: ["loading", "stale", "fast"], handler: select },
  { name: "hello", arity: -1, flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], handler: hello },
  { name: "auth", arity: -2, flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], handler: auth },
  { name: "reset", arity: 1, flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], handler: reset },
];
