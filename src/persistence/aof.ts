// The append-only file in Redis 7's multi-part layout (aof.c):
//
//   <dir>/<appenddirname>/
//     <appendfilename>.manifest            file <name> seq <n> type b|h|i, one per line
//     <appendfilename>.<n>.base.rdb        the dataset at the last rewrite (RDB preamble;
//                                          .base.aof with aof-use-rdb-preamble no)
//     <appendfilename>.<n>.incr.aof        commands logged since, in RESP
//
// Commands come from the propagation point (prop.onCommand) already in their
// replayable form; a SELECT is logged whenever the database changes. The
// buffer is written before replies go out (Server.beforeReply): with
// appendfsync always it is also fsynced then, so no reply to a write leaves
// before its data is on disk (one write + fsync per batch of commands read
// from a client); everysec fsyncs from the cron off the event loop; no never
// fsyncs.
//
// BGREWRITEAOF opens a new incr file (recorded in the manifest at once), then
// writes a new base from a point-in-time snapshot (dataset.ts) in the
// background; when it is done the manifest switches to the new base + the
// new incr file and the old files are deleted.

import { closeSync, existsSync, fstatSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { ByteWriter, FormatError, stringOf } from "./bytes.ts";
import { type JobResult, fsyncDir, respCommand, writeAll, writeDatasetSync } from "./dataset.ts";
import type { Persistence } from "./snapshot.ts";
import { LoadError } from "./errors.ts";
import { Client } from "../client.ts";
import type { InfoFields } from "../commands/server.ts";
import { ReplyWriter } from "../protocol/reply.ts";

type AofType = "b" | "h" | "i";
interface AofInfo {
  name: string;
  seq: number;
  type: AofType;
}

/** The manifest (aofManifest). */
export class Manifest {
  base: AofInfo | null = null;
  incrs: AofInfo[] = [];
  history: AofInfo[] = [];
  baseSeq = 0;
  incrSeq = 0;

  clone(): Manifest {
    const m = new Manifest();
    m.base = this.base ? { ...this.base } : null;
    m.incrs = this.incrs.map((x) => ({ ...x }));
    m.history = this.history.map((x) => ({ ...x }));
    m.baseSeq = this.baseSeq;
    m.incrSeq = this.incrSeq;
    return m;
  }

  /** aofInfoFormat for every file: base, history, then incr files. */
  format(): string {
    let s = "";
    const line = (a: AofInfo) => (s += `file ${repr(a.name)} seq ${a.seq} type ${a.type}\n`);
    if (this.base) line(this.base);
    for (const h of this.history) line(h);
    for (const i of this.incrs) line(i);
    return s;
  }

  /** aofLoadManifestFromFile's parser. Throws Error with Redis's messages. */
  static parse(text: string): Manifest {
    const m = new Manifest();
    const lines = text.split("\n");
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    else if (text.length > 0) throw new Error("The AOF manifest file is invalid format");
    let maxIncrSeq = 0;
    for (const raw of lines) {
      if (raw.length > 1024) throw new Error("The AOF manifest file contains too long line");
      if (raw.startsWith("#")) continue;
      const argv = splitArgs(raw);
      if (argv === null || argv.length < 6 || argv.length % 2 !== 0) throw new Error("Invalid AOF manifest file format");
      let name: string | null = null;
      let seq = -1;
      let type: string | null = null;
      for (let i = 0; i < argv.length; i += 2) {
        const k = argv[i]!;
        const v = argv[i + 1]!;
        if (k === "file") name = v;
        else if (k === "seq") seq = /^\d+$/.test(v) ? Number(v) : -1;
        else if (k === "type") type = v;
      }
      if (name === null || seq < 0 || (type !== "b" && type !== "h" && type !== "i")) throw new Error("Invalid AOF manifest file format");
      const info: AofInfo = { name, seq, type };
      if (type === "b") {
        if (m.base !== null) throw new Error("Found duplicate base file information");
        m.base = info;
        m.baseSeq = seq;
      } else if (type === "h") {
        m.history.push(info);
      } else {
        if (seq <= maxIncrSeq) throw new Error("Found a non-monotonic sequence number");
        maxIncrSeq = seq;
        m.incrs.push(info);
        m.incrSeq = seq;
      }
    }
    return m;
  }
}

/** sdscatrepr when the name needs it (spaces, quotes, non-printables). */
function repr(name: string): string {
  if (/^[\x21-\x7e]+$/.test(name) && !/["'\\]/.test(name)) return name;
  let s = '"';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === "\\" || ch === '"') s += "\\" + ch;
    else if (ch === "\n") s += "\\n";
    else if (ch === "\r") s += "\\r";
    else if (ch === "\t") s += "\\t";
    else if (c < 0x20 || c > 0x7e) s += "\\x" + c.toString(16).padStart(2, "0");
    else s += ch;
  }
  return s + '"';
}

/** sdssplitargs (enough for manifest lines). */
function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && (line[i] === " " || line[i] === "\t" || line[i] === "\r")) i++;
    if (i >= n) return out;
    let cur = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === "\\" && i + 1 < n) {
          const nx = line[i + 1]!;
          if (nx === "x" && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          cur += nx === "n" ? "\n" : nx === "r" ? "\r" : nx === "t" ? "\t" : nx;
          i += 2;
          continue;
        }
        if (ch === '"') {
          i++;
          break;
        }
        cur += ch;
        i++;
      }
    } else {
      while (i < n && line[i] !== " " && line[i] !== "\t") cur += line[i++];
    }
    out.push(cur);
  }
}

