// Configuration parameters: one table drives the command line, CONFIG GET,
// CONFIG SET, CONFIG REWRITE and config files, with Redis 7.0's names,
// defaults, value syntax, bounds and error texts.

import { notifyFlagsToString } from "./notify-flags.ts";
import { globMatch } from "./util/glob.ts";
import { parseIntStrict } from "./util/numbers.ts";

type Kind =
  /** Redis's numeric configs: bounds as in its table; `unsigned` for its unsigned C types. */
  | { t: "int"; min: bigint; max: bigint; unsigned: boolean }
  /** Numeric configs that take memory units ("1gb"); MEMORY_CONFIG in Redis. */
  | { t: "memory"; min: bigint; max: bigint; unsigned: boolean }
  | { t: "bool" }
  | { t: "enum"; values: readonly string[] }
  | { t: "string" }
  /** Multi-word or derived values; `cur` is the current value (for partial updates). */
  | { t: "special"; parse: (v: string, cur: string) => string | Error };

export interface ParamDef {
  name: string;
  aliases?: readonly string[];
  kind: Kind;
  def: string;
  /** Can only be set at startup (CONFIG SET answers "can't set immutable config"). */
  immutable?: boolean;
  /** Refused by CONFIG SET unless enable-protected-configs allows it ("can't set protected config"). */
  protected?: boolean;
  /** Stored and reported but not acted upon; accepted so tooling that sets it works. */
  inert?: boolean;
  /** Adjusts a valid integer value as Redis's apply step does (hz is kept within 1..500). */
  normalize?: (v: string) => string;
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LLONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;
const TWO64 = 18446744073709551616n;

/** Signed integer config (int, long long...). */
const int = (min: bigint, max: bigint): Kind => ({ t: "int", min, max, unsigned: false });
/** Unsigned integer config (unsigned int, size_t, unsigned long...). */
const uint = (min: bigint, max: bigint): Kind => ({ t: "int", min, max, unsigned: true });
/** Memory config of a signed type (long long, off_t). */
const mem = (min: bigint, max: bigint): Kind => ({ t: "memory", min, max, unsigned: false });
/** Memory config of an unsigned type (size_t, unsigned long long). */
const umem = (min: bigint, max: bigint): Kind => ({ t: "memory", min, max, unsigned: true });
const bool: Kind = { t: "bool" };
const str: Kind = { t: "string" };
const enm = (...values: string[]): Kind => ({ t: "enum", values });

/** C's strtoll over a whole word: optional spaces and sign, digits, nothing after; saturates. */
function strtollWhole(s: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(s);
  if (!m) return null;
  let v = BigInt(m[2]!);
  if (m[1] === "-") v = -v;
  if (v > LLONG_MAX) return LLONG_MAX;
  if (v < -LLONG_MAX - 1n) return -LLONG_MAX - 1n;
  return v;
}

/**
 * How CONFIG SET splits a multi-word value (Redis's sdssplitlen on " "):
 * every single space separates, so "" is no words and "a  b" has an empty one.
 */
function splitWords(v: string): string[] {
  return v === "" ? [] : v.split(" ");
}

function parseSave(v: string): string | Error {
  const bad = new Error("Invalid save parameters");
  const parts = splitWords(v);
  if (parts.length % 2 !== 0) return bad;
  const vals: bigint[] = [];
  for (let j = 0; j < parts.length; j++) {
    const n = strtollWhole(parts[j]!);
    if (n === null || (j % 2 === 0 && n < 1n) || (j % 2 === 1 && n < 0n)) return bad;
    vals.push(n);
  }
  return vals.join(" ");
}

function parseBind(v: string): string | Error {
  const parts = splitWords(v);
  if (parts.length > 16) return new Error("Too many bind addresses specified.");
  return parts.join(" ");
}

const NOTIFY_FLAGS = "KEg$lshzxetmdnA";
function parseNotify(v: string): string | Error {
  for (const ch of v) if (!NOTIFY_FLAGS.includes(ch)) return new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  return notifyFlagsToString(v);
}

const OBUF_CLASSES = ["normal", "slave", "pubsub"] as const;

/**
 * client-output-buffer-limit: "<class> <hard> <soft> <seconds>" groups; the
 * classes given replace theirs in the current value, which is always shown
 * whole, in bytes, as Redis does.
 */
function parseClientOutputBufferLimit(v: string, cur: string): string | Error {
  const parts = splitWords(v);
  if (parts.length % 4 !== 0) return new Error("Wrong number of arguments in buffer limit configuration.");
  const limits = new Map<string, string>();
  const now = cur.split(" ");
  for (let i = 0; i + 3 < now.length; i += 4) limits.set(now[i]!, now.slice(i + 1, i + 4).join(" "));
  for (let i = 0; i < parts.length; i += 4) {
    let cls = parts[i]!.toLowerCase();
    if (cls === "replica") cls = "slave";
    if (!(OBUF_CLASSES as readonly string[]).includes(cls)) return new Error("Invalid client class specified in buffer limit configuration.");
    const hard = memtoull(parts[i + 1]!);
    const soft = memtoull(parts[i + 2]!);
    const secs = strtollWhole(parts[i + 3]!);
    if (hard === null || soft === null || secs === null || secs < 0n)
      return new Error("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    limits.set(cls, `${hard} ${soft} ${BigInt.asIntN(32, secs)}`);
  }
  return OBUF_CLASSES.map((c) => `${c} ${limits.get(c) ?? "0 0 0"}`).join(" ");
}

/** hz: Redis keeps the configured value within 1..500. */
function clampHz(v: string): string {
  const n = BigInt(v);
  return String(n < 1n ? 1n : n > 500n ? 500n : n);
}

// The parameters redbun honours, plus those Redis tooling commonly reads or
// sets. Kinds and bounds are Redis 7.0's (config.c), so CONFIG SET accepts
// and refuses exactly what Redis does, with the same texts.
export const PARAMS: readonly ParamDef[] = [
  { name: "port", kind: int(0n, 65535n), def: "6379" },
  { name: "bind", kind: { t: "special", parse: parseBind }, def: "127.0.0.1" },
  { name: "databases", kind: int(1n, INT_MAX), def: "16", immutable: true },
  { name: "save", kind: { t: "special", parse: parseSave }, def: "3600 1 300 100 60 10000" },
  { name: "appendonly", kind: bool, def: "no" },
  { name: "appendfsync", kind: enm("everysec", "always", "no"), def: "everysec" },
  { name: "appendfilename", kind: str, def: "appendonly.aof", immutable: true },
  { name: "appenddirname", kind: str, def: "appendonlydir", immutable: true },
  { name: "dir", kind: str, def: "", protected: true },
  { name: "dbfilename", kind: str, def: "dump.rdb", protected: true },
  { name: "timeout", kind: uint(0n, INT_MAX), def: "0" },
  { name: "maxclients", kind: uint(1n, UINT_MAX), def: "10000" },
  { name: "loglevel", kind: enm("debug", "verbose", "notice", "warning"), def: "notice" },
  { name: "logfile", kind: str, def: "", immutable: true },
  { name: "requirepass", kind: str, def: "" },
  { name: "protected-mode", kind: bool, def: "yes" },
  { name: "hz", kind: int(0n, INT_MAX), def: "10", normalize: clampHz },
  { name: "dynamic-hz", kind: bool, def: "yes", inert: true },
  { name: "tcp-keepalive", kind: int(0n, INT_MAX), def: "300" },
  { name: "tcp-backlog", kind: int(0n, INT_MAX), def: "511", immutable: true, inert: true },
  { name: "proto-max-bulk-len", kind: mem(1024n * 1024n, LLONG_MAX), def: "536870912" },
  { name: "client-query-buffer-limit", kind: umem(1024n * 1024n, LLONG_MAX), def: "1073741824" },
  { name: "notify-keyspace-events", kind: { t: "special", parse: parseNotify }, def: "" },
  {
    name: "client-output-buffer-limit",
    kind: { t: "special", parse: parseClientOutputBufferLimit },
    def: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
  },
  { name: "maxmemory", kind: umem(0n, ULLONG_MAX), def: "0", inert: true },
  {
    name: "maxmemory-policy",
    kind: enm("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"),
    def: "noeviction",
    inert: true,
  },
  { name: "maxmemory-samples", kind: int(1n, INT_MAX), def: "5", inert: true },
  { name: "active-expire-effort", kind: uint(1n, 10n), def: "1" },
  { name: "daemonize", kind: bool, def: "no", immutable: true, inert: true },
  { name: "pidfile", kind: str, def: "", immutable: true },
  { name: "slowlog-log-slower-than", kind: int(-1n, LLONG_MAX), def: "10000" },
  { name: "slowlog-max-len", kind: uint(0n, LLONG_MAX), def: "128" },
  { name: "latency-monitor-threshold", kind: int(0n, LLONG_MAX), def: "0" },
  { name: "lazyfree-lazy-user-flush", kind: bool, def: "no", inert: true },
  { name: "io-threads", kind: int(1n, 128n), def: "1", immutable: true, inert: true },
  // Encoding thresholds: they decide what OBJECT ENCODING reports.
  { name: "hash-max-listpack-entries", aliases: ["hash-max-ziplist-entries"], kind: uint(0n, LLONG_MAX), def: "512" },
  { name: "hash-max-listpack-value", aliases: ["hash-max-ziplist-value"], kind: umem(0n, LLONG_MAX), def: "64" },
  { name: "set-max-intset-entries", kind: uint(0n, LLONG_MAX), def: "512" },
  { name: "zset-max-listpack-entries", aliases: ["zset-max-ziplist-entries"], kind: uint(0n, LLONG_MAX), def: "128" },
  { name: "zset-max-listpack-value", aliases: ["zset-max-ziplist-value"], kind: umem(0n, LLONG_MAX), def: "64" },
  { name: "list-max-listpack-size", aliases: ["list-max-ziplist-size"], kind: int(INT_MIN, INT_MAX), def: "-2" },
  { name: "list-compress-depth", kind: int(0n, INT_MAX), def: "0" },
  { name: "stream-node-max-bytes", kind: umem(0n, LLONG_MAX), def: "4096" },
  { name: "stream-node-max-entries", kind: int(0n, LLONG_MAX), def: "100" },
  { name: "hll-sparse-max-bytes", kind: umem(0n, LLONG_MAX), def: "3000" },
  // Persistence tuning.
  { name: "aof-use-rdb-preamble", kind: bool, def: "yes" },
  { name: "aof-load-truncated", kind: bool, def: "yes" },
  { name: "aof-timestamp-enabled", kind: bool, def: "no", inert: true },
  { name: "auto-aof-rewrite-percentage", kind: int(0n, INT_MAX), def: "100" },
  { name: "auto-aof-rewrite-min-size", kind: mem(0n, LLONG_MAX), def: "67108864" },
  { name: "no-appendfsync-on-rewrite", kind: bool, def: "no" },
  { name: "rdbcompression", kind: bool, def: "yes" },
  { name: "rdbchecksum", kind: bool, def: "yes", immutable: true },
  { name: "stop-writes-on-bgsave-error", kind: bool, def: "yes" },
  { name: "rdb-del-sync-files", kind: bool, def: "no", inert: true },
  { name: "replica-read-only", aliases: ["slave-read-only"], kind: bool, def: "yes", inert: true },
  // Not a CONFIG SET parameter in Redis (REPLICAOF is the command): immutable here too.
  { name: "replicaof", aliases: ["slaveof"], kind: str, def: "", immutable: true, inert: true },
  { name: "masterauth", kind: str, def: "", inert: true },
  { name: "cluster-enabled", kind: bool, def: "no", immutable: true, inert: true },
  { name: "busy-reply-threshold", aliases: ["lua-time-limit"], kind: int(0n, LLONG_MAX), def: "5000", inert: true },
  { name: "lfu-log-factor", kind: int(0n, INT_MAX), def: "10", inert: true },
  { name: "lfu-decay-time", kind: int(0n, INT_MAX), def: "1", inert: true },
  { name: "activerehashing", kind: bool, def: "yes", inert: true },
  { name: "enable-protected-configs", kind: enm("no", "yes", "local"), def: "no", immutable: true },
  { name: "enable-debug-command", kind: enm("no", "yes", "local"), def: "no", immutable: true, inert: true },
  { name: "enable-module-command", kind: enm("no", "yes", "local"), def: "no", immutable: true, inert: true },
  { name: "shutdown-timeout", kind: int(0n, INT_MAX), def: "10" },
];

const MEM_UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * Redis 7.0's memtoull: digits then an optional unit ("10", "1k", "5mb",
 * "1gb", case-insensitive); a leading '-' is an error; no digits means 0;
 * more than ULLONG_MAX saturates (strtoull) and the unit multiplication wraps
 * at 2^64 like C's unsigned arithmetic.
 */
export function memtoull(v: string): bigint | null {
  if (v.startsWith("-")) return null;
  let u = 0;
  while (u < v.length && v.charCodeAt(u) >= 48 && v.charCodeAt(u) <= 57) u++;
  const unit = MEM_UNITS[v.slice(u).toLowerCase()];
  if (unit === undefined || u >= 128) return null;
  let n = u === 0 ? 0n : BigInt(v.slice(0, u));
  if (n > ULLONG_MAX) n = ULLONG_MAX;
  return (n * unit) % TWO64;
}

/** Redis's memtoull as a JS number ("10", "1k", "5mb", "1gb"); null if invalid. */
export function parseMemory(v: string): number | null {
  const n = memtoull(v);
  return n === null ? null : Number(n);
}

/** Redis's numericBoundaryCheck: unsigned types compare the value as unsigned. */
function boundaryCheck(k: { min: bigint; max: bigint; unsigned: boolean }, v: bigint): bigint | Error {
  if (k.unsigned) {
    const u = v < 0n ? v + TWO64 : v;
    if (u < k.min || u > k.max) return new Error(`argument must be between ${k.min} and ${k.max} inclusive`);
    return u;
  }
  const s = v >= 1n << 63n ? v - TWO64 : v;
  if (s < k.min || s > k.max) return new Error(`argument must be between ${k.min} and ${k.max} inclusive`);
  return s;
}

/** Parses a value for a parameter; returns the canonical stored string or an Error. */
function parseValue(p: ParamDef, raw: string, cur: string): string | Error {
  const k = p.kind;
  switch (k.t) {
    case "bool": {
      const v = raw.toLowerCase();
      if (v !== "yes" && v !== "no") return new Error("argument must be 'yes' or 'no'");
      return v;
    }
    case "enum": {
      const v = raw.toLowerCase();
      if (!k.values.includes(v)) return new Error(`argument(s) must be one of the following: ${k.values.join(", ")}`);
      return v;
    }
    case "int": {
      const n = parseIntStrict(raw);
      if (n === null) return new Error("argument couldn't be parsed into an integer");
      const v = boundaryCheck(k, BigInt(n));
      if (v instanceof Error) return v;
      return p.normalize ? p.normalize(String(v)) : String(v);
    }
    case "memory": {
      const n = memtoull(raw);
      if (n === null) return new Error("argument must be a memory value");
      const v = boundaryCheck(k, n);
      return v instanceof Error ? v : String(v);
    }
    case "string":
      return raw;
    case "special":
      return k.parse(raw, cur);
  }
}

export type ChangeListener = (name: string, value: string) => void;

export class Config {
  private readonly values = new Map<string, string>();
  private readonly defs = new Map<string, ParamDef>();
  /** Parameters given on the command line or in a config file (CONFIG REWRITE keeps them). */
  readonly explicit = new Set<string>();
  readonly listeners: ChangeListener[] = [];
  configFile: string | null = null;

