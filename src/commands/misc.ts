// Generic server commands clients and tools send: ROLE, WAIT, READONLY,
// READWRITE, LOLWUT and DEBUG (Redis 7.0.15's replication.c, cluster.c,
// lolwut*.c and debug.c).
//
// redbun is a standalone master without replicas: ROLE says so, WAIT can
// never see an acknowledgement (it answers 0 at once when 0 replicas are
// asked for, else after its timeout, or never without one), READONLY and
// READWRITE refuse as Redis does without cluster support.
//
// DEBUG is refused unless `enable-debug-command` allows it ("yes", or
// "local" for a loopback client), checked before MULTI queueing as Redis's
// processCommand does. Implemented subcommands: HELP, OBJECT, DIGEST,
// DIGEST-VALUE (Redis's SHA1 digest, byte-exact), RELOAD [MERGE|NOFLUSH|
// NOSAVE], SLEEP, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID, PROTOCOL, POPULATE,
// QUICKLIST-PACKED-THRESHOLD, LOG and ERROR. Other Redis subcommands (and
// JMAP, which 7.0 no longer has) answer Redis's unknown-subcommand error.

import { readFileSync } from "node:fs";
import { blockClient } from "../blocking.ts";
import type { Client } from "../client.ts";
import { FormatError } from "../persistence/bytes.ts";
import { objectFromPlain, writeObject } from "../persistence/objects.ts";
import { parseRdb, RdbWriter } from "../persistence/rdb.ts";
import { persistenceOf } from "../persistence/snapshot.ts";
import { ListpackBuilder, lpEntrySize } from "../persistence/listpack.ts";
import type { Server } from "../server.ts";
import type { Hash } from "../store/hash.ts";
import type { ListValue } from "../store/list.ts";
import { elemStr, type RSet } from "../store/set.ts";
import { RawString, type Value } from "../store/types.ts";
import type { StreamValue } from "../store/stream.ts";
import type { ZSet } from "../store/zset.ts";
import { formatDouble, parseIntStrict } from "../util/numbers.ts";
import { REDIS_VERSION } from "../version.ts";
import { err, int64Arg, intArg, is } from "./args.ts";
import { E } from "./errors.ts";
import { encodingOf } from "./keys.ts";
import { changeReplId, replyHelp } from "./server.ts";
import type { CommandDef } from "./table.ts";

// --- ROLE, WAIT, READONLY, READWRITE -----------------------------------------

function role(c: Client): void {
  c.w.arrayHeader(3);
  c.w.bulk("master");
  c.w.int(0); // replication offset
  c.w.arrayHeader(0); // replicas
}

/** WAIT numreplicas timeout(ms): no replica ever acknowledges here. */
function wait(c: Client, argv: string[]): void {
  const numreplicas = intArg(c, argv[1]!);
  if (numreplicas === null) return;
  const t = parseIntStrict(argv[2]!);
  if (t === null) return err(c, "ERR timeout is not an integer or out of range");
  if (t < 0) return err(c, "ERR timeout is negative");
  const acked = 0;
  // Enough acknowledgements already, or blocking not allowed (inside EXEC).
  if (acked >= numreplicas || c.inExec) return c.w.int(acked);
  // Beyond LLONG_MAX, Redis's deadline wraps negative and never fires: a deadline this far is the same.
  const deadline = t === 0 ? 0 : Date.now() + Number(t);
  blockClient(
    c,
    [],
    deadline,
    () => false,
    (w) => w.int(acked),
  );
}

function clusterDisabled(c: Client): void {
  err(c, "ERR This instance has cluster support disabled");
}

// --- LOLWUT ---------------------------------------------------------------------

const RAND_MAX = 2147483647;
/** C's rand(): 0..RAND_MAX. */
function rand(): number {
  return Math.floor(Math.random() * (RAND_MAX + 1));
}

