// CLIENT: ID, SETNAME, GETNAME, SETINFO, INFO, LIST, KILL, NO-EVICT,
// NO-TOUCH, HELP (Redis's networking.c clientCommand).
//
// CLIENT LIST / CLIENT INFO print Redis 7.0's fields in its order, then
// Redis 7.2's lib-name/lib-ver. Values redbun has no equivalent for (fd,
// query/reply buffer sizes) are given plausibly; see clientInfoString.
//
// Client flags other capabilities set in client.flagsSet, and the letter
// each shows as in `flags=`: "replica" S, "monitor" O, "master" M,
// "blocked" b, "tracking" t, "tracking-broken-redir" R, "tracking-bcast" B,
// "unblocked" u, "close-asap" A, "readonly" r, "no-evict" e, "no-touch" T.
// Pub/Sub (P), MULTI (x), a failed WATCH (d) and close-after-reply (c) are
// read from the client's own state.

import type { Client } from "../client.ts";
import type { Server } from "../server.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { err, is } from "./args.ts";
import { BAD_CLIENT_NAME, validClientName } from "./connection.ts";
import { E } from "./errors.ts";
import { pubsubOf } from "./pubsub.ts";
import { clientUnblock } from "../blocking.ts";
import { replyHelp } from "./server.ts";
import type { CommandDef, CommandFlag } from "./table.ts";

type ClientType = "normal" | "replica" | "pubsub" | "master";

/** Redis's getClientTypeByName. */
function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case "normal":
      return "normal";
    case "slave":
    case "replica":
      return "replica";
    case "pubsub":
      return "pubsub";
    case "master":
      return "master";
    default:
      return null;
  }
}

/** Redis's getClientType (MONITOR clients count as normal ones). */
function clientType(c: Client): ClientType {
  if (c.flagsSet.has("master")) return "master";
  if (c.flagsSet.has("replica") && !c.flagsSet.has("monitor")) return "replica";
  if (c.subscriptions > 0) return "pubsub";
  return "normal";
}

function flagString(c: Client): string {
  const f = c.flagsSet;
  let s = "";
  if (f.has("monitor")) s += "O";
  else if (f.has("replica")) s += "S";
  if (f.has("master")) s += "M";
  if (c.subscriptions > 0) s += "P";
  if (c.multi !== null) s += "x";
  if (f.has("blocked")) s += "b";
  if (f.has("tracking")) s += "t";
  if (f.has("tracking-broken-redir")) s += "R";
  if (f.has("tracking-bcast")) s += "B";
  if (c.dirtyCas) s += "d";
  if (c.closeAfterReply) s += "c";
  if (f.has("unblocked")) s += "u";
  if (f.has("close-asap")) s += "A";
  if (f.has("readonly")) s += "r";
  if (f.has("no-evict")) s += "e";
  if (f.has("no-touch")) s += "T";
  return s === "" ? "N" : s;
}

/** Bytes a command takes as a RESP multibulk request. */
function requestSize(argv: readonly string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 1 + String(a.length).length + 2 + a.length + 2;
  return n;
}

/** Reply buffer size Redis gives every client (PROTO_REPLY_CHUNK_BYTES). */
const REPLY_BUF = 16384;
/** Query buffer Redis allocates for a read (PROTO_IOBUF_LEN plus allocator slack). */
const QUERY_BUF = 20474;

/**
 * One CLIENT LIST line (without the newline), as Redis 7.0's
 * catClientInfoString plus 7.2's lib-name/lib-ver. `argv` is the command
 * being executed when `c` is the client running CLIENT LIST/INFO.
 */