  // Hot parameters mirrored as typed fields.
  port = 6379;
  bind = "127.0.0.1";
  databases = 16;
  requirepass = "";
  timeout = 0;
  maxclients = 10000;
  protoMaxBulkLen = 536870912;
  hz = 10;
  loglevel = "notice";

  constructor() {
    for (const p of PARAMS) {
      this.defs.set(p.name, p);
      for (const a of p.aliases ?? []) this.defs.set(a, p);
      this.values.set(p.name, p.def);
    }
    this.values.set("dir", process.cwd());
    this.sync();
  }

  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  get(name: string): string | undefined {
    const p = this.def(name);
    return p ? this.values.get(p.name) : undefined;
  }

  getInt(name: string): number {
    return Number(this.get(name));
  }

  getBool(name: string): boolean {
    return this.get(name) === "yes";
  }

  /**
   * Sets one parameter; returns null or the reason (without the "CONFIG SET
   * failed" prefix). `startup` allows immutable and protected parameters.
   */
  set(name: string, raw: string, startup = false): string | null {
    const p = this.def(name);
    if (!p) return "unknown";
    if (p.immutable && !startup) return "can't set immutable config";
    if (p.protected && !startup && this.get("enable-protected-configs") !== "yes") return "can't set protected config";
    const v = this.parse(p, raw);
    if (v instanceof Error) return v.message;
    if (startup) this.explicit.add(p.name);
    this.setMany([[p, v]]);
    return null;
  }