const f32 = Math.fround;

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    bg: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(bg);
  }

  set(x: number, y: number, color: number): void {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return;
    this.pixels[x + y * this.width] = color;
  }

  get(x: number, y: number): number {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return 0;
    return this.pixels[x + y * this.width]!;
  }

  /** Bresenham, as lwDrawLine. */
  line(x1: number, y1: number, x2: number, y2: number, color: number): void {
    const dx = Math.abs(x2 - x1);
    const dy = Math.abs(y2 - y1);
    const sx = x1 < x2 ? 1 : -1;
    const sy = y1 < y2 ? 1 : -1;
    let e = dx - dy;
    for (;;) {
      this.set(x1, y1, color);
      if (x1 === x2 && y1 === y2) break;
      const e2 = e * 2;
      if (e2 > -dy) {
        e -= dy;
        x1 += sx;
      }
      if (e2 < dx) {
        e += dx;
        y1 += sy;
      }
    }
  }

  /** lwDrawSquare, with C's float arithmetic. */
  square(x: number, y: number, size: number, angle: number, color: number): void {
    size = f32(size / 1.4142135623);
    size = f32(Math.round(size));
    const px: number[] = [];
    const py: number[] = [];
    let k = f32(Math.PI / 4 + angle);
    for (let j = 0; j < 4; j++) {
      px.push(cRound(Math.sin(k) * size + x));
      py.push(cRound(Math.cos(k) * size + y));
      k = f32(k + Math.PI / 2);
    }
    for (let j = 0; j < 4; j++) this.line(px[j]!, py[j]!, px[(j + 1) % 4]!, py[(j + 1) % 4]!, color);
  }
}

/** C round(): halves away from zero. */
function cRound(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** Three UTF-8 bytes (as a binary string) of the braille character for 8 pixels. */
function braille(byte: number): string {
  const code = 0x2800 + byte;
  return String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
}

/** The optional integer arguments args[1..] over their defaults, or null after the error. */
function longArgs(c: Client, args: readonly string[], defaults: number[]): number[] | null {
  const out = defaults.slice();
  for (let i = 0; i < defaults.length && i + 1 < args.length; i++) {
    const v = intArg(c, args[i + 1]!);
    if (v === null) return null;
    out[i] = v;
  }
  return out;
}

function lolwut5(c: Client, args: string[]): void {
  const n = longArgs(c, args, [66, 8, 12]);
  if (n === null) return;
  const cols = Math.min(Math.max(n[0]!, 1), 1000);
  const perRow = Math.min(Math.max(n[1]!, 1), 200);
  const perCol = Math.min(Math.max(n[2]!, 1), 200);

  // lwDrawSchotter
  const width = cols * 2;
  const padding = width > 4 ? 2 : 0;
  const side = f32(f32(width - padding * 2) / perRow);
  const height = Math.trunc(f32(f32(side * perCol) + padding * 2));
  const canvas = new Canvas(width, height, 0);
  for (let y = 0; y < perCol; y++) {
    for (let x = 0; x < perRow; x++) {
      let sx = Math.trunc(f32(f32(f32(x * side) + f32(side / 2)) + padding));
      let sy = Math.trunc(f32(f32(f32(y * side) + f32(side / 2)) + padding));
      let angle = 0;
      if (y > 1) {
        let r1 = f32(f32(f32(f32(rand()) / f32(RAND_MAX)) / perCol) * y);
        let r2 = f32(f32(f32(f32(rand()) / f32(RAND_MAX)) / perCol) * y);
        let r3 = f32(f32(f32(f32(rand()) / f32(RAND_MAX)) / perCol) * y);
        if (rand() % 2) r1 = -r1;
        if (rand() % 2) r2 = -r2;
        if (rand() % 2) r3 = -r3;
        angle = r1;
        sx = Math.trunc(f32(sx + f32(f32(r2 * side) / 3)));
        sy = Math.trunc(f32(sy + f32(f32(r3 * side) / 3)));
      }
      canvas.square(sx, sy, side, angle, 1);
    }
  }
  // renderCanvas: braille characters, 2x4 pixels each.
  let text = "";
  for (let y = 0; y < canvas.height; y += 4) {
    for (let x = 0; x < canvas.width; x += 2) {
      let b = 0;
      if (canvas.get(x, y)) b |= 1 << 0;
      if (canvas.get(x, y + 1)) b |= 1 << 1;
      if (canvas.get(x, y + 2)) b |= 1 << 2;
      if (canvas.get(x + 1, y)) b |= 1 << 3;
      if (canvas.get(x + 1, y + 1)) b |= 1 << 4;
      if (canvas.get(x + 1, y + 2)) b |= 1 << 5;
      if (canvas.get(x, y + 3)) b |= 1 << 6;
      if (canvas.get(x + 1, y + 3)) b |= 1 << 7;
      text += braille(b);
    }
    if (y !== canvas.height - 1) text += "\n";
  }
  text += `\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ${REDIS_VERSION}\n`;
  c.w.verbatim(text);
}

/** generateSkyscraper (lolwut6.c). */
function skyscraper(canvas: Canvas, xoff: number, width: number, height: number, windows: boolean, color: number): void {
  const starty = canvas.height - 1;
  const endy = starty - height + 1;
  for (let y = starty; y >= endy; y--) {
    for (let x = xoff; x < xoff + width; x++) {
      if (y === endy && (x <= xoff + 1 || x >= xoff + width - 2)) continue;
      let col = color;
      if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
        const relx = x - (xoff + 1);
        const rely = y - (endy + 1);
        if (Math.trunc(relx / 2) % 2 && rely % 2) {
          do {
            col = 1 + (rand() % 2);
          } while (col === color);
          if (relx % 2) col = canvas.get(x - 1, y);
        }
      }
      canvas.set(x, y, col);
    }
  }
}