export function clientInfoString(server: Server, c: Client, fd: number, argv: readonly string[] | null): string {
  const now = Date.now();
  const ps = pubsubOf(server);
  const sub = ps ? ps.subscriptionsOf(c, "channel").size : 0;
  const psub = ps ? ps.subscriptionsOf(c, "pattern").size : 0;
  const ssub = ps ? ps.subscriptionsOf(c, "shard").size : 0;
  let argvMem = 0;
  let qbuf = c.parser.pendingBytes();
  if (argv !== null) {
    for (const a of argv) argvMem += a.length;
    qbuf += requestSize(argv);
  }
  const qbufFree = qbuf > 0 ? Math.max(0, QUERY_BUF - qbuf) : 0;
  let multiMem = 0;
  if (c.multi !== null) {
    for (const q of c.multi.queue) {
      multiMem += 16;
      for (const a of q.argv) multiMem += a.length + 16;
    }
  }
  const totMem = qbuf + qbufFree + argvMem + multiMem + REPLY_BUF + c.outBytes;
  const events = (c.readPaused ? "" : "r") + (c.outBytes > 0 ? "w" : "");
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${fd} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${flagString(c)} db=${c.db.id} sub=${sub} psub=${psub} ssub=${ssub}` +
    ` multi=${c.multi !== null ? c.multi.queue.length : -1} qbuf=${qbuf} qbuf-free=${qbufFree}` +
    ` argv-mem=${argvMem} multi-mem=${multiMem} rbs=${REPLY_BUF} rbp=0 obl=0 oll=${c.outQueue.length}` +
    ` omem=${c.outBytes} tot-mem=${totMem} events=${events} cmd=${c.lastCommand?.fullName ?? "NULL"}` +
    ` user=${c.user} redir=-1 resp=${c.proto} lib-name=${c.libName} lib-ver=${c.libVer}`
  );
}

/**
 * Stand-in socket descriptors: Bun does not expose them, so each client
 * gets the number a Redis process would typically give the n-th open
 * connection (descriptors from 8 up, in connection order).
 */
function fdMap(server: Server): Map<Client, number> {
  const m = new Map<Client, number>();
  let fd = 8;
  for (const c of server.clients.values()) m.set(c, fd++);
  return m;
}

function clientId(c: Client): void {
  c.w.int(c.id);
}

function clientSetname(c: Client, argv: string[]): void {
  const name = argv[2]!;
  if (!validClientName(name)) return err(c, BAD_CLIENT_NAME);
  c.name = name;
  c.w.ok();
}

function clientGetname(c: Client): void {
  if (c.name === "") c.w.nullBulk();
  else c.w.bulk(c.name);
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value, as Redis 7.2 (Redis 7.0 has no SETINFO). */
function clientSetinfo(c: Client, argv: string[]): void {
  const attr = argv[2]!;
  const val = argv[3]!;
  let which: "libName" | "libVer";
  if (is(attr, "LIB-NAME")) which = "libName";
  else if (is(attr, "LIB-VER")) which = "libVer";
  else return err(c, `ERR Unrecognized option '${attr}'`);
  if (!validClientName(val)) return err(c, `ERR ${attr} cannot contain spaces, newlines or special characters.`);
  c[which] = val;
  c.w.ok();
}

function clientInfo(c: Client, argv: string[]): void {
  const fd = fdMap(c.server).get(c) ?? -1;
  c.w.verbatim(clientInfoString(c.server, c, fd, argv) + "\n");
}

function clientList(c: Client, argv: string[]): void {
  const server = c.server;
  let type: ClientType | null = null;
  let ids: number[] | null = null;
  if (argv.length === 4 && is(argv[2]!, "TYPE")) {
    type = clientTypeByName(argv[3]!);
    if (type === null) return err(c, `ERR Unknown client type '${argv[3]}'`);
  } else if (argv.length > 3 && is(argv[2]!, "ID")) {
    ids = [];
    for (let j = 3; j < argv.length; j++) {
      const n = parseIntStrict(argv[j]!);
      if (n === null) return err(c, "ERR Invalid client ID");
      ids.push(Number(n));
    }
  } else if (argv.length !== 2) {
    return err(c, E.SYNTAX);
  }
  const fds = fdMap(server);
  const line = (x: Client) => clientInfoString(server, x, fds.get(x) ?? -1, x === c ? argv : null) + "\n";
  let out = "";
  if (ids !== null) {
    for (const id of ids) {
      const x = server.clients.get(id);
      if (x) out += line(x);
    }
  } else {
    for (const x of server.clients.values()) if (type === null || clientType(x) === type) out += line(x);
  }
  c.w.verbatim(out);
}

/** CLIENT KILL addr:port | CLIENT KILL [ID id] [TYPE t] [ADDR a] [LADDR a] [USER u] [SKIPME yes|no] ... */
function clientKill(c: Client, argv: string[]): void {
  const server = c.server;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let type: ClientType | null = null;
  let id = 0;
  let skipme = true;
  const oldStyle = argv.length === 3;
  if (oldStyle) {
    addr = argv[2]!;
    skipme = false; // with the old form a client can kill itself
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!;
      const more = i + 1 < argv.length;
      const val = argv[i + 1]!;
      if (is(opt, "ID") && more) {
        const n = parseIntStrict(val);
        if (n === null || n < 1) return err(c, "ERR client-id should be greater than 0");
        id = Number(n);
      } else if (is(opt, "TYPE") && more) {
        type = clientTypeByName(val);
        if (type === null) return err(c, `ERR Unknown client type '${val}'`);
      } else if (is(opt, "ADDR") && more) {
        addr = val;
      } else if (is(opt, "LADDR") && more) {
        laddr = val;
      } else if (is(opt, "USER") && more) {
        if (!server.acl.users.has(val)) return err(c, `ERR No such user '${val}'`);
        user = val;
      } else if (is(opt, "SKIPME") && more) {
        if (is(val, "YES")) skipme = true;
        else if (is(val, "NO")) skipme = false;
        else return err(c, E.SYNTAX);
      } else {
        return err(c, E.SYNTAX);
      }
    }
  }
  let killed = 0;
  let killSelf = false;
  for (const x of [...server.clients.values()]) {
    if (addr !== null && x.addr !== addr) continue;
    if (laddr !== null && x.laddr !== laddr) continue;
    if (type !== null && clientType(x) !== type) continue;
    if (id !== 0 && x.id !== id) continue;
    if (user !== null && x.user !== user) continue;
    if (x === c && skipme) continue;
    if (x === c) killSelf = true;
    else server.closeClient(x);
    killed++;
  }
  if (oldStyle) {
    if (killed === 0) return err(c, "ERR No such client");
    c.w.ok();
  } else {
    c.w.int(killed);
  }
  // Flag ourselves only after the reply is queued, as Redis does.
  if (killSelf) c.closeAfterReply = true;
}

/** CLIENT NO-EVICT / NO-TOUCH ON|OFF: a client flag. */
function onOffFlag(flag: string) {
  return (c: Client, argv: string[]): void => {
    const v = argv[2]!;
    if (is(v, "ON")) c.flagsSet.add(flag);
    else if (is(v, "OFF")) c.flagsSet.delete(flag);
    else return err(c, E.SYNTAX);
    c.w.ok();
  };
}

const CLIENT_HELP = [
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "SETINFO <option> <value>",
  "    Set client meta attr. Options are:",
  "    * LIB-NAME: the client lib name.",
  "    * LIB-VER: the client lib version.",
  "NO-EVICT (ON|OFF)",
  "    Protect current client connection from eviction.",
  "NO-TOUCH (ON|OFF)",
  "    Will not touch LRU/LFU stats when this mode is on.",
];

const CONN: CommandFlag[] = ["noscript", "loading", "stale"];
const ADMIN: CommandFlag[] = ["admin", "noscript", "loading", "stale"];

/** CLIENT PAUSE timeout [WRITE|ALL]: the server holds matching commands of every client. */
function clientPause(c: Client, argv: string[]): void {
  const v = parseIntStrict(argv[2]!);
  if (v === null) return err(c, "ERR timeout is not an integer or out of range");
  const ms = Number(v);
  if (ms < 0) return err(c, "ERR timeout is negative");
  let all = true;
  if (argv.length === 4) {
    if (is(argv[3]!, "WRITE")) all = false;
    else if (!is(argv[3]!, "ALL")) return err(c, "ERR CLIENT PAUSE mode must be WRITE or ALL");
  } else if (argv.length > 4) {
    return err(c, E.SYNTAX);
  }
  c.server.pauseClients(ms, all);
  c.w.ok();
}

function clientUnpause(c: Client): void {
  c.server.unpauseClients();
  c.w.ok();
}

/** CLIENT REPLY ON|OFF|SKIP: the dispatcher loop drops replies accordingly (only ON answers). */
function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2]!.toUpperCase();
  if (mode === "ON") {
    c.replyOff = false;
    c.replySkipNext = false;
    c.w.ok();
  } else if (mode === "OFF") {
    c.replyOff = true;
  } else if (mode === "SKIP") {
    if (!c.replyOff) c.replySkipNext = true;
  } else {
    c.server.replyError(c, "ERR syntax error");
  }
}

export const clientCommands: CommandDef[] = [
  {
    name: "client",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "id", arity: 2, flags: CONN, handler: clientId },
      { name: "setname", arity: 3, flags: CONN, handler: clientSetname },
      { name: "getname", arity: 2, flags: CONN, handler: clientGetname },
      { name: "setinfo", arity: 4, flags: CONN, handler: clientSetinfo },
      { name: "info", arity: 2, flags: CONN, handler: clientInfo },
      { name: "list", arity: -2, flags: ADMIN, handler: clientList },
      { name: "kill", arity: -3, flags: ADMIN, handler: clientKill },
      { name: "no-evict", arity: 3, flags: ADMIN, handler: onOffFlag("no-evict") },
      { name: "no-touch", arity: 3, flags: CONN, handler: onOffFlag("no-touch") },
      { name: "reply", arity: 3, flags: CONN, handler: clientReply },
      { name: "pause", arity: -3, flags: ADMIN, handler: clientPause },
      { name: "unpause", arity: 2, flags: ADMIN, handler: clientUnpause },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "CLIENT", CLIENT_HELP) },
      { name: "unblock", arity: -3, flags: ADMIN, handler: clientUnblock },
    ],
  },
];
