// Blocking commands on keys (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, and
// for other types BZPOPMIN, BZPOPMAX, BZMPOP, XREAD BLOCK...), after Redis's
// blocked.c.
//
// A command that finds nothing to serve calls
//
//   blockClient(c, keys, deadline, serve, onTimeout?)
//
// and replies nothing. The client is then "blocked": the server stops
// processing its input (pipelined commands wait, see Server.processInput)
// until it is served, times out, is unblocked by CLIENT UNBLOCK, or goes away.
//
// Any write to a key (every handler reports writes with written(), which
// reaches Propagator.keyChanged) that some client is blocked on marks the key
// "ready"; signalKeyAsReady() does the same explicitly. After the command
// that made keys ready has finished — for MULTI/EXEC and scripts, after the
// whole EXEC or script, since the server calls handleReady() only between
// top-level commands — handleReady() offers each ready key to the clients
// blocked on it, first come first served (FIFO per key), through their
// `serve(c, key)` callbacks:
//
//   - serve runs as the blocked client (c.db is its database, c.w writes its
//     reply, c.propagate() records what to replay to the AOF/replicas, and
//     written()/notify() work as in any handler);
//   - it returns true when it served the client (reply written, possibly an
//     error), false when the key can't serve it (missing, empty, another
//     type) — then it must write nothing, and the client stays blocked;
//   - clients are offered the key in the order they blocked; once the key
//     stops existing the remaining ones stay blocked (Redis's "deleted" stop),
//     so a key pushed then popped (or deleted) within one transaction serves
//     nobody.
// Serving a client can make other keys ready (BLMOVE pushes to its
// destination); handleReady loops until nothing is ready.
//
// The served client's reply is delivered with server.deliver() (it is not the
// client whose command is running), and its buffered input is processed right
// after (a microtask), as Redis's processUnblockedClients.
//
// Timeouts: one timer per blocked client with a deadline (re-armed for
// deadlines beyond setTimeout's range); on expiry the client gets
// `onTimeout(w)` (default: the null array, `*-1` / RESP3 `_`, which is what
// every Redis 7.0 list/zset/stream blocking command answers).
//
// While a client runs EXEC (c.inExec), blocking commands must not block: they
// behave as their non-blocking form and answer null at once (Redis's
// CLIENT_DENY_BLOCKING). Handlers check c.inExec before calling blockClient.

import type { Client } from "./client.ts";
import { E } from "./commands/errors.ts";
import { ReplyWriter } from "./protocol/reply.ts";
import type { Server } from "./server.ts";
import type { Database } from "./store/keyspace.ts";
import { parseIntStrict, parseLongDouble } from "./util/numbers.ts";

/** Serves a blocked client from a ready key; true when it replied (see above). */
export type ServeFn = (c: Client, key: string) => boolean;
/** Writes the reply a client gets when its timeout expires. */
export type TimeoutReply = (w: ReplyWriter) => void;

interface BlockState {
  db: Database;
  /** Distinct keys, in the order given. */
  keys: string[];
  /** Absolute ms; 0 = no timeout. */
  deadline: number;
  timer: ReturnType<typeof setTimeout> | null;
  serve: ServeFn;
  onTimeout: TimeoutReply | null;
  /** The blocking command's arguments (for the snapshot's copy-on-write when served). */
  argv: string[];
}

/** The longest delay setTimeout accepts; longer deadlines re-arm. */
const MAX_TIMER = 2 ** 31 - 1;
const EMPTY = Buffer.alloc(0);
const nullArray: TimeoutReply = (w) => w.nullArray();

export class Blocking {
  private readonly states = new Map<Client, BlockState>();
  /** Per database index: key → clients blocked on it, in blocking order. */
  private readonly byDb: (Map<string, Set<Client>> | undefined)[] = [];
  /** Keys signalled since the last handleReady, in order, without repeats. */
  private ready: { db: Database; key: string }[] = [];
  private readonly readySet: (Set<string> | undefined)[] = [];
  /** The key being served right now: writes to it don't re-signal it. */
  private servingDb: Database | null = null;
  private servingKey: string | null = null;
  private handling = false;
  /** Replies of served clients are written here, then delivered. */
  private readonly w = new ReplyWriter(4096);
  private withTimeout = 0;