function lolwut6(c: Client, args: string[]): void {
  const n = longArgs(c, args, [80, 20]);
  if (n === null) return;
  const cols = Math.min(Math.max(n[0]!, 1), 1000);
  const rows = Math.min(Math.max(n[1]!, 1), 1000);
  const canvas = new Canvas(cols, rows, 3);
  const h = canvas.height;
  // generateSkyline: two background passes without windows, then the foreground.
  for (let color = 2; color >= 1; color--) {
    for (let offset = -10; offset < canvas.width; ) {
      offset += rand() % 8;
      const width = 10 + (rand() % 9);
      const height = color === 2 ? Math.trunc(h / 2) + Math.trunc((rand() % h) / 2) : Math.trunc(h / 2) + Math.trunc((rand() % h) / 3);
      skyscraper(canvas, offset, width, height, false, color);
      offset += color === 2 ? Math.trunc(width / 2) : width + 1;
    }
  }
  for (let offset = -10; offset < canvas.width; ) {
    offset += rand() % 8;
    let width = 5 + (rand() % 14);
    if (width % 4) width += width % 3;
    const height = Math.trunc(h / 3) + Math.trunc((rand() % h) / 2);
    skyscraper(canvas, offset, width, height, true, 0);
    offset += width + 5;
  }
  const codes = ["0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"];
  const parts: string[] = [];
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) parts.push(`\x1b[${codes[canvas.get(x, y)] ?? codes[0]} \x1b[0m`);
    if (y !== canvas.height - 1) parts.push("\n");
  }
  parts.push(
    "\nDedicated to the 8 bit game developers of past and present.\n" +
      `Original 8 bit image from Plaguemon by hikikomori. Redis ver. ${REDIS_VERSION}\n`,
  );
  c.w.verbatim(parts.join(""));
}

/** LOLWUT [VERSION v] [args...]: version 5 and 6 draw; anything else prints the version. */
function lolwut(c: Client, argv: string[]): void {
  let v = REDIS_VERSION;
  let args = argv;
  if (argv.length >= 3 && is(argv[1]!, "VERSION")) {
    const ver = int64Arg(c, argv[2]!);
    if (ver === null) return;
    v = `${BigInt.asUintN(32, BigInt(ver))}.0.0`; // "%u.0.0" of (unsigned int)ver
    args = argv.slice(2);
  }
  if ((v[0] === "5" && v[1] === "." && v[2] !== "9") || (v[0] === "4" && v[1] === "." && v[2] === "9")) return lolwut5(c, args);
  if ((v[0] === "6" && v[1] === "." && v[2] !== "9") || (v[0] === "5" && v[1] === "." && v[2] === "9")) return lolwut6(c, args);
  c.w.verbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

// --- DEBUG: state ------------------------------------------------------------------

interface DebugState {
  /** quicklist's packed_threshold: elements this large get a plain node. */
  packedThreshold: number;
  /** Base of the made-up object addresses DEBUG OBJECT prints. */
  addrBase: number;
}

const states = new WeakMap<Server, DebugState>();

function stateOf(server: Server): DebugState {
  let s = states.get(server);
  if (!s) {
    s = { packedThreshold: 1 << 30, addrBase: 0x7f0000000000 + Math.floor(Math.random() * 0xffffff) * 0x1000 };
    states.set(server, s);
  }
  return s;
}

const DEBUG_REFUSED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

/** Redis's islocalClient: a loopback peer. */
function isLocalClient(c: Client): boolean {
  const host = c.addr.slice(0, c.addr.lastIndexOf(":"));
  return host === "127.0.0.1" || host === "::1" || host === "[::1]";
}

/** The enable-debug-command gate, before MULTI queueing (as Redis's processCommand). */
export function installMisc(server: Server): void {
  server.interceptors.unshift((c, cmd) => {
    if (cmd.name !== "debug" || cmd.parent !== null) return false;
    const allow = server.config.get("enable-debug-command");
    if (allow === "yes" || (allow === "local" && isLocalClient(c))) return false;
    cmd.rejectedCalls++;
    for (const h of server.rejectHooks) h(c);
    server.replyError(c, DEBUG_REFUSED);
    return true;
  });
}

// --- DEBUG DIGEST --------------------------------------------------------------------

// Bun's one-shot SHA1 into a reused buffer: a few times faster than
// node:crypto's createHash for these many tiny inputs.
const HASH = new Uint8Array(20);
let scratch = Buffer.allocUnsafe(4096);

/** A binary string's bytes, in a scratch buffer valid until the next call. */
function bin(s: string): Uint8Array {
  if (s.length > scratch.length) scratch = Buffer.allocUnsafe(s.length * 2);
  const n = scratch.write(s, 0, s.length, "latin1");
  return scratch.subarray(0, n);
}

/** xorDigest: digest ^= SHA1(data). */
function xorDigest(digest: Uint8Array, data: Uint8Array): void {
  Bun.SHA1.hash(data, HASH);
  for (let i = 0; i < 20; i++) digest[i]! ^= HASH[i]!;
}

/** mixDigest: digest = SHA1(digest ^ SHA1(data)). */
function mixDigest(digest: Uint8Array, data: Uint8Array): void {
  xorDigest(digest, data);
  Bun.SHA1.hash(digest, HASH);
  digest.set(HASH);
}

function be32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

const TYPE_BYTES = [0, 1, 2, 3, 4, 5, 6].map(be32);
const U64_MAX = 18446744073709551615n;
const OBJ_TYPE: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };
const EXPIRE_MARK = Buffer.from("!!expire!!");