/** Largest buffer kept between writes; beyond, the writer is shrunk back. */
const BUF_KEEP = 1 << 20;
/** Redis's CONFIG_BGSAVE_RETRY_DELAY, also used to retry a failed AOF rewrite. */
const RETRY_DELAY_MS = 5000;

export class Aof {
  /** AOF_OFF / AOF_ON / AOF_WAIT_REWRITE (enabled at runtime, waiting for its first base). */
  state: "off" | "on" | "wait_rewrite" = "off";
  manifest = new Manifest();
  private fd = -1;
  private readonly buf = new ByteWriter(64 * 1024);
  private curDb = -1;
  /** Data written but not yet fsynced. */
  private unsynced = false;
  private fsyncInFlight = false;
  /** A group commit (write + fsync, then release held replies) is scheduled for the end of this turn. */
  private commitScheduled = false;
  private lastFsync = Date.now();
  private policy: "always" | "everysec" | "no" = "everysec";
  /** Logging active (off while loading, and in wait_rewrite until the rewrite starts). */
  private logging = false;
  /** aof_current_size / aof_rewrite_base_size / the current incr file's size. */
  currentSize = 0;
  baseSize = 0;
  private incrSize = 0;
  rewriteScheduled = false;
  private rewriteRetryAt = 0;
  lastRewriteStatus: "ok" | "err" = "ok";
  lastRewriteTimeSec = -1;
  rewrites = 0;
  consecutiveFailures = 0;
  lastWriteStatus: "ok" | "err" = "ok";
  lastWriteError = "";
  delayedFsync = 0;
  private installed = false;

  constructor(private readonly p: Persistence) {}

  get on(): boolean {
    return this.state !== "off";
  }

  private get server() {
    return this.p.server;
  }

  private get log() {
    return this.p.server.log;
  }

  private cfg(name: string): string {
    return this.server.config.get(name) ?? "";
  }

  /** The AOF directory (absolute). */
  dirPath(): string {
    return resolve(this.p.dir(), this.cfg("appenddirname"));
  }

  private fileName(): string {
    return this.cfg("appendfilename");
  }

  private manifestPath(): string {
    return join(this.dirPath(), `${this.fileName()}.manifest`);
  }