  constructor(private readonly server: Server) {
    server.prop.onKey.push((dbIndex, key) => {
      if (this.states.size !== 0) this.signal(dbIndex, key);
    });
    // SWAPDB: keys of both databases changed wholesale (scanDatabaseForReadyKeys).
    server.prop.onSwap.push((a, b) => {
      if (this.states.size === 0) return;
      this.signalAll(a);
      this.signalAll(b);
    });
    server.closeHooks.push((c) => {
      const st = this.states.get(c);
      if (st !== undefined) this.release(c, st);
    });
  }

  /** Clients blocked right now (INFO blocked_clients). */
  get blockedCount(): number {
    return this.states.size;
  }

  /** Blocked clients with a timeout (INFO clients_in_timeout_table). */
  get timeoutCount(): number {
    return this.withTimeout;
  }

  /** True when some key was signalled and handleReady() has work. */
  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  isBlocked(c: Client): boolean {
    return this.states.has(c);
  }

  /** Keys c is blocked on (CLIENT LIST / debugging), or null. */
  keysOf(c: Client): readonly string[] | null {
    return this.states.get(c)?.keys ?? null;
  }

  block(c: Client, keys: readonly string[], deadline: number, serve: ServeFn, onTimeout: TimeoutReply | null = null): void {
    if (this.states.has(c)) throw new Error("client is already blocked");
    const db = c.db;
    let map = this.byDb[db.id];
    if (map === undefined) map = this.byDb[db.id] = new Map();
    const distinct: string[] = [];
    for (const key of keys) {
      let set = map.get(key);
      if (set === undefined) {
        set = new Set();
        map.set(key, set);
      } else if (set.has(c)) {
        continue; // a key given twice is waited on once
      }
      set.add(c);
      distinct.push(key);
    }
    const st: BlockState = { db, keys: distinct, deadline, timer: null, serve, onTimeout, argv: this.server.currentArgv };
    this.states.set(c, st);
    c.blocked = true;
    c.flagsSet.add("blocked");
    if (deadline > 0) {
      this.withTimeout++;
      this.arm(c, st);
    }
  }

  private arm(c: Client, st: BlockState): void {
    const delay = Math.min(Math.max(st.deadline - Date.now(), 0), MAX_TIMER);
    const t = setTimeout(() => this.onTimer(c), delay);
    (t as unknown as { unref?: () => void }).unref?.();
    st.timer = t;
  }

  private onTimer(c: Client): void {
    const st = this.states.get(c);
    if (st === undefined) return;
    st.timer = null;
    if (Date.now() < st.deadline) {
      this.arm(c, st);
      return;
    }
    this.timeOut(c, st);
  }

  private timeOut(c: Client, st: BlockState): void {
    const reply = st.onTimeout ?? nullArray;
    if (!c.replyOff) this.server.deliver(c, reply);
    this.release(c, st);
    this.countCall(c, false);
    this.resume(c);
  }

  /** Marks a key as ready if clients are blocked on it (Redis's signalKeyAsReady). */
  signal(dbIndex: number, key: string): void {
    const map = this.byDb[dbIndex];
    if (map === undefined || !map.has(key)) return;
    const db = this.server.dbs[dbIndex]!;
    if (this.servingKey === key && this.servingDb === db) return;
    let rs = this.readySet[dbIndex];
    if (rs === undefined) rs = this.readySet[dbIndex] = new Set();
    if (rs.has(key)) return;
    rs.add(key);
    this.ready.push({ db, key });
  }

  /**
   * Marks every key of a database that clients are blocked on as ready
   * (Redis's scanDatabaseForReadyKeys, for SWAPDB and the like: keys that
   * changed without a written() each).
   */
  signalAll(dbIndex: number): void {
    const map = this.byDb[dbIndex];
    if (map === undefined) return;
    for (const key of map.keys()) this.signal(dbIndex, key);
  }

  /**
   * Serves clients blocked on the keys made ready since the last call
   * (Redis's handleClientsBlockedOnKeys). The server calls it after each
   * top-level command.
   */
  handleReady(): void {
    if (this.handling) return;
    this.handling = true;
    try {
      while (this.ready.length !== 0) {
        const list = this.ready;
        this.ready = [];
        for (let i = 0; i < list.length; i++) {
          const { db, key } = list[i]!;
          this.readySet[db.id]?.delete(key);
          const set = this.byDb[db.id]?.get(key);
          if (set === undefined) continue;
          const existed = db.get(key) !== undefined;
          this.servingDb = db;
          this.servingKey = key;
          try {
            for (const c of set) {
              if (existed && !db.data.has(key)) break; // emptied and deleted: the rest wait
              this.tryServe(c, key);
            }
          } finally {
            this.servingDb = null;
            this.servingKey = null;
          }
        }
      }
    } finally {
      this.handling = false;
    }
  }

