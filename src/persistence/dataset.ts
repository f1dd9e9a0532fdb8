// Writing the whole dataset: synchronously (SAVE, shutdown, the AOF base
// created at startup) or as a background job (BGSAVE, BGREWRITEAOF) that
// runs in slices between event-loop turns while the server keeps serving.
//
// A background job is one consistent point in time T (when it starts):
//   - at T each database's keys, values and expiries are captured as arrays
//     (Array.from of the live Maps: the only pause, tens of ms at 1 M keys);
//     later inserts, deletes, replacements, FLUSHALL or SWAPDB do not touch
//     the captured arrays;
//   - strings are immutable JS values, but aggregates (and RawString) are
//     mutated in place, so before a write command runs (Server.beforeWrite),
//     each object it may modify that the job has not serialized yet is
//     cloned, and the job serializes the clone (copy-on-write per object, as
//     a fork's copy-on-write per page). Commands that only replace or delete
//     values (DEL, SET, RENAME, EXPIRE...) need no copy.
// The job writes to a temporary file, fsyncs it and renames it into place;
// on failure the temporary file is removed and the old file is untouched.

import { streamRewriteCommands, type StreamValue } from "../store/stream.ts";
import { closeSync, fsync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { ByteWriter } from "./bytes.ts";
import { listItems } from "./listadapter.ts";
import { writeObject, writeObjectType } from "./objects.ts";
import { RdbOp, RdbWriter, writeRdbHeader, writeSelectDb } from "./rdb.ts";
import type { Client } from "../client.ts";
import type { Command } from "../commands/table.ts";
import type { Server } from "../server.ts";
import type { Hash } from "../store/hash.ts";
import type { EncodingLimits } from "../store/limits.ts";
import type { RSet } from "../store/set.ts";
import { RawString, type RObject, type Value } from "../store/types.ts";
import type { ZSet } from "../store/zset.ts";
import { formatDouble } from "../util/numbers.ts";
import { REDIS_VERSION } from "../version.ts";

/** Writes every byte (writeSync may write less than asked). */
export function writeAll(fd: number, b: Uint8Array): void {
  let off = 0;
  while (off < b.length) off += writeSync(fd, b, off, b.length - off);
}

/** fsync of a directory, so a rename in it is durable (best effort: not every platform allows it). */
export function fsyncDir(path: string): void {
  let fd = -1;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}

export type DatasetFormat = "rdb" | "aof";

export interface DatasetOptions {
  format: DatasetFormat;
  /** RDB: the aof-base aux field (an AOF base file). */
  aofBase?: boolean;
  compress: boolean;
  checksum: boolean;
}

// ---------------------------------------------------------------------------
// AOF-format (command) encoding: the base file without RDB preamble
// ---------------------------------------------------------------------------

/** Appends one command as a RESP array of bulk strings. */
export function respCommand(w: ByteWriter, argv: readonly string[]): void {
  w.u8(42); // '*'
  w.latin1(String(argv.length));
  w.u8(13);
  w.u8(10);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    w.u8(36); // '$'
    w.latin1(String(a.length));
    w.u8(13);
    w.u8(10);
    w.latin1(a);
    w.u8(13);
    w.u8(10);
  }
}

/** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
const ITEMS_PER_CMD = 64;

const str = (e: string | number): string => (typeof e === "number" ? String(e) : e);

/** rewriteAppendOnlyFileRio for one key: the commands that rebuild it. */
export function keyAsCommands(w: ByteWriter, key: string, v: Value, expireAt: number): void {
  if (typeof v !== "object" || v instanceof RawString) {
    respCommand(w, ["SET", key, typeof v === "object" ? v.s : str(v)]);
  } else {
    const batch = (cmd: string, items: Iterable<string>, per: number) => {
      let args: string[] = [cmd, key];
      for (const it of items) {
        args.push(it);
        if (args.length - 2 >= ITEMS_PER_CMD * per) {
          respCommand(w, args);
          args = [cmd, key];
        }
      }
      if (args.length > 2) respCommand(w, args);
    };
    switch (v.type) {
      case "list":
        batch("RPUSH", listItems(v), 1);
        break;
      case "set":
        batch("SADD", (function* () {
          for (const e of (v as RSet).elems()) yield str(e);
        })(), 1);
        break;
      case "hash":
        batch("HMSET", (function* () {
          for (const [f, val] of (v as Hash).entries()) {
            yield str(f);
            yield str(val);
          }
        })(), 2);
        break;
      case "zset":
        batch("ZADD", (function* () {
          const p = (v as ZSet).tree.first();
          if (p !== null) {
            do {
              yield formatDouble(p.score);
              yield p.ele;
            } while (p.next());
          }
        })(), 2);
        break;
      case "stream":
        for (const a of streamRewriteCommands(key, v as StreamValue)) respCommand(w, a);
        break;
      default:
        throw new Error(`cannot rewrite a ${v.type} value`);
    }
  }
  if (expireAt !== -1) respCommand(w, ["PEXPIREAT", key, String(expireAt)]);
}