/** xorObjectDigest: mixes a value (type, contents, whether it has a TTL) into digest. */
function objectDigest(digest: Uint8Array, v: Value, hasExpire: boolean): void {
  const type = typeof v === "object" && !(v instanceof RawString) ? v.type : "string";
  mixDigest(digest, TYPE_BYTES[OBJ_TYPE[type] ?? 0]!);
  if (type === "string") {
    mixDigest(digest, bin(typeof v === "number" ? String(v) : typeof v === "string" ? v : (v as RawString).s));
  } else if (type === "list") {
    for (const s of (v as ListValue).toArray()) mixDigest(digest, bin(s));
  } else if (type === "set") {
    for (const e of (v as RSet).elems()) xorDigest(digest, bin(elemStr(e)));
  } else if (type === "zset") {
    const ele = Buffer.alloc(20);
    (v as ZSet).tree.forEach((member, score) => {
      ele.fill(0);
      mixDigest(ele, bin(member));
      mixDigest(ele, bin(formatDouble(score))); // "%.17g" in 7.0
      xorDigest(digest, ele);
    });
  } else if (type === "stream") {
    // Each live entry in ID order: its ID as "ms.seq", then its fields and values.
    const first = { ms: 0, seq: 0 };
    const last = { ms: U64_MAX, seq: U64_MAX };
    (v as StreamValue).range(first, last, false, (e, node) => {
      mixDigest(digest, bin(`${e.ms}.${e.seq}`));
      for (const x of node.pairs(e)) mixDigest(digest, bin(x));
      return true;
    });
  } else if (type === "hash") {
    const ele = Buffer.alloc(20);
    for (const [f, val] of (v as Hash).entries()) {
      ele.fill(0);
      mixDigest(ele, bin(elemStr(f)));
      mixDigest(ele, bin(elemStr(val)));
      xorDigest(digest, ele);
    }
  }
  if (hasExpire) xorDigest(digest, EXPIRE_MARK);
}

/** computeDatasetDigest: every key, logically expired ones included (no lookups). */
export function datasetDigest(server: Server): string {
  const final = Buffer.alloc(20);
  const digest = Buffer.alloc(20);
  for (const db of server.dbs) {
    if (db.data.size === 0) continue;
    mixDigest(final, be32(db.id));
    for (const [key, v] of db.data) {
      digest.fill(0);
      mixDigest(digest, bin(key));
      objectDigest(digest, v, db.expires.has(key));
      xorDigest(final, digest);
    }
  }
  return final.toString("hex");
}

// --- DEBUG OBJECT ------------------------------------------------------------------

const SHARED_REFCOUNT = 2147483647;
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const SIZE_ESTIMATE_OVERHEAD = 8;
const LP_EMPTY = 7; // listpack header + terminator

function maxmemoryPolicy(server: Server): string {
  return server.config.get("maxmemory-policy") ?? "noeviction";
}

/** Integers 0..9999 are shared objects unless maxmemory with an LRU/LFU policy forbids it. */
function isSharedInteger(server: Server, v: Value): boolean {
  if (typeof v !== "number" || v < 0 || v >= 10000) return false;
  if (server.config.getInt("maxmemory") === 0) return true;
  const p = maxmemoryPolicy(server);
  return !p.endsWith("-lru") && !p.endsWith("-lfu");
}