  private tryServe(c: Client, key: string): void {
    const st = this.states.get(c);
    if (st === undefined) return;
    const server = this.server;
    const w = this.w;
    w.reset(c.proto);
    const saved = c.w;
    c.w = w;
    const errors = server.stats.errorReplies;
    let served = false;
    try {
      // Serving writes (BLMOVE pushes to its destination): let a background
      // snapshot copy what it is about to change, as for any write command.
      const cmd = c.lastCommand;
      if (server.beforeWrite !== null && cmd !== null && cmd.isWrite) server.beforeWrite(c, cmd, st.argv);
      served = st.serve(c, key);
    } catch (e) {
      // A bug in a serve callback: answer an error rather than leave the client hanging.
      server.log.warning(`internal error serving blocked client ${c.id}: ${(e as Error)?.stack ?? String(e)}`);
      w.reset(c.proto);
      server.replyError(c, `ERR internal error: ${String((e as Error)?.message ?? e).replace(/[\r\n]+/g, " ")}`);
      served = true;
    } finally {
      c.w = saved;
    }
    if (!served) {
      c.propagateAs = null;
      return;
    }
    const as = c.propagateAs;
    if (as !== null) {
      for (const a of as) server.prop.command(st.db.id, a);
      c.propagateAs = null;
    }
    const bytes = Uint8Array.prototype.slice.call(w.view());
    w.reset(2);
    w.shrink(64 * 1024);
    this.release(c, st);
    this.countCall(c, server.stats.errorReplies !== errors);
    if (!c.replyOff) server.deliver(c, (out) => out.raw(bytes));
    this.resume(c);
  }

  /**
   * Unblocks c as CLIENT UNBLOCK does: with its timeout reply, or with the
   * -UNBLOCKED error. False when c is not blocked.
   */
  unblock(c: Client, withError: boolean): boolean {
    const st = this.states.get(c);
    if (st === undefined) return false;
    if (!withError) {
      this.timeOut(c, st);
      return true;
    }
    const msg = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
    if (!c.replyOff) this.server.deliver(c, (w) => w.error(msg));
    const s = this.server.stats;
    s.errorReplies++;
    s.errorsByPrefix.set("UNBLOCKED", (s.errorsByPrefix.get("UNBLOCKED") ?? 0) + 1);
    this.release(c, st);
    this.countCall(c, true);
    this.resume(c);
    return true;
  }

  /** Forgets c's blocked state (no reply). */
  private release(c: Client, st: BlockState): void {
    this.states.delete(c);
    const map = this.byDb[st.db.id];
    if (map !== undefined) {
      for (const key of st.keys) {
        const set = map.get(key);
        if (set === undefined) continue;
        set.delete(c);
        if (set.size === 0) map.delete(key);
      }
    }
    if (st.timer !== null) clearTimeout(st.timer);
    if (st.deadline > 0) this.withTimeout--;
    c.blocked = false;
    c.flagsSet.delete("blocked");
  }

  /** The blocking command counts as a call when it completes (as Redis's updateStatsOnUnblock). */
  private countCall(c: Client, failed: boolean): void {
    const cmd = c.lastCommand;
    if (cmd === null) return;
    cmd.calls++;
    if (failed) cmd.failedCalls++;
  }

  /** Processes the input c buffered while blocked, once the current work is done. */
  private resume(c: Client): void {
    queueMicrotask(() => {
      if (c.closed || c.blocked) return;
      c.parser.feed(EMPTY);
      this.server.processInput(c);
    });
  }
}

// --- API for command handlers ----------------------------------------------

/**
 * Blocks c on keys until one of them can serve it (see the top of this
 * file). deadline: absolute ms from parseTimeout(), 0 = forever.
 */
export function blockClient(
  c: Client,
  keys: readonly string[],
  deadline: number,
  serve: ServeFn,
  onTimeout: TimeoutReply | null = null,
): void {
  c.server.blocking.block(c, keys, deadline, serve, onTimeout);
}

/**
 * Marks db's key as ready for the clients blocked on it. Writes reported
 * with written() already do this; call it for changes made some other way.
 */
export function signalKeyAsReady(server: Server, db: Database, key: string): void {
  if (server.blocking.blockedCount !== 0) server.blocking.signal(db.id, key);
}

/** Marks every key of db with blocked clients as ready (after SWAPDB). */
export function scanDatabaseForReadyKeys(server: Server, db: Database): void {
  server.blocking.signalAll(db.id);
}