// ---------------------------------------------------------------------------
// Synchronous writing
// ---------------------------------------------------------------------------

/** Serializes one key (with its expiry) in the RDB format. */
function rdbKey(rw: RdbWriter, key: string, v: Value, expireAt: number | undefined, limits: EncodingLimits): void {
  if (expireAt !== undefined) {
    rw.type(RdbOp.EXPIRETIME_MS);
    rw.millis(expireAt);
  }
  writeObjectType(rw, v);
  rw.string(key);
  writeObject(rw, v, limits);
  rw.maybeFlush();
}

/**
 * Writes the whole dataset to `path` now: temp file in the same directory,
 * fsync, rename. Returns the number of bytes written; throws on I/O errors
 * (the temporary file is removed, `path` is untouched).
 */
export function writeDatasetSync(server: Server, path: string, tmpPath: string, opts: DatasetOptions): number {
  let fd = -1;
  try {
    fd = openSync(tmpPath, "w", 0o644);
    const out = fd;
    let size = 0;
    if (opts.format === "rdb") {
      const rw = new RdbWriter({ compress: opts.compress, checksum: opts.checksum, sink: (b) => writeAll(out, b) });
      writeRdbHeader(rw, REDIS_VERSION, { aofBase: opts.aofBase });
      const limits = server.limits;
      for (const db of server.dbs) {
        if (db.data.size === 0) continue;
        writeSelectDb(rw, db.id, db.data.size, db.expires.size);
        const exp = db.expires;
        const hasExp = exp.size !== 0;
        for (const [key, v] of db.data) rdbKey(rw, key, v, hasExp ? exp.get(key) : undefined, limits);
      }
      rw.trailer();
      size = rw.size;
    } else {
      const w = new ByteWriter(1 << 20);
      const flush = () => {
        writeAll(out, w.view());
        size += w.pos;
        w.reset();
      };
      for (const db of server.dbs) {
        if (db.data.size === 0) continue;
        respCommand(w, ["SELECT", String(db.id)]);
        const exp = db.expires;
        for (const [key, v] of db.data) {
          keyAsCommands(w, key, v, exp.size !== 0 ? (exp.get(key) ?? -1) : -1);
          if (w.pos > 1 << 20) flush();
        }
      }
      flush();
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmpPath, path);
    fsyncDir(dirname(path));
    return size;
  } catch (e) {
    if (fd !== -1) {
      try {
        closeSync(fd);
      } catch {}
    }
    try {
      unlinkSync(tmpPath);
    } catch {}
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Background jobs
// ---------------------------------------------------------------------------

interface CapturedDb {
  id: number;
  keys: string[];
  vals: Value[];
  expKeys: string[];
  expVals: number[];
  /** Built from expKeys/expVals in slices before this db is serialized. */
  exp: Map<string, number> | null;
  expBuilt: number;
}

/** Commands that replace or delete values but never mutate one in place: no copy needed. */
const NO_INPLACE = new Set([
  "del",
  "unlink",
  "expire",
  "pexpire",
  "expireat",
  "pexpireat",
  "persist",
  "rename",
  "renamenx",
  "move",
  "copy",
  "set",
  "setex",
  "psetex",
  "setnx",
  "getset",
  "getdel",
  "getex",
  "mset",
  "msetnx",
  "restore",
  "swapdb",
  "flushdb",
  "flushall",
  "incr",
  "decr",
  "incrby",
  "decrby",
  "incrbyfloat",
]);

export interface JobResult {
  ok: boolean;
  /** Stopped by cancel() (not a failure: INFO keeps its last status, as for a killed child). */
  cancelled: boolean;
  error: string | null;
  bytes: number;
  seconds: number;
}

/** Time spent serializing per slice before yielding to the event loop. */
const SLICE_MS = 8;

/**
 * One background dataset write. Started with start(); finishes on its own
 * (onDone is called once with the result); cancel() stops it and removes the
 * temporary file.
 */
export class SnapshotJob {
  readonly startedAt = Date.now();
  /** Wall time of the capture at T (the pause a BGSAVE costs), in ms. */
  readonly captureMs: number;
  private readonly dbs: CapturedDb[] = [];
  /** Copies of objects mutated after T before being serialized. */
  private readonly subs = new Map<RObject, RObject>();
  /** Objects already serialized: later writes need no copy. */
  private readonly done = new Set<RObject>();
  private dbi = 0;
  private idx = 0;
  private started = false;
  private fd = -1;
  private finished = false;
  private cancelled = false;
  private fsyncing = false;
  private readonly rw: RdbWriter | null = null;
  private readonly aofw: ByteWriter | null = null;
  private bytes = 0;
  readonly keysTotal: number;
  keysProcessed = 0;
  /** Copies made for writes during the job (INFO current_cow_size's analogue). */
  copies = 0;
  private readonly limits: EncodingLimits;
  private readonly prevBeforeWrite: Server["beforeWrite"];
  private readonly hook: NonNullable<Server["beforeWrite"]>;

  constructor(
    private readonly server: Server,
    readonly kind: "rdb" | "aof",
    private readonly path: string,
    private readonly tmpPath: string,
    private readonly opts: DatasetOptions,
    private readonly onDone: (r: JobResult) => void,
  ) {
    const t0 = performance.now();
    let total = 0;
    for (const db of server.dbs) {
      if (db.data.size === 0) continue;
      const cap: CapturedDb = {
        id: db.id,
        keys: Array.from(db.data.keys()),
        vals: Array.from(db.data.values()),
        expKeys: db.expires.size ? Array.from(db.expires.keys()) : [],
        expVals: db.expires.size ? Array.from(db.expires.values()) : [],
        exp: null,
        expBuilt: 0,
      };
      total += cap.keys.length;
      this.dbs.push(cap);
    }
    this.keysTotal = total;
    this.limits = { ...server.limits };
    // Install the copy-on-write hook at T, in the same tick as the capture.
    this.prevBeforeWrite = server.beforeWrite;
    this.hook = (c, cmd, argv) => {
      this.prevBeforeWrite?.(c, cmd, argv);
      this.beforeWrite(c, cmd, argv);
    };
    server.beforeWrite = this.hook;
    this.captureMs = performance.now() - t0;
    if (opts.format === "rdb") this.rw = new RdbWriter({ compress: opts.compress, checksum: opts.checksum, sink: (b) => this.write(b) });
    else this.aofw = new ByteWriter(1 << 20);
  }

  private beforeWrite(c: Client, cmd: Command, argv: string[]): void {
    if (NO_INPLACE.has(cmd.name) && cmd.parent === null) return;
    const pos = cmd.keyPositions(argv);
    const data = c.db.data;
    for (let i = 0; i < pos.length; i++) {
      const v = data.get(argv[pos[i]!]!);
      if (v === undefined || typeof v !== "object") continue;
      if (this.done.has(v) || this.subs.has(v)) continue;
      this.subs.set(v, v.clone());
      this.copies++;
    }
  }

  /** Opens the temporary file and schedules the first slice. */
  start(): void {
    this.started = true;
    try {
      this.fd = openSync(this.tmpPath, "w", 0o644);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (this.rw) writeRdbHeader(this.rw, REDIS_VERSION, { aofBase: this.opts.aofBase });
    setImmediate(() => this.slice());
  }

  get inProgress(): boolean {
    return this.started && !this.finished;
  }

  private write(b: Uint8Array): void {
    writeAll(this.fd, b);
    this.bytes += b.length;
  }

  private slice(): void {
    if (this.finished) return;
    try {
      const deadline = performance.now() + SLICE_MS;
      let n = 0;
      while (this.dbi < this.dbs.length) {
        const cap = this.dbs[this.dbi]!;
        if (cap.exp === null) {
          cap.exp = new Map();
          if (this.rw) writeSelectDb(this.rw, cap.id, cap.keys.length, cap.expKeys.length);
          else respCommand(this.aofw!, ["SELECT", String(cap.id)]);
        }
        // Phase 1: the expiry lookup table, in slices.
        while (cap.expBuilt < cap.expKeys.length) {
          const end = Math.min(cap.expKeys.length, cap.expBuilt + 4096);
          for (let i = cap.expBuilt; i < end; i++) cap.exp.set(cap.expKeys[i]!, cap.expVals[i]!);
          cap.expBuilt = end;
          if (performance.now() > deadline) return this.yield();
        }
        // Phase 2: the keys.
        const keys = cap.keys;
        const vals = cap.vals;
        const exp = cap.exp;
        while (this.idx < keys.length) {
          const key = keys[this.idx]!;
          let v = vals[this.idx]!;
          this.idx++;
          if (typeof v === "object") {
            const orig = v;
            v = this.subs.get(orig) ?? orig;
            this.done.add(orig);
          }
          const e = exp.size !== 0 ? exp.get(key) : undefined;
          if (this.rw) rdbKey(this.rw, key, v, e, this.limits);
          else {
            keyAsCommands(this.aofw!, key, v, e ?? -1);
            if (this.aofw!.pos > 1 << 20) this.flushAof();
          }
          this.keysProcessed++;
          if ((++n & 63) === 0 && performance.now() > deadline) return this.yield();
        }
        // This database is done: drop its references.
        cap.keys = [];
        cap.vals = [];
        cap.exp = new Map();
        this.dbi++;
        this.idx = 0;
      }
      if (this.rw) this.rw.trailer();
      else this.flushAof();
      this.restoreHook();
      // fsync off the event loop, then rename into place.
      const fd = this.fd;
      this.fsyncing = true;
      fsync(fd, (err) => {
        this.fsyncing = false;
        if (this.finished) {
          // Cancelled meanwhile: the descriptor was left open for us to close.
          try {
            closeSync(fd);
          } catch {}
          return;
        }
        if (err) return this.fail(err);
        try {
          closeSync(fd);
          this.fd = -1;
          renameSync(this.tmpPath, this.path);
          fsyncDir(dirname(this.path));
        } catch (e) {
          return this.fail(e);
        }
        this.finish({ ok: true, cancelled: false, error: null, bytes: this.bytes, seconds: (Date.now() - this.startedAt) / 1000 });
      });
    } catch (e) {
      this.fail(e);
    }
  }

  private flushAof(): void {
    const w = this.aofw!;
    if (w.pos === 0) return;
    this.write(w.view());
    w.reset();
  }

  private yield(): void {
    setImmediate(() => this.slice());
  }

  private restoreHook(): void {
    if (this.server.beforeWrite === this.hook) this.server.beforeWrite = this.prevBeforeWrite;
    this.subs.clear();
    this.done.clear();
  }

  private fail(e: unknown): void {
    if (this.finished) return;
    this.restoreHook();
    if (this.fd !== -1) {
      // An fsync on the thread pool still uses the descriptor: its callback closes it.
      if (!this.fsyncing) {
        try {
          closeSync(this.fd);
        } catch {}
      }
      this.fd = -1;
    }
    try {
      unlinkSync(this.tmpPath);
    } catch {}
    const msg = e instanceof Error ? e.message : String(e);
    this.finish({ ok: false, cancelled: this.cancelled, error: msg, bytes: this.bytes, seconds: (Date.now() - this.startedAt) / 1000 });
  }

  private finish(r: JobResult): void {
    if (this.finished) return;
    this.finished = true;
    this.dbs.length = 0;
    this.onDone(r);
  }

  /** Stops the job (SHUTDOWN, appendonly no...), removing its temporary file. onDone reports an error. */
  cancel(): void {
    if (this.finished) return;
    this.cancelled = true;
    this.fail(new Error("cancelled"));
  }

  get wasCancelled(): boolean {
    return this.cancelled;
  }
}