interface QlNode {
  plain: boolean;
  items: string[];
  /** node->sz: the listpack's bytes, or the element's for a plain node. */
  sz: number;
}

/**
 * The quicklist nodes a list pushed from the tail has in Redis: listpacks
 * filled per list-max-listpack-size (_quicklistNodeAllowInsert), elements of
 * packed_threshold bytes or more in plain nodes of their own.
 */
function quicklistNodes(server: Server, l: ListValue): QlNode[] {
  const fill = server.limits.listMaxListpackSize;
  const threshold = stateOf(server).packedThreshold;
  const nodes: QlNode[] = [];
  let cur: QlNode | null = null;
  for (const s of l.toArray()) {
    if (s.length >= threshold) {
      cur = null;
      nodes.push({ plain: true, items: [s], sz: s.length });
      continue;
    }
    if (cur !== null) {
      const newSz = cur.sz + s.length + SIZE_ESTIMATE_OVERHEAD;
      const lvl = fill < 0 ? OPTIMIZATION_LEVEL[-fill - 1] : undefined;
      const ok = lvl !== undefined && newSz <= lvl ? true : newSz > SIZE_SAFETY_LIMIT ? false : cur.items.length < fill;
      if (!ok) cur = null;
    }
    if (cur === null) {
      cur = { plain: false, items: [], sz: LP_EMPTY };
      nodes.push(cur);
    }
    cur.items.push(s);
    cur.sz += lpEntrySize(s);
  }
  return nodes;
}

/** DEBUG OBJECT's quicklist fields. */
function quicklistInfo(server: Server, l: ListValue, nodes: QlNode[]): string {
  let total = 0;
  for (const n of nodes) total += n.sz;
  const avg = nodes.length === 0 ? "nan" : (l.length / nodes.length).toFixed(2);
  const compressed = server.config.getInt("list-compress-depth") !== 0 ? 1 : 0;
  return ` ql_nodes:${nodes.length} ql_avg_node:${avg} ql_listpack_max:${server.limits.listMaxListpackSize} ql_compressed:${compressed} ql_uncompressed_size:${total}`;
}

/** rdbSaveObject of those nodes (RDB_TYPE_LIST_QUICKLIST_2); plain nodes are saved as raw strings. */
function writeQuicklist(rw: RdbWriter, nodes: QlNode[]): void {
  rw.len(nodes.length);
  for (const n of nodes) {
    rw.len(n.plain ? 1 : 2);
    if (n.plain) {
      rw.string(n.items[0]!);
      continue;
    }
    const b = new ListpackBuilder();
    for (const s of n.items) b.add(s);
    rw.blob(b.finish());
  }
}

function debugObject(c: Client, key: string): void {
  const server = c.server;
  const v = c.db.data.get(key); // dictFind: no expiry check
  if (v === undefined) return err(c, E.NO_SUCH_KEY);
  const rw = new RdbWriter({ compress: server.config.getBool("rdbcompression"), checksum: false });
  const nodes = typeof v === "object" && v.type === "list" ? quicklistNodes(server, v as ListValue) : null;
  if (nodes !== null) writeQuicklist(rw, nodes);
  else writeObject(rw, v, server.limits);
  const shared = isSharedInteger(server, v);
  // The LRU clock (seconds, 24 bits), or under LFU the access time in minutes and counter.
  const lru = maxmemoryPolicy(server).endsWith("-lfu")
    ? ((Math.floor(Date.now() / 60000) & 0xffff) << 8) | (shared ? 0 : 5)
    : Math.floor(Date.now() / 1000) & 0xffffff;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
  const addr = (stateOf(server).addrBase + (h & 0xfffff) * 16).toString(16);
  const extra = nodes !== null ? quicklistInfo(server, v as ListValue, nodes) : "";
  c.w.simple(
    `Value at:0x${addr} refcount:${shared ? SHARED_REFCOUNT : 1} encoding:${encodingOf(v)} serializedlength:${rw.bytes().length} lru:${lru} lru_seconds_idle:0${extra}`,
  );
}

// --- DEBUG RELOAD --------------------------------------------------------------------