/**
 * Parses a blocking command's timeout in seconds (fractions allowed) as
 * Redis 7.0's getTimeoutFromObjectOrReply: the absolute deadline in ms, 0 for
 * none, or null after replying the error.
 */
export function parseTimeout(c: Client, arg: string): number | null {
  const v = parseLongDouble(arg);
  if (v === null) {
    c.server.replyError(c, "ERR timeout is not a float or out of range");
    return null;
  }
  const ms = timeoutMillis(arg, v);
  if (ms < 0) {
    c.server.replyError(c, "ERR timeout is negative");
    return null;
  }
  return ms > 0 ? Date.now() + ms : 0;
}

const TWO63 = 9223372036854775808;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Redis 7.0's `(long long) ceill(ftval * 1000.0)` for a timeout in seconds,
 * with ftval the x87 long double strtold gives: computed exactly (64-bit
 * mantissa roundings) for decimal input, because it decides cases like
 * "-0.001" (-0.99999999999999999998 ms, ceil -0: no timeout) against
 * "-0.002" (negative). Out of the range of long long, the conversion yields
 * LLONG_MIN (negative). `v` is the value as a double (parseLongDouble).
 */
function timeoutMillis(s: string, v: number): number {
  if (!Number.isFinite(v) || Math.abs(v) * 1000 >= TWO63 * 1.001) return -1;
  const m = DECIMAL.exec(s);
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) {
    // Hex float and the like: double precision is as good as it gets here.
    const ms = Math.ceil(v * 1000);
    return ms < TWO63 ? ms : -1;
  }
  const neg = m[1] === "-";
  const frac = m[3] ?? "";
  let digits = BigInt((m[2] ?? "") + frac || "0");
  if (digits === 0n) return 0;
  const exp10 = Number(m[4] ?? "0") - frac.length;
  // x = digits * 10^exp10, rounded to a 64-bit mantissa: x = mant * 2^e2.
  let mant: bigint;
  let e2: number;
  if (exp10 >= 0) {
    [mant, e2] = round64(digits * 10n ** BigInt(exp10), 0n, 0);
  } else {
    const q = 10n ** BigInt(-exp10);
    const k = Math.max(0, 66 + bitLength(q) - bitLength(digits));
    const num = digits << BigInt(k);
    [mant, e2] = round64(num / q, num % q === 0n ? 0n : 1n, -k);
  }
  // y = x * 1000, rounded to 64 bits again, then ceil (towards +inf with the sign).
  [mant, e2] = round64(mant * 1000n, 0n, e2);
  let int: bigint;
  if (e2 >= 0) {
    int = mant << BigInt(e2);
  } else {
    const sh = BigInt(-e2);
    int = mant >> sh;
    const exact = int << sh === mant;
    if (!neg && !exact) int += 1n; // ceil of a positive value rounds up; of a negative one, towards 0
  }
  digits = neg ? -int : int;
  if (digits >= 9223372036854775808n || digits < -9223372036854775808n) return -1;
  const ms = Number(digits);
  return ms === 0 ? 0 : ms; // -0 → 0: no timeout
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds n * 2^e (plus a sticky bit: something nonzero below n) to 64
 * significant bits, half to even. Returns [mantissa, exponent].
 */
function round64(n: bigint, sticky: bigint, e: number): [bigint, number] {
  const bl = bitLength(n);
  if (bl <= 64) return [n, e];
  const sh = BigInt(bl - 64);
  let q = n >> sh;
  const rem = n - (q << sh);
  const half = 1n << (sh - 1n);
  if (rem > half || (rem === half && (sticky !== 0n || (q & 1n) === 1n))) q += 1n;
  if (bitLength(q) > 64) return [q >> 1n, e + bl - 64 + 1];
  return [q, e + bl - 64];
}

/** CLIENT UNBLOCK client-id [TIMEOUT|ERROR] */
export function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.server.replyError(c, `ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
    return;
  }
  let withError = false;
  if (argv.length === 4) {
    const r = argv[3]!.toLowerCase();
    if (r === "timeout") withError = false;
    else if (r === "error") withError = true;
    else {
      c.server.replyError(c, "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      return;
    }
  }
  const id = parseIntStrict(argv[2]!);
  if (id === null) {
    c.server.replyError(c, E.NOT_INT);
    return;
  }
  const target = typeof id === "number" ? c.server.clients.get(id) : undefined;
  c.w.int(target !== undefined && c.server.blocking.unblock(target, withError) ? 1 : 0);
}
