// Durability state of a server (Redis's rdb.c + the persistence parts of
// server.c): RDB snapshots (SAVE, BGSAVE, save points), loading at startup
// (RDB, or the AOF when appendonly is on), the MISCONF write refusal, the
// final save on shutdown, and the INFO persistence fields. The AOF itself is
// aof.ts.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Aof } from "./aof.ts";
import { FormatError } from "./bytes.ts";
import { LoadError } from "./errors.ts";
import { type JobResult, SnapshotJob, writeDatasetSync } from "./dataset.ts";
import { objectFromPlain } from "./objects.ts";
import { parseRdb, type RdbParseResult } from "./rdb.ts";
import type { Client } from "../client.ts";
import { infoContributors, type InfoFields, statResetHooks } from "../commands/server.ts";
import type { Server } from "../server.ts";

/** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long (s). */
const BGSAVE_RETRY_DELAY = 5;

const MISCONF_RDB =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

export { LoadError };

export interface LoadStats {
  loaded: number;
  expired: number;
  emptySkipped: number;
}

const instances = new WeakMap<Server, Persistence>();

/** The persistence state of a server (created by installPersistence). */
export function persistenceOf(server: Server): Persistence {
  let p = instances.get(server);
  if (!p) {
    p = new Persistence(server);
    instances.set(server, p);
  }
  return p;
}

export class Persistence {
  /** rdb_last_save_time: the last successful save (the start time until then), unix seconds. */
  lastSave = Math.floor(Date.now() / 1000);
  lastBgsaveStatus: "ok" | "err" = "ok";
  lastBgsaveError: string | null = null;
  /** When the last BGSAVE was attempted (unix s), for the retry delay. */
  lastBgsaveTry = 0;
  lastBgsaveTimeSec = -1;
  /** Saves started (rdb_saves). */
  saves = 0;
  bgsaveScheduled = false;
  /** The background job (BGSAVE or AOF rewrite) running, if any: one at a time, as Redis's one child. */
  job: SnapshotJob | null = null;
  private dirtyAtJobStart = 0;
  loading = false;
  lastLoad: LoadStats = { loaded: 0, expired: 0, emptySkipped: 0 };
  /** Longest capture pause of a background job so far (ms), for benches and the log. */
  lastCaptureMs = 0;
  readonly aof: Aof;
  /** SHUTDOWN already flushed/saved: the shutdown hook has nothing left to do. */
  shutdownPrepared = false;
  private jobWaiters: (() => void)[] = [];

  constructor(readonly server: Server) {
    this.aof = new Aof(this);
  }

  get log() {
    return this.server.log;
  }

  /** The configured directory (absolute). */
  dir(): string {
    return resolve(this.server.config.get("dir") || process.cwd());
  }

  rdbPath(): string {
    return resolve(this.dir(), this.server.config.get("dbfilename") ?? "dump.rdb");
  }