/** rdbLoad of dbfilename into the current databases; MERGE replaces keys already there. */
function loadRdbFile(server: Server, merge: boolean): boolean {
  const p = persistenceOf(server);
  const path = p.rdbPath();
  let buf: Uint8Array;
  try {
    buf = readFileSync(path);
  } catch (e) {
    server.log.warning(`Fatal error loading the DB: ${(e as Error).message}.`);
    return false;
  }
  const now = Date.now();
  const stats = { loaded: 0, expired: 0, emptySkipped: 0 };
  p.loading = true;
  try {
    parseRdb(
      buf,
      {
        key: (dbi, key, pv, expireAt) => {
          if (expireAt !== -1 && expireAt < now) {
            stats.expired++;
            return;
          }
          const v = objectFromPlain(pv, server.limits);
          if (v === null) {
            stats.emptySkipped++;
            return;
          }
          const db = server.dbs[dbi]!;
          if (db.data.has(key)) {
            if (!merge) throw new FormatError(`RDB has duplicated key '${key}' in DB ${dbi}`, 0);
            db.delete(key);
          }
          db.data.set(key, v);
          if (expireAt !== -1) db.expires.set(key, expireAt);
          stats.loaded++;
        },
      },
      { checksum: server.config.getBool("rdbchecksum"), databases: server.dbs.length },
    );
  } catch (e) {
    server.log.warning(`Error loading ${path}: ${(e as Error).message}`);
    return false;
  } finally {
    p.loading = false;
  }
  p.lastLoad = stats;
  return true;
}

function debugReload(c: Client, argv: string[]): void {
  let flush = true;
  let save = true;
  let merge = false;
  for (let j = 2; j < argv.length; j++) {
    const o = argv[j]!;
    if (is(o, "MERGE")) merge = true;
    else if (is(o, "NOFLUSH")) flush = false;
    else if (is(o, "NOSAVE")) save = false;
    else return err(c, "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
  }
  const server = c.server;
  const p = persistenceOf(server);
  if (save && p.bgsaveInProgress) {
    // Redis's child keeps its own temp file; here a BGSAVE shares this process's
    // temp-<pid>.rdb, so it is stopped first (as FLUSHALL stops it).
    server.log.warning("DEBUG RELOAD: stopping the background save in progress");
    p.job!.cancel();
  }
  if (save && !p.saveSync()) return err(c, "ERR");
  if (flush) {
    for (const db of server.dbs) {
      if (db.size === 0) continue;
      server.prop.flushed(db.id); // WATCH sees every key go (emptyData)
      db.clear();
    }
  }
  if (!loadRdbFile(server, merge)) return err(c, "ERR Error trying to load the RDB dump, check server logs.");
  server.log.notice("DB reloaded by DEBUG RELOAD");
  c.w.ok();
}

// --- DEBUG: small parsers -------------------------------------------------------------

/** C atoi: optional blanks and sign, digits, anything after ignored; as a C int. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  let v = BigInt(m[1]!);
  const max = 9223372036854775807n;
  if (v > max) v = max; // strtol saturates
  if (v < -max - 1n) v = -max - 1n;
  return Number(BigInt.asIntN(32, v));
}

/** C strtod on a prefix (DEBUG SLEEP): the number at the start, 0 when there is none. */
function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (m === null) return 0;
  const t = m[1]!.toLowerCase();
  const neg = t.startsWith("-");
  const body = t.replace(/^[+-]/, "");
  let v: number;
  if (body.startsWith("inf")) v = Infinity;
  else if (body === "nan") v = NaN;
  else if (body.startsWith("0x")) {
    const hm = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(body)!;
    const frac = hm[2] ?? "";
    v = Number(BigInt("0x" + ((hm[1] ?? "") + frac || "0"))) * 2 ** (Number(hm[3] ?? "0") - 4 * frac.length);
  } else v = Number(body);
  return neg ? -v : v;
}

/** memtoull: digits with an optional unit (b, k, kb, m, mb, g, gb); null when invalid. */
function memtoull(s: string): bigint | null {
  if (s.startsWith("-")) return null;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const unit = s.slice(i).toLowerCase();
  const mul = ({ "": 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n } as Record<string, bigint>)[unit];
  if (mul === undefined || i >= 128) return null;
  let v = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (v > 18446744073709551615n) v = 18446744073709551615n; // strtoull saturates
  return BigInt.asUintN(64, v * mul);
}

/** getPositiveLongFromObjectOrReply */
function positiveLong(c: Client, s: string): number | null {
  const v = parseIntStrict(s);
  if (v === null || v < 0) {
    err(c, "ERR value is out of range, must be positive");
    return null;
  }
  return Number(v);
}

// --- DEBUG PROTOCOL ---------------------------------------------------------------------