  /** Hooks logging into the server once: propagation listener, reply barrier, config. */
  private install(): void {
    if (this.installed) return;
    this.installed = true;
    const server = this.server;
    server.prop.onCommand.push((db, argv) => this.feed(db, argv));
    server.config.listeners.push((name, value) => {
      if (name === "appendfsync") this.policy = value as "always" | "everysec" | "no";
    });
    this.policy = this.cfg("appendfsync") as "always" | "everysec" | "no";
    server.beforeReply = () => {
      if (this.fd === -1) return false;
      if (this.policy !== "always") {
        if (this.buf.pos !== 0) this.flush(false);
        return false;
      }
      // always: hold every reply until one write + fsync for the whole turn (group commit).
      if (this.buf.pos === 0 && !this.unsynced) return false;
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => {
          this.commitScheduled = false;
          this.flush(true);
          server.flushHeldReplies();
        });
      }
      return true;
    };
  }

  // --- logging ------------------------------------------------------------

  /** feedAppendOnlyFile: appends a command (and a SELECT when the database changes). */
  feed(db: number, argv: readonly string[]): void {
    if (!this.logging) return;
    const w = this.buf;
    if (db !== this.curDb) {
      respCommand(w, ["SELECT", String(db)]);
      this.curDb = db;
    }
    respCommand(w, argv);
  }

  /**
   * flushAppendOnlyFile: writes the buffer to the incr file; fsyncs now with
   * appendfsync always or when forced (shutdown, rewrite start).
   */
  flush(force: boolean): void {
    if (this.fd === -1) return;
    const w = this.buf;
    if (w.pos !== 0) {
      const before = this.incrSize;
      try {
        writeAll(this.fd, w.view());
      } catch (e) {
        const msg = (e as Error).message;
        // Remove a partial write so the file stays a sequence of whole commands.
        try {
          ftruncateSync(this.fd, before);
        } catch {}
        if (this.lastWriteStatus === "ok") this.log.warning(`Error writing to the AOF file: ${msg}`);
        this.lastWriteStatus = "err";
        this.lastWriteError = msg;
        if (this.policy === "always") {
          // As Redis: acknowledged writes can no longer be guaranteed.
          this.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
          process.exit(1);
        }
        return; // the buffer is kept and retried
      }
      if (this.lastWriteStatus === "err") this.log.warning("AOF write error looks solved, Redis can write again.");
      this.lastWriteStatus = "ok";
      this.incrSize += w.pos;
      this.currentSize += w.pos;
      this.unsynced = true;
      w.reset();
      if (w.buf.length > BUF_KEEP) w.buf = new Uint8Array(64 * 1024);
    }
    if (this.unsynced && (force || this.policy === "always")) {
      try {
        fsyncSync(this.fd);
        this.unsynced = false;
        this.lastFsync = Date.now();
      } catch (e) {
        this.lastWriteStatus = "err";
        this.lastWriteError = (e as Error).message;
        this.log.warning(`Can't persist AOF for fsync error when the AOF fsync policy is 'always': ${this.lastWriteError}. Exiting...`);
        if (this.policy === "always") process.exit(1);
      }
    }
  }

  /** The cron's AOF part: write pending data, fsync every second (everysec). */
  cron(): void {
    if (this.fd === -1) return;
    if (this.buf.pos !== 0 || this.lastWriteStatus === "err") this.flush(false);
    if (this.policy === "everysec" && this.unsynced && Date.now() - this.lastFsync >= 1000) {
      if (this.fsyncInFlight) {
        this.delayedFsync++;
        return;
      }
      this.fsyncInFlight = true;
      this.unsynced = false;
      const fd = this.fd;
      this.lastFsync = Date.now();
      fsync(fd, (err) => {
        this.fsyncInFlight = false;
        if (err && fd === this.fd) {
          this.unsynced = true;
          this.lastWriteStatus = "err";
          this.lastWriteError = err.message;
          this.log.warning(`Error fsyncing the AOF file: ${err.message}`);
        }
      });
    }
  }

  diskError(): string | null {
    if (this.state !== "off" && this.lastWriteStatus === "err") return `MISCONF Errors writing to the AOF file: ${this.lastWriteError}`;
    return null;
  }

  // --- files --------------------------------------------------------------

  private persistManifest(m: Manifest): void {
    const dir = this.dirPath();
    const tmp = join(dir, `temp-${this.fileName()}.manifest`);
    const fd = openSync(tmp, "w", 0o644);
    try {
      writeAll(fd, Buffer.from(m.format(), "latin1"));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.manifestPath());
    fsyncDir(dir);
  }

  private newBaseName(m: Manifest, preamble: boolean): AofInfo {
    m.baseSeq++;
    return { name: `${this.fileName()}.${m.baseSeq}.base.${preamble ? "rdb" : "aof"}`, seq: m.baseSeq, type: "b" };
  }

  private newIncrName(m: Manifest): AofInfo {
    m.incrSeq++;
    return { name: `${this.fileName()}.${m.incrSeq}.incr.aof`, seq: m.incrSeq, type: "i" };
  }

  private openIncr(name: string, truncate = false): void {
    const fd = openSync(join(this.dirPath(), name), truncate ? "w" : "a", 0o644);
    if (this.fd !== -1) {
      try {
        closeSync(this.fd);
      } catch {}
    }
    this.fd = fd;
    this.curDb = -1;
    this.incrSize = fstatSize(fd);
    fsyncDir(this.dirPath());
  }

  /** Removes history files and drops them from the manifest (aofDelHistoryFiles). */
  private deleteHistory(): void {
    if (this.manifest.history.length === 0) return;
    for (const h of this.manifest.history) {
      this.log.notice(`Removing the history file ${h.name} in the background`);
      try {
        unlinkSync(join(this.dirPath(), h.name));
      } catch {}
    }
    this.manifest.history = [];
    try {
      this.persistManifest(this.manifest);
    } catch (e) {
      this.log.warning(`Error persisting the AOF manifest: ${(e as Error).message}`);
    }
  }

  private filesSize(m: Manifest): number {
    let n = 0;
    for (const f of [...(m.base ? [m.base] : []), ...m.incrs]) {
      try {
        n += statSync(join(this.dirPath(), f.name)).size;
      } catch {}
    }
    return n;
  }

  // --- startup ------------------------------------------------------------

  /**
   * loadAppendOnlyFiles: replays base + incr files. Returns false when there
   * is no AOF. Throws LoadError on corruption (naming the file and offset).
   */
  loadAtStartup(): boolean {
    const dir = this.dirPath();
    const mpath = this.manifestPath();
    if (!existsSync(mpath)) {
      // Redis 7 upgrades a single-file AOF from an older version in place.
      const old = resolve(this.p.dir(), this.fileName());
      if (existsSync(old) && statSync(old).isFile()) {
        mkdirSync(dir, { recursive: true });
        const m = new Manifest();
        m.base = { name: this.fileName(), seq: 1, type: "b" };
        m.baseSeq = 1;
        renameSync(old, join(dir, this.fileName()));
        this.persistManifest(m);
        this.log.notice(`Successfully migrated an old-style AOF into the AOF directory ${dir}`);
      } else {
        return false;
      }
    }
    let m: Manifest;
    try {
      m = Manifest.parse(readFileSync(mpath, "latin1"));
    } catch (e) {
      throw new LoadError(`${(e as Error).message} (manifest ${mpath})`);
    }
    this.manifest = m;
    const files = [...(m.base ? [m.base] : []), ...m.incrs];
    if (files.length === 0) return false;
    for (const f of files) {
      if (!existsSync(join(dir, f.name))) throw new LoadError(`The AOF file ${f.name} doesn't exist (listed in ${mpath})`);
    }
    this.logging = false;
    let total = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const t0 = performance.now();
      this.loadFile(f, i === files.length - 1);
      total += statSync(join(dir, f.name)).size;
      this.log.notice(`DB loaded from ${f.type === "b" ? "base" : "incr"} file ${f.name}: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
    }
    this.currentSize = total;
    this.baseSize = total;
    return true;
  }

  /** loadSingleAppendOnlyFile */
  private loadFile(f: AofInfo, last: boolean): void {
    const path = join(this.dirPath(), f.name);
    const buf: Uint8Array = readFileSync(path);
    if (buf.length === 0) return;
    let pos = 0;
    if (buf.length >= 5 && buf[0] === 0x52 && buf[1] === 0x45 && buf[2] === 0x44 && buf[3] === 0x49 && buf[4] === 0x53) {
      // "REDIS": an RDB preamble.
      this.log.notice("Reading RDB base file on AOF loading...");
      try {
        const r = this.p.loadRdbBytes(buf, f.name, true);
        this.p.lastLoad = { loaded: r.loaded, expired: r.expired, emptySkipped: r.emptySkipped };
        pos = r.end;
      } catch (e) {
        const at = e instanceof FormatError ? ` at offset ${e.offset}` : "";
        throw new LoadError(`Error reading the RDB base file ${f.name}, AOF loading aborted: ${(e as Error).message}${at}`);
      }
      this.log.notice("Reading the remaining AOF tail...");
    }
    const server = this.server;
    const fake = new Client(0, server, null, "aof", "aof");
    fake.setAuthenticated(true);
    const w = new ReplyWriter(4096);
    w.reset(2);
    fake.w = w;
    let validUpTo = pos;
    let validBeforeMulti = -1;
    const n = buf.length;
    const lineEnd = (from: number): number => {
      for (let i = from; i + 1 < n; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
      return -1;
    };
    const num = (from: number, to: number): number => {
      if (to <= from || to - from > 18) return -1;
      let v = 0;
      for (let i = from; i < to; i++) {
        const c = buf[i]! - 48;
        if (c < 0 || c > 9) return -1;
        v = v * 10 + c;
      }
      return v;
    };
    type Outcome = { kind: "ok" } | { kind: "eof"; at: number; why: string } | { kind: "fmt"; at: number; why: string };
    let outcome: Outcome = { kind: "ok" };
    parse: while (pos < n) {
      const start = pos;
      if (buf[pos] === 0x23) {
        // '#': an annotation line (timestamps).
        const e = lineEnd(pos);
        if (e === -1) {
          outcome = { kind: "eof", at: start, why: "annotation" };
          break;
        }
        pos = e + 2;
        validUpTo = pos;
        continue;
      }
      if (buf[pos] !== 0x2a) {
        outcome = { kind: "fmt", at: start, why: `expected '*' but found byte 0x${buf[pos]!.toString(16)}` };
        break;
      }
      let e = lineEnd(pos + 1);
      if (e === -1) {
        outcome = { kind: "eof", at: start, why: "command header" };
        break;
      }
      const argc = num(pos + 1, e);
      if (argc < 1) {
        outcome = { kind: "fmt", at: start, why: "invalid argument count" };
        break;
      }
      pos = e + 2;
      const argv: string[] = new Array(argc);
      for (let j = 0; j < argc; j++) {
        if (pos >= n) {
          outcome = { kind: "eof", at: start, why: "arguments" };
          break parse;
        }
        if (buf[pos] !== 0x24) {
          outcome = { kind: "fmt", at: pos, why: `expected '$' but found byte 0x${buf[pos]!.toString(16)}` };
          break parse;
        }
        e = lineEnd(pos + 1);
        if (e === -1) {
          outcome = { kind: "eof", at: start, why: "argument length" };
          break parse;
        }
        const len = num(pos + 1, e);
        if (len < 0) {
          outcome = { kind: "fmt", at: pos, why: "invalid argument length" };
          break parse;
        }
        pos = e + 2;
        if (pos + len + 2 > n) {
          outcome = { kind: "eof", at: start, why: "argument" };
          break parse;
        }
        if (buf[pos + len] !== 13 || buf[pos + len + 1] !== 10) {
          outcome = { kind: "fmt", at: pos + len, why: "argument not followed by CRLF" };
          break parse;
        }
        argv[j] = stringOf(buf, pos, pos + len);
        pos += len + 2;
      }
      const cmd = server.commands.lookup(argv);
      if (cmd === undefined) {
        throw new LoadError(`Unknown command '${argv[0]!.slice(0, 128)}' reading the append only file ${f.name} (at offset ${start})`);
      }
      if (fake.multi === null && cmd.name === "multi") validBeforeMulti = validUpTo;
      try {
        server.execute(fake, argv);
      } catch (e) {
        throw new LoadError(`Error executing '${argv[0]!.slice(0, 64)}' from the append only file ${f.name} at offset ${start}: ${(e as Error).message}`);
      }
      if (w.pos > 0) w.reset(2);
      if (fake.multi === null) validUpTo = pos;
    }
    if (outcome.kind === "ok" && fake.multi !== null) {
      this.log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${f.name}`);
      outcome = { kind: "eof", at: validBeforeMulti, why: "transaction" };
      validUpTo = validBeforeMulti;
    }
    fake.multi = null;
    if (outcome.kind === "fmt") {
      throw new LoadError(
        `Bad file format reading the append only file ${f.name} at offset ${outcome.at} (${outcome.why}): make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`,
      );
    }
    if (outcome.kind === "eof") {
      if (this.server.config.getBool("aof-load-truncated") && last) {
        this.log.warning(`!!! Warning: short read while loading the AOF file ${f.name}!!!`);
        this.log.warning(`!!! Truncating the AOF ${f.name} at offset ${validUpTo} !!!`);
        try {
          truncateSync(path, validUpTo);
        } catch (e) {
          throw new LoadError(`Error truncating the AOF file ${f.name}: ${(e as Error).message}`);
        }
        this.log.warning(`AOF ${f.name} loaded anyway because aof-load-truncated is enabled`);
        return;
      }
      if (!last) throw new LoadError(`Fatal error: the truncated file ${f.name} (at offset ${validUpTo}) is not the last file`);
      throw new LoadError(
        `Unexpected end of file reading the append only file ${f.name} (last valid command ends at offset ${validUpTo}). You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
      );
    }
  }

  /**
   * aofOpenIfNeededOnServerStart: with appendonly yes, makes sure there is a
   * base (written now from the loaded dataset when missing) and an incr file
   * to append to, persists the manifest and starts logging.
   */
  openAtStartup(): void {
    if (!this.server.config.getBool("appendonly")) return;
    this.install();
    const dir = this.dirPath();
    try {
      mkdirSync(dir, { recursive: true });
      const m = this.manifest;
      if (m.base === null && m.incrs.length === 0) {
        const preamble = this.server.config.getBool("aof-use-rdb-preamble");
        const base = this.newBaseName(m, preamble);
        this.writeBaseSync(join(dir, base.name), preamble);
        m.base = base;
        this.log.notice(`Creating AOF base file ${base.name} on server start`);
      }
      let incr = m.incrs[m.incrs.length - 1];
      const created = incr === undefined;
      if (incr === undefined) {
        incr = this.newIncrName(m);
        m.incrs.push(incr);
      }
      this.openIncr(incr.name);
      this.persistManifest(m);
      this.log.notice(`${created ? "Creating" : "Opening"} AOF incr file ${incr.name} on server start`);
      this.deleteHistory();
      this.currentSize = this.filesSize(m);
      this.baseSize = this.currentSize;
    } catch (e) {
      throw new LoadError(`Can't open the append-only file in ${dir}: ${(e as Error).message}`);
    }
    this.state = "on";
    this.logging = true;
  }

  private writeBaseSync(path: string, preamble: boolean): void {
    const cfg = this.server.config;
    writeDatasetSync(this.server, path, join(this.dirPath(), `temp-rewriteaof-${process.pid}.aof`), {
      format: preamble ? "rdb" : "aof",
      aofBase: true,
      compress: cfg.getBool("rdbcompression"),
      checksum: cfg.getBool("rdbchecksum"),
    });
  }

  // --- rewrite ------------------------------------------------------------

  /**
   * rewriteAppendOnlyFileBackground. Returns null when started, or Redis's
   * error text when it cannot start now.
   */
  rewriteBackground(): string | null {
    const p = this.p;
    if (p.job !== null) return p.job.kind === "aof" ? "Background append only file rewriting already in progress" : "busy";
    const dir = this.dirPath();
    const preamble = this.server.config.getBool("aof-use-rdb-preamble");
    const temp = this.manifest.clone();
    let newIncr: AofInfo;
    try {
      mkdirSync(dir, { recursive: true });
      if (this.state !== "off") this.install();
      this.flush(true);
      if (this.state === "off") {
        // BGREWRITEAOF with appendonly no: only a new base is written.
        newIncr = { name: "", seq: -1, type: "i" };
      } else if (this.state === "wait_rewrite") {
        // Accumulate into a temporary incr file until the first base exists.
        newIncr = { name: `temp-${this.fileName()}.incr`, seq: -1, type: "i" };
        this.openIncr(newIncr.name, true);
      } else {
        newIncr = this.newIncrName(temp);
        temp.incrs.push(newIncr);
        this.openIncr(newIncr.name);
        this.persistManifest(temp);
        this.manifest = temp;
      }
    } catch (e) {
      this.log.warning(`Can't open new incr AOF file for the rewrite: ${(e as Error).message}`);
      this.lastRewriteStatus = "err";
      return "ERR";
    }
    if (this.state !== "off") this.logging = true;
    const baseInfo = this.newBaseName(this.manifest.clone(), preamble);
    const tmpBase = join(dir, `temp-rewriteaof-bg-${process.pid}.aof`);
    this.log.notice("Background append only file rewriting started");
    p.startAofJob(join(dir, baseInfo.name), tmpBase, preamble, (r) => this.rewriteDone(r, baseInfo, newIncr));
    return null;
  }

  private rewriteDone(r: JobResult, base: AofInfo, incr: AofInfo): void {
    this.lastRewriteTimeSec = Math.round(r.seconds);
    if (!r.ok && r.cancelled) {
      this.log.warning("Background AOF rewrite terminated by signal 10");
      return;
    }
    if (!r.ok) {
      this.lastRewriteStatus = "err";
      this.consecutiveFailures++;
      this.log.warning(`Background AOF rewrite terminated with error: ${r.error}`);
      if (this.state === "wait_rewrite") {
        // Still no base: try again later (commands keep going to the temp incr file).
        this.rewriteScheduled = true;
        this.rewriteRetryAt = Date.now() + RETRY_DELAY_MS;
      }
      return;
    }
    try {
      const m = this.manifest.clone();
      if (this.state === "off") {
        if (m.base) m.history.push({ ...m.base, type: "h" });
        for (const i of m.incrs) m.history.push({ ...i, type: "h" });
        m.incrs = [];
      } else if (this.state === "wait_rewrite") {
        this.flush(true);
        const real = this.newIncrName(m);
        renameSync(join(this.dirPath(), incr.name), join(this.dirPath(), real.name));
        incr = real;
        if (m.base) m.history.push({ ...m.base, type: "h" });
        for (const i of m.incrs) m.history.push({ ...i, type: "h" });
        m.incrs = [incr];
      } else {
        // Every incr file before the one opened at the rewrite's start is now in the base.
        const keep = m.incrs.filter((i) => i.seq >= incr.seq);
        for (const i of m.incrs) if (i.seq < incr.seq) m.history.push({ ...i, type: "h" });
        if (m.base) m.history.push({ ...m.base, type: "h" });
        m.incrs = keep;
      }
      m.base = base;
      m.baseSeq = base.seq;
      this.persistManifest(m);
      this.manifest = m;
    } catch (e) {
      this.lastRewriteStatus = "err";
      this.consecutiveFailures++;
      this.log.warning(`Background AOF rewrite failed to install the new base: ${(e as Error).message}`);
      return;
    }
    this.log.notice(`Successfully renamed the temporary AOF base file into ${base.name}`);
    this.log.notice("Background AOF rewrite terminated with success");
    if (this.state === "wait_rewrite") {
      this.state = "on";
      this.log.notice("AOF rewrite done and the AOF is now enabled");
    }
    this.deleteHistory();
    this.currentSize = this.filesSize(this.manifest);
    this.baseSize = this.currentSize;
    this.lastRewriteStatus = "ok";
    this.consecutiveFailures = 0;
    this.rewrites++;
    this.log.notice("Background AOF rewrite finished successfully");
  }

  /** A scheduled rewrite (BGREWRITEAOF during another job, appendonly yes, a retry) may start now. */
  rewriteDue(): boolean {
    return this.rewriteScheduled && Date.now() >= this.rewriteRetryAt;
  }

  /** auto-aof-rewrite-percentage / auto-aof-rewrite-min-size, from the cron. */
  maybeAutoRewrite(): void {
    if (this.state !== "on" || this.p.job !== null) return;
    const perc = this.server.config.getInt("auto-aof-rewrite-percentage");
    const min = this.server.config.getInt("auto-aof-rewrite-min-size");
    if (perc === 0 || this.currentSize <= min) return;
    if (this.lastRewriteStatus === "err" && Date.now() < this.rewriteRetryAt) return;
    const base = this.baseSize || 1;
    const growth = Math.floor((this.currentSize * 100) / base) - 100;
    if (growth >= perc) {
      this.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
      if (this.rewriteBackground() !== null) this.rewriteRetryAt = Date.now() + RETRY_DELAY_MS;
    }
  }

  // --- runtime on/off -----------------------------------------------------

  /** startAppendOnly (CONFIG SET appendonly yes): logging starts with the rewrite that writes the first base. */
  start(): void {
    this.install();
    this.state = "wait_rewrite";
    if (this.p.job !== null) {
      if (this.p.job.kind === "aof") this.p.job.cancel();
      else {
        this.rewriteScheduled = true;
        this.log.warning("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
        return;
      }
    }
    if (this.rewriteBackground() !== null) {
      this.state = "off";
      this.log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
    }
  }

  /** stopAppendOnly (CONFIG SET appendonly no). */
  stop(): void {
    this.flush(true);
    if (this.p.job !== null && this.p.job.kind === "aof") {
      this.p.job.cancel();
      this.log.notice("Killing running AOF rewrite child");
    }
    this.close();
    if (this.state === "wait_rewrite") {
      // The first base never completed: drop the temporary incr file it was collecting.
      try {
        unlinkSync(join(this.dirPath(), `temp-${this.fileName()}.incr`));
      } catch {}
    }
    this.state = "off";
    this.rewriteScheduled = false;
  }

  /** Closes the incr file (after a final flush by the caller). */
  close(): void {
    this.logging = false;
    if (this.fd !== -1) {
      try {
        this.flush(true);
        closeSync(this.fd);
      } catch {}
      this.fd = -1;
    }
  }

  infoFields(): InfoFields {
    const p = this.p;
    const job = p.job;
    const f: InfoFields = [
      ["aof_enabled", this.state !== "off" ? 1 : 0],
      ["aof_rewrite_in_progress", p.aofRewriteInProgress ? 1 : 0],
      ["aof_rewrite_scheduled", this.rewriteScheduled ? 1 : 0],
      ["aof_last_rewrite_time_sec", this.lastRewriteTimeSec],
      ["aof_current_rewrite_time_sec", p.aofRewriteInProgress && job ? Math.floor((Date.now() - job.startedAt) / 1000) : -1],
      ["aof_last_bgrewrite_status", this.lastRewriteStatus],
      ["aof_rewrites", this.rewrites],
      ["aof_rewrites_consecutive_failures", this.consecutiveFailures],
      ["aof_last_write_status", this.lastWriteStatus],
    ];
    if (this.state !== "off") {
      f.push(
        ["aof_current_size", this.currentSize + this.buf.pos],
        ["aof_base_size", this.baseSize],
        ["aof_pending_rewrite", this.rewriteScheduled ? 1 : 0],
        ["aof_buffer_length", this.buf.pos],
        ["aof_pending_bio_fsync", this.fsyncInFlight ? 1 : 0],
        ["aof_delayed_fsync", this.delayedFsync],
      );
    }
    return f;
  }
}

function fstatSize(fd: number): number {
  try {
    return fstatSync(fd).size;
  } catch {
    return 0;
  }
}