  /** Parsed `save` points: [seconds, changes]. */
  savePoints(): [number, number][] {
    const raw = this.server.config.get("save") ?? "";
    if (raw === this.savePointsRaw) return this.savePointsParsed;
    const words = raw.split(" ").filter((w) => w !== "");
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < words.length; i += 2) out.push([Number(words[i]), Number(words[i + 1])]);
    this.savePointsRaw = raw;
    this.savePointsParsed = out;
    return out;
  }
  private savePointsRaw: string | null = null;
  private savePointsParsed: [number, number][] = [];

  get bgsaveInProgress(): boolean {
    return this.job !== null && this.job.kind === "rdb";
  }

  get aofRewriteInProgress(): boolean {
    return this.job !== null && this.job.kind === "aof";
  }

  /** Resolves when no background job is running. */
  waitForJob(): Promise<void> {
    if (this.job === null) return Promise.resolve();
    return new Promise((r) => this.jobWaiters.push(r));
  }

  // --- SAVE -------------------------------------------------------------

  /** rdbSave: the whole dataset to dbfilename now. Returns false on failure (logged). */
  saveSync(): boolean {
    const cfg = this.server.config;
    const path = this.rdbPath();
    const tmp = resolve(this.dir(), `temp-${process.pid}.rdb`);
    try {
      writeDatasetSync(this.server, path, tmp, {
        format: "rdb",
        compress: cfg.getBool("rdbcompression"),
        checksum: cfg.getBool("rdbchecksum"),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.syscall === "open") this.log.warning(`Failed opening the temp RDB file ${tmp} (in server root dir ${this.dir()}) for saving: ${err.message}`);
      else this.log.warning(`Write error saving DB on disk: ${err.message}`);
      return false;
    }
    this.log.notice("DB saved on disk");
    this.server.prop.dirty = 0;
    this.lastSave = Math.floor(Date.now() / 1000);
    this.lastBgsaveStatus = "ok";
    this.lastBgsaveError = null;
    return true;
  }

  // --- BGSAVE -------------------------------------------------------------

  /** rdbSaveBackground: starts a snapshot job. Returns null, or an error message when it could not start. */
  bgsave(): string | null {
    if (this.job !== null) return "Background save already in progress";
    const cfg = this.server.config;
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    this.saves++;
    this.dirtyAtJobStart = this.server.prop.dirty;
    const job = new SnapshotJob(
      this.server,
      "rdb",
      this.rdbPath(),
      resolve(this.dir(), `temp-${process.pid}.rdb`),
      { format: "rdb", compress: cfg.getBool("rdbcompression"), checksum: cfg.getBool("rdbchecksum") },
      (r) => this.bgsaveDone(r),
    );
    this.job = job;
    this.lastCaptureMs = job.captureMs;
    job.start();
    if (this.job === job) this.log.notice(`Background saving started (capture took ${job.captureMs.toFixed(1)} ms)`);
    return null;
  }

  private bgsaveDone(r: JobResult): void {
    this.job = null;
    this.lastBgsaveTimeSec = Math.round(r.seconds);
    if (r.ok) {
      this.log.notice("DB saved on disk");
      this.log.notice("Background saving terminated with success");
      this.server.prop.dirty = Math.max(0, this.server.prop.dirty - this.dirtyAtJobStart);
      this.lastSave = Math.floor(Date.now() / 1000);
      this.lastBgsaveStatus = "ok";
      this.lastBgsaveError = null;
    } else if (r.cancelled) {
      this.log.warning("Background saving terminated by signal 10");
    } else {
      this.log.warning(`Background saving error: ${r.error}`);
      this.lastBgsaveStatus = "err";
      this.lastBgsaveError = r.error;
    }
    this.jobFinished();
  }

  /** Starts a background AOF rewrite job; used by aof.ts. */
  startAofJob(path: string, tmpPath: string, preamble: boolean, done: (r: JobResult) => void): SnapshotJob {
    const cfg = this.server.config;
    const job = new SnapshotJob(
      this.server,
      "aof",
      path,
      tmpPath,
      { format: preamble ? "rdb" : "aof", aofBase: true, compress: cfg.getBool("rdbcompression"), checksum: cfg.getBool("rdbchecksum") },
      (r) => {
        this.job = null;
        done(r);
        this.jobFinished();
      },
    );
    this.job = job;
    this.lastCaptureMs = job.captureMs;
    job.start();
    return job;
  }

  private jobFinished(): void {
    const w = this.jobWaiters;
    this.jobWaiters = [];
    for (const r of w) r();
  }

  // --- cron ---------------------------------------------------------------

  /** serverCron's persistence part: scheduled jobs, save points, AOF fsync and auto rewrite. */
  cron(): void {
    const now = Math.floor(Date.now() / 1000);
    this.aof.cron();
    if (this.job !== null || this.loading) return;
    const retryOk = now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveStatus === "ok";
    if (this.aof.rewriteDue()) {
      this.aof.rewriteScheduled = false;
      this.aof.rewriteBackground();
      return;
    }
    if (this.bgsaveScheduled && retryOk) {
      this.bgsaveScheduled = false;
      this.bgsave();
      return;
    }
    const dirty = this.server.prop.dirty;
    for (const [seconds, changes] of this.savePoints()) {
      if (dirty >= changes && now - this.lastSave > seconds && retryOk) {
        this.log.notice(`${changes} changes in ${seconds} seconds. Saving...`);
        this.bgsave();
        return;
      }
    }
    this.aof.maybeAutoRewrite();
  }

  // --- MISCONF ------------------------------------------------------------

  /** writeCommandsDeniedByDiskError: the error to refuse writes with, or null. */
  diskError(): string | null {
    if (this.lastBgsaveStatus === "err") {
      if (this.server.config.getBool("stop-writes-on-bgsave-error") && this.savePoints().length > 0) return MISCONF_RDB;
    }
    return this.aof.diskError();
  }

  // --- loading ------------------------------------------------------------

  /**
   * Loads RDB bytes into the databases. `aofPreamble`: keys already expired
   * are kept (they expire as usual), as Redis does for an AOF base.
   */
  loadRdbBytes(buf: Uint8Array, source: string, aofPreamble = false): RdbParseResult & LoadStats {
    const server = this.server;
    const limits = server.limits;
    const now = Date.now();
    const stats: LoadStats = { loaded: 0, expired: 0, emptySkipped: 0 };
    let ctime = -1;
    let usedMem = -1;
    let lastKeyAt = 0;
    const res = parseRdb(
      buf,
      {
        aux: (k, v) => {
          if (k === "redis-ver") this.log.notice(`Loading RDB produced by version ${v}`);
          else if (k === "ctime") ctime = Number(v);
          else if (k === "used-mem") usedMem = Number(v);
        },
        key: (dbi, key, pv, expireAt) => {
          if (expireAt !== -1 && expireAt < now && !aofPreamble) {
            stats.expired++;
            return;
          }
          const v = objectFromPlain(pv, limits, lastKeyAt);
          if (v === null) {
            if (stats.emptySkipped++ < 10) this.log.notice(`rdbLoadObject skipping empty key: ${key}`);
            return;
          }
          const db = server.dbs[dbi]!;
          if (db.data.has(key)) throw new FormatError(`RDB has duplicated key '${key}' in DB ${dbi}`, lastKeyAt);
          db.data.set(key, v);
          if (expireAt !== -1) db.expires.set(key, expireAt);
          stats.loaded++;
        },
        functionLib: () => {
          this.log.warning(`${source} contains a function library: functions are not supported by redbun, skipped`);
        },
      },
      { checksum: server.config.getBool("rdbchecksum"), databases: server.dbs.length, allowTrailing: aofPreamble },
    );
    if (ctime !== -1) this.log.notice(`RDB age ${Math.max(0, Math.floor(now / 1000) - ctime)} seconds`);
    if (usedMem !== -1) this.log.notice(`RDB memory usage when created ${(usedMem / 1024 / 1024).toFixed(2)} Mb`);
    if (res.checksumSkipped) this.log.notice("RDB file was saved with checksum disabled: no check performed.");
    if (stats.emptySkipped > 0) this.log.notice(`Done loading RDB, keys loaded: ${stats.loaded}, keys expired: ${stats.expired}, empty keys skipped: ${stats.emptySkipped}.`);
    else this.log.notice(`Done loading RDB, keys loaded: ${stats.loaded}, keys expired: ${stats.expired}.`);
    return { ...res, ...stats };
  }

  /** loadDataFromDisk: the AOF when appendonly is on, else the RDB file. Throws LoadError (fatal). */
  loadAtStartup(): void {
    const t0 = performance.now();
    this.loading = true;
    try {
      if (this.server.config.getBool("appendonly")) {
        const loaded = this.aof.loadAtStartup();
        if (loaded) this.log.notice(`DB loaded from append only file: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
        this.aof.openAtStartup();
      } else {
        const path = this.rdbPath();
        if (!existsSync(path)) return;
        let buf: Uint8Array;
        try {
          buf = readFileSync(path);
        } catch (e) {
          throw new LoadError(`Fatal error loading the DB: ${(e as Error).message}. Exiting.`);
        }
        try {
          const r = this.loadRdbBytes(buf, path);
          this.lastLoad = { loaded: r.loaded, expired: r.expired, emptySkipped: r.emptySkipped };
        } catch (e) {
          for (const db of this.server.dbs) db.clear();
          if (e instanceof FormatError) {
            throw new LoadError(`Fatal error loading the DB ${path}: ${e.message} (at offset ${e.offset}). Exiting.`);
          }
          throw new LoadError(`Fatal error loading the DB ${path}: ${(e as Error).message}. Exiting.`);
        }
        this.log.notice(`DB loaded from disk: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
      }
    } finally {
      this.loading = false;
      this.server.prop.dirty = 0;
    }
  }

  // --- shutdown -----------------------------------------------------------

  /**
   * prepareForShutdown: cancels a background job, flushes and fsyncs the
   * AOF, and saves a final snapshot when asked (SAVE) or when save points
   * are configured (unless NOSAVE). Returns false when the save failed and
   * FORCE was not given (the server must not exit).
   */
  prepareForShutdown(opts: { save?: boolean; nosave?: boolean; force?: boolean } = {}): boolean {
    this.log.warning("User requested shutdown...");
    if (this.job !== null) {
      const kind = this.job.kind;
      this.job.cancel();
      this.log.warning(kind === "rdb" ? "There is a child saving an .rdb. Killing it!" : "There is a child rewriting the AOF. Killing it!");
    }
    if (this.aof.on) {
      this.log.notice("Calling fsync() on the AOF file.");
      this.aof.flush(true);
    }
    if ((this.savePoints().length > 0 && !opts.nosave) || opts.save) {
      this.log.notice("Saving the final RDB snapshot before exiting.");
      if (!this.saveSync()) {
        if (!opts.force) {
          this.log.warning("Error trying to save the DB, can't exit.");
          return false;
        }
        this.log.warning("Error trying to save the DB. Exit anyway.");
      }
    }
    this.aof.close();
    this.shutdownPrepared = true;
    return true;
  }
}

// ---------------------------------------------------------------------------
// Installation
// ---------------------------------------------------------------------------

function persistenceInfo(server: Server): InfoFields {
  const p = persistenceOf(server);
  const job = p.job;
  const now = Date.now();
  const fields: InfoFields = [
    ["loading", p.loading ? 1 : 0],
    ["current_save_keys_processed", job ? job.keysProcessed : 0],
    ["current_save_keys_total", job ? job.keysTotal : 0],
    ["rdb_changes_since_last_save", server.prop.dirty],
    ["rdb_bgsave_in_progress", p.bgsaveInProgress ? 1 : 0],
    ["rdb_last_save_time", p.lastSave],
    ["rdb_last_bgsave_status", p.lastBgsaveStatus],
    ["rdb_last_bgsave_time_sec", p.lastBgsaveTimeSec],
    ["rdb_current_bgsave_time_sec", p.bgsaveInProgress && job ? Math.floor((now - job.startedAt) / 1000) : -1],
    ["rdb_saves", p.saves],
    ["rdb_last_load_keys_expired", p.lastLoad.expired],
    ["rdb_last_load_keys_loaded", p.lastLoad.loaded],
  ];
  for (const f of p.aof.infoFields()) fields.push(f);
  return fields;
}

let contributed = false;

/** Wires persistence into a server: cron, MISCONF check, shutdown, INFO, CONFIG SET appendonly. */
export function installPersistence(server: Server): void {
  const p = persistenceOf(server);
  server.cronHooks.push(() => p.cron());
  // MISCONF: refuse writes (and PING) after a failed background save, as Redis does.
  server.interceptors.unshift((c: Client, cmd, _argv) => {
    if (!cmd.isWrite && cmd.name !== "ping") return false;
    if (p.loading) return false;
    const e = p.diskError();
    if (e === null) return false;
    for (const h of server.rejectHooks) h(c);
    server.replyError(c, e);
    return true;
  });
  server.shutdownHooks.push(() => {
    if (!p.shutdownPrepared) p.prepareForShutdown({ force: true });
  });
  if (!contributed) {
    // Module-level registries: once per process (the functions take the server).
    contributed = true;
    infoContributors.push({ section: "persistence", fields: persistenceInfo });
    statResetHooks.push((s) => {
      const q = persistenceOf(s);
      q.saves = 0;
      q.aof.rewrites = 0;
      q.aof.consecutiveFailures = 0;
    });
  }
  // FLUSHALL (flushAllDataAndResetRDB): stops a BGSAVE and, with save points, saves the empty dataset now.
  server.callHooks.push((_c, cmd) => {
    if (cmd.name !== "flushall") return;
    if (p.job !== null && p.job.kind === "rdb") p.job.cancel();
    if (p.savePoints().length > 0) p.saveSync();
  });
  server.config.listeners.push((name, value) => {
    if (name === "appendonly") {
      if (value === "yes" && !p.aof.on) p.aof.start();
      else if (value === "no" && p.aof.on) p.aof.stop();
    }
  });
}