function debugProtocol(c: Client, name: string): void {
  const w = c.w;
  const resp3 = c.proto === 3;
  switch (name.toLowerCase()) {
    case "string":
      return w.bulk("Hello World");
    case "integer":
      return w.int(12345);
    case "double":
      return w.double(formatDouble(3.141));
    case "bignum": {
      const n = "1234567999999999999999999999999999999";
      if (resp3) w.raw(Buffer.from(`(${n}\r\n`));
      else w.bulk(n);
      return;
    }
    case "null":
      return w.nullBulk();
    case "array":
    case "set":
      if (name.toLowerCase() === "set") w.setHeader(3);
      else w.arrayHeader(3);
      for (let j = 0; j < 3; j++) w.int(j);
      return;
    case "map":
      w.mapHeader(3);
      for (let j = 0; j < 3; j++) {
        w.int(j);
        w.bool(j === 1);
      }
      return;
    case "attrib":
      if (resp3) {
        w.raw(Buffer.from("|1\r\n"));
        w.bulk("key-popularity");
        w.arrayHeader(2);
        w.bulk("key:123");
        w.int(90);
      }
      return w.bulk("Some real reply following the attribute");
    case "push":
      if (!resp3) return err(c, "ERR RESP2 is not supported by this command");
      w.pushHeader(2);
      w.bulk("server-cpu-usage");
      w.int(42);
      return w.bulk("Some real reply following the push reply");
    case "true":
      return w.bool(true);
    case "false":
      return w.bool(false);
    case "verbatim":
      return w.verbatim("This is a verbatim\nstring");
    default:
      return err(
        c,
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false",
      );
  }
}

// --- DEBUG -----------------------------------------------------------------------------

const DEBUG_HELP: readonly string[] = [
  "AOF-FLUSH-SLEEP <microsec>",
  "    Server will sleep before flushing the AOF, this is used for testing.",
  "ASSERT",
  "    Crash by assertion failed.",
  "CHANGE-REPL-ID",
  "    Change the replication IDs of the instance.",
  "    Dangerous: should be used only for testing the replication subsystem.",
  "CONFIG-REWRITE-FORCE-ALL",
  "    Like CONFIG REWRITE but writes all configuration options, including",
  "    keywords not listed in original configuration file or default values.",
  "CRASH-AND-RECOVER [<milliseconds>]",
  "    Hard crash and restart after a <milliseconds> delay (default 0).",
  "DIGEST",
  "    Output a hex signature representing the current DB content.",
  "DIGEST-VALUE <key> [<key> ...]",
  "    Output a hex signature of the values of all the specified keys.",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LEAK <string>",
  "    Create a memory leak of the input string.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "HTSTATS <dbid>",
  "    Return hash table statistics of the specified Redis database.",
  "HTSTATS-KEY <key>",
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  "LOADAOF",
  "    Flush the AOF buffers on disk and reload the AOF in memory.",
  "REPLICATE <string>",
  "    Replicates the provided string to replicas, allowing data divergence.",
  "MALLCTL <key> [<val>]",
  "    Get or set a malloc tuning integer.",
  "MALLCTL-STR <key> [<val>]",
  "    Get or set a malloc tuning string.",
  "OBJECT <key>",
  "    Show low level info about `key` and associated value.",
  "DROP-CLUSTER-PACKET-FILTER <packet-type>",
  "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
  "OOM",
  "    Crash the server simulating an out-of-memory error.",
  "PANIC",
  "    Crash the server simulating a panic.",
  "POPULATE <count> [<prefix>] [<size>]",
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  "    replicas. Cluster slots are not respected so keys not belonging to the",
  "    current node can be created in cluster mode.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "RELOAD [option ...]",
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
  "    * MERGE: conflicting keys will be loaded from RDB.",
  "    * NOFLUSH: the existing database will not be removed before load, but",
  "      conflicting keys will generate an exception and kill the server.",
  "    * NOSAVE: the database will be loaded from an existing RDB file.",
  "    Examples:",
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
  "      the database.",
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
  "      existing RDB file.",
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
  "      file to the database.",
  "RESTART [<milliseconds>]",
  "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
  "SDSLEN <key>",
  "    Show low level SDS string info representing `key` and value.",
  "SEGFAULT",
  "    Crash the server with sigsegv.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys in background when they are not",
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
  "    default.",
  "QUICKLIST-PACKED-THRESHOLD <size>",
  "    Sets the threshold for elements to be inserted as plain vs packed nodes",
  "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
  "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "STRINGMATCH-TEST",
  "    Run a fuzz tester against the stringmatchlen() function.",
  "STRUCTSIZE",
  "    Return the size of different Redis core C structures.",
  "LISTPACK <key>",
  "    Show low level info about the listpack encoding of <key>.",
  "QUICKLIST <key> [<0|1>]",
  "    Show low level info about the quicklist encoding of <key>.",
  "    The optional argument (0 by default) sets the level of detail",
  "CLIENT-EVICTION",
  "    Show low level client eviction pools info (maxmemory-clients).",
  "PAUSE-CRON <0|1>",
  "    Stop periodic cron job processing.",
  "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
  "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
  "    In case NEVER is provided the last observed peak will never be reset",
  "    In case RESET is provided the peak reset time will be restored to the default value",
  "REPLYBUFFER RESIZING <0|1>",
  "    Enable or disable the reply buffer resize cron job",
  "CLUSTERLINK KILL <to|from|all> <node-id>",
  "    Kills the link based on the direction to/from (both) with the provided node.",
];