  /** Validates a value for a parameter without storing it: the canonical value, or why it is refused. */
  parse(p: ParamDef, raw: string): string | Error {
    return parseValue(p, raw, this.values.get(p.name)!);
  }

  /** Stores values already validated by parse(), then tells the listeners, once per parameter. */
  setMany(pairs: readonly (readonly [ParamDef, string])[]): void {
    for (const [p, v] of pairs) this.values.set(p.name, v);
    this.sync();
    for (const [p, v] of pairs) for (const l of this.listeners) l(p.name, v);
  }

  /** [name, value] pairs matching a glob pattern, aliases included, as CONFIG GET lists them. */
  match(pattern: string): [string, string][] {
    const out: [string, string][] = [];
    const lower = pattern.toLowerCase();
    for (const [name, p] of this.defs) {
      if (globMatch(lower, name, true)) out.push([name, this.values.get(p.name)!]);
    }
    return out;
  }

  /** All canonical parameters with their values. */
  entries(): [string, string][] {
    return PARAMS.map((p) => [p.name, this.values.get(p.name)!]);
  }

  private sync(): void {
    this.port = Number(this.values.get("port"));
    this.bind = this.values.get("bind")!;
    this.databases = Number(this.values.get("databases"));
    this.requirepass = this.values.get("requirepass")!;
    this.timeout = Number(this.values.get("timeout"));
    this.maxclients = Number(this.values.get("maxclients"));
    this.protoMaxBulkLen = Number(this.values.get("proto-max-bulk-len"));
    this.hz = Math.max(1, Math.min(500, Number(this.values.get("hz"))));
    this.loglevel = this.values.get("loglevel")!;
  }
}