function debug(c: Client, argv: string[]): void {
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  const server = c.server;
  if (sub === "help" && argc === 2) return replyHelp(c, "DEBUG", DEBUG_HELP);
  if (sub === "reload") return debugReload(c, argv);
  if (sub === "object" && argc === 3) return debugObject(c, argv[2]!);
  if (sub === "digest" && argc === 2) {
    return c.w.simple(datasetDigest(server));
  }
  if (sub === "digest-value") {
    c.w.arrayHeader(argc - 2);
    const digest = Buffer.alloc(20);
    for (let j = 2; j < argc; j++) {
      digest.fill(0);
      const key = argv[j]!;
      const v = c.db.data.get(key); // logically expired keys too
      if (v !== undefined) objectDigest(digest, v, c.db.expires.has(key));
      c.w.simple(digest.toString("hex"));
    }
    return;
  }
  if (sub === "protocol" && argc === 3) return debugProtocol(c, argv[2]!);
  if (sub === "sleep" && argc === 3) {
    // The whole server stops, as Redis's nanosleep in the event loop.
    const utime = strtodPrefix(argv[2]!) * 1000000;
    if (Number.isFinite(utime) && utime >= 1 && utime < 2 ** 63) Bun.sleepSync(Math.trunc(utime) / 1000);
    return c.w.ok();
  }
  if (sub === "set-active-expire" && argc === 3) {
    server.activeExpireEnabled = atoi(argv[2]!) !== 0;
    return c.w.ok();
  }
  if (sub === "quicklist-packed-threshold" && argc === 3) {
    const sz = memtoull(argv[2]!);
    if (sz === null || sz > 2n ** 32n - 2n ** 20n) return err(c, "ERR argument must be a memory value bigger than 1 and smaller than 4gb");
    stateOf(server).packedThreshold = sz === 0n ? 1 << 30 : Number(sz);
    return c.w.ok();
  }
  if (sub === "change-repl-id" && argc === 2) {
    server.log.notice("Changing replication IDs after receiving DEBUG change-repl-id");
    changeReplId(server);
    return c.w.ok();
  }
  if (sub === "populate" && argc >= 3 && argc <= 5) {
    const keys = positiveLong(c, argv[2]!);
    if (keys === null) return;
    let valsize = 0;
    if (argc === 5) {
      const v = positiveLong(c, argv[4]!);
      if (v === null) return;
      valsize = v;
    }
    const prefix = argc === 3 ? "key" : argv[3]!;
    const db = c.db;
    for (let j = 0; j < keys; j++) {
      const key = `${prefix}:${j}`;
      if (db.get(key) !== undefined) continue;
      let val = `value:${j}`;
      if (valsize !== 0) val = valsize <= val.length ? val.slice(0, valsize) : val + "\0".repeat(valsize - val.length);
      db.set(key, val);
      server.prop.keyChanged(db.id, key);
    }
    return c.w.ok();
  }
  if (sub === "log" && argc === 3) {
    server.log.warning(`DEBUG LOG: ${argv[2]!}`);
    return c.w.ok();
  }
  if (sub === "error" && argc === 3) {
    // Sent as given (newlines become spaces); not counted as an error reply, as Redis's addReplySds.
    return c.w.error(argv[2]!);
  }
  err(c, `ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try DEBUG HELP.`);
}

// --- table -----------------------------------------------------------------------------

export const miscCommands: CommandDef[] = [
  { name: "role", arity: 1, flags: ["noscript", "loading", "stale", "fast"], handler: role },
  { name: "wait", arity: 3, flags: ["noscript"], handler: wait },
  { name: "readonly", arity: 1, flags: ["loading", "stale", "fast"], handler: clusterDisabled },
  { name: "readwrite", arity: 1, flags: ["loading", "stale", "fast"], handler: clusterDisabled },
  { name: "lolwut", arity: -1, flags: ["readonly", "fast"], handler: lolwut },
  { name: "debug", arity: -2, flags: ["admin", "noscript", "loading", "stale"], handler: debug },
];
