// Configuration parameters: one table drives the command line, CONFIG GET,
// CONFIG SET and (later) config files, with Redis 7.0's names, defaults,
// value syntax and error texts.

import { notifyFlagsToString } from "./notify-flags.ts";
import { globMatch } from "./util/glob.ts";

type Kind =
  | { t: "int"; min: number; max: number }
  | { t: "memory"; min: number; max: number }
  | { t: "bool" }
  | { t: "enum"; values: readonly string[] }
  | { t: "string" }
  | { t: "special"; parse: (v: string) => string | Error };

export interface ParamDef {
  name: string;
  aliases?: readonly string[];
  kind: Kind;
  def: string;
  /** Can only be set at startup (CONFIG SET answers "can't set immutable config"). */
  immutable?: boolean;
  /** Stored and reported but not acted upon; accepted so tooling that sets it works. */
  inert?: boolean;
}

const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER; // stands in for LLONG_MAX: beyond it JS loses precision
const UINT_MAX = 4294967295;

const int = (min: number, max: number): Kind => ({ t: "int", min, max });
const mem = (min = 0, max = LLONG_MAX): Kind => ({ t: "memory", min, max });
const bool: Kind = { t: "bool" };
const str: Kind = { t: "string" };
const enm = (...values: string[]): Kind => ({ t: "enum", values });

function parseSave(v: string): string | Error {
  const parts = v.split(" ").filter((p) => p !== "");
  if (parts.length % 2 !== 0) return new Error("Invalid save parameters");
  for (const p of parts) if (!/^\d+$/.test(p)) return new Error("Invalid save parameters");
  return parts.map((p) => String(Number(p))).join(" ");
}

function parseBind(v: string): string | Error {
  const parts = v.split(" ").filter((p) => p !== "");
  if (parts.length > 16) return new Error("Too many bind addresses specified.");
  return parts.join(" ");
}

const NOTIFY_FLAGS = "KEg$lshzxetmdnA";
function parseNotify(v: string): string | Error {
  for (const ch of v) if (!NOTIFY_FLAGS.includes(ch)) return new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  return notifyFlagsToString(v);
}

function parseClientOutputBufferLimit(v: string): string | Error {
  const parts = v.split(" ").filter((p) => p !== "");
  if (parts.length % 4 !== 0) return new Error("Wrong number of arguments in buffer limit configuration.");
  for (let i = 0; i < parts.length; i += 4) {
    if (!["normal", "slave", "replica", "pubsub"].includes(parts[i]!.toLowerCase()))
      return new Error("Invalid client class specified in buffer limit configuration.");
    for (let j = 1; j <= 3; j++) {
      if (parseMemory(parts[i + j]!) === null) return new Error("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
  }
  return v;
}

// The parameters redbun honours, plus those Redis tooling commonly reads or sets.
export const PARAMS: readonly ParamDef[] = [
  { name: "port", kind: int(0, 65535), def: "6379" },
  { name: "bind", kind: { t: "special", parse: parseBind }, def: "127.0.0.1", immutable: true },
  { name: "databases", kind: int(1, INT_MAX), def: "16", immutable: true },
  { name: "save", kind: { t: "special", parse: parseSave }, def: "3600 1 300 100 60 10000" },
  { name: "appendonly", kind: bool, def: "no" },
  { name: "appendfsync", kind: enm("always", "everysec", "no"), def: "everysec" },
  { name: "appendfilename", kind: str, def: "appendonly.aof", immutable: true },
  { name: "appenddirname", kind: str, def: "appendonlydir", immutable: true },
  { name: "dir", kind: str, def: "" },
  { name: "dbfilename", kind: str, def: "dump.rdb" },
  { name: "timeout", kind: int(0, INT_MAX), def: "0" },
  { name: "maxclients", kind: int(1, UINT_MAX), def: "10000" },
  { name: "loglevel", kind: enm("debug", "verbose", "notice", "warning"), def: "notice" },
  { name: "logfile", kind: str, def: "", immutable: true },
  { name: "requirepass", kind: str, def: "" },
  { name: "protected-mode", kind: bool, def: "yes" },
  { name: "hz", kind: int(0, INT_MAX), def: "10" },
  { name: "dynamic-hz", kind: bool, def: "yes", inert: true },
  { name: "tcp-keepalive", kind: int(0, INT_MAX), def: "300" },
  { name: "tcp-backlog", kind: int(0, INT_MAX), def: "511", immutable: true, inert: true },
  { name: "proto-max-bulk-len", kind: mem(1024 * 1024, LLONG_MAX), def: "536870912" },
  { name: "client-query-buffer-limit", kind: mem(1024 * 1024, LLONG_MAX), def: "1073741824" },
  { name: "notify-keyspace-events", kind: { t: "special", parse: parseNotify }, def: "" },
  {
    name: "client-output-buffer-limit",
    kind: { t: "special", parse: parseClientOutputBufferLimit },
    def: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
  },
  { name: "maxmemory", kind: mem(), def: "0", inert: true },
  {
    name: "maxmemory-policy",
    kind: enm("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"),
    def: "noeviction",
    inert: true,
  },
  { name: "maxmemory-samples", kind: int(1, 64), def: "5", inert: true },
  { name: "active-expire-effort", kind: int(1, 10), def: "1" },
  { name: "daemonize", kind: bool, def: "no", immutable: true, inert: true },
  { name: "pidfile", kind: str, def: "", immutable: true },
  { name: "slowlog-log-slower-than", kind: int(-1, LLONG_MAX), def: "10000" },
  { name: "slowlog-max-len", kind: int(0, LLONG_MAX), def: "128" },
  { name: "latency-monitor-threshold", kind: int(0, LLONG_MAX), def: "0" },
  { name: "lazyfree-lazy-user-flush", kind: bool, def: "no", inert: true },
  { name: "io-threads", kind: int(1, 128), def: "1", immutable: true, inert: true },
  // Encoding thresholds: they decide what OBJECT ENCODING reports.
  { name: "hash-max-listpack-entries", aliases: ["hash-max-ziplist-entries"], kind: int(0, LLONG_MAX), def: "512" },
  { name: "hash-max-listpack-value", aliases: ["hash-max-ziplist-value"], kind: int(0, LLONG_MAX), def: "64" },
  { name: "set-max-intset-entries", kind: int(0, LLONG_MAX), def: "512" },
  { name: "zset-max-listpack-entries", aliases: ["zset-max-ziplist-entries"], kind: int(0, LLONG_MAX), def: "128" },
  { name: "zset-max-listpack-value", aliases: ["zset-max-ziplist-value"], kind: int(0, LLONG_MAX), def: "64" },
  { name: "list-max-listpack-size", aliases: ["list-max-ziplist-size"], kind: int(-5, INT_MAX), def: "-2" },
  { name: "list-compress-depth", kind: int(0, INT_MAX), def: "0" },
  { name: "stream-node-max-bytes", kind: mem(0, LLONG_MAX), def: "4096" },
  { name: "stream-node-max-entries", kind: int(0, LLONG_MAX), def: "100" },
  { name: "hll-sparse-max-bytes", kind: mem(0, LLONG_MAX), def: "3000" },
  // Persistence tuning.
  { name: "aof-use-rdb-preamble", kind: bool, def: "yes" },
  { name: "aof-load-truncated", kind: bool, def: "yes" },
  { name: "aof-timestamp-enabled", kind: bool, def: "no", inert: true },
  { name: "auto-aof-rewrite-percentage", kind: int(0, INT_MAX), def: "100" },
  { name: "auto-aof-rewrite-min-size", kind: mem(0, LLONG_MAX), def: "67108864" },
  { name: "no-appendfsync-on-rewrite", kind: bool, def: "no" },
  { name: "rdbcompression", kind: bool, def: "yes" },
  { name: "rdbchecksum", kind: bool, def: "yes" },
  { name: "stop-writes-on-bgsave-error", kind: bool, def: "yes" },
  { name: "rdb-del-sync-files", kind: bool, def: "no", inert: true },
  { name: "replica-read-only", aliases: ["slave-read-only"], kind: bool, def: "yes", inert: true },
  { name: "replicaof", aliases: ["slaveof"], kind: str, def: "", inert: true },
  { name: "masterauth", kind: str, def: "", inert: true },
  { name: "cluster-enabled", kind: bool, def: "no", immutable: true, inert: true },
  { name: "lua-time-limit", aliases: ["busy-reply-threshold"], kind: int(0, LLONG_MAX), def: "5000", inert: true },
  { name: "lfu-log-factor", kind: int(0, INT_MAX), def: "10", inert: true },
  { name: "lfu-decay-time", kind: int(0, INT_MAX), def: "1", inert: true },
  { name: "activerehashing", kind: bool, def: "yes", inert: true },
  { name: "enable-debug-command", kind: enm("no", "yes", "local"), def: "no", immutable: true, inert: true },
  { name: "shutdown-timeout", kind: int(0, INT_MAX), def: "10" },
];

const MEM_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** Redis's memtoull: "10", "1k", "5mb", "1gb" (case-insensitive). */
export function parseMemory(v: string): number | null {
  const m = /^(-?\d+)([a-zA-Z]*)$/.exec(v);
  if (!m) return null;
  const unit = MEM_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return null;
  return Number(m[1]) * unit;
}

/** Parses a value for a parameter; returns the canonical stored string or an Error. */
function parseValue(p: ParamDef, raw: string): string | Error {
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
      if (!/^-?\d+$/.test(raw)) return new Error("argument couldn't be parsed into an integer");
      const n = Number(raw);
      if (n < k.min || n > k.max) return new Error(`argument must be between ${k.min} and ${k.max === LLONG_MAX ? "9223372036854775807" : k.max} inclusive`);
      return String(n);
    }
    case "memory": {
      const n = parseMemory(raw);
      if (n === null) return new Error("argument must be a memory value");
      if (n < k.min || n > k.max) return new Error(`argument must be between ${k.min} and ${k.max === LLONG_MAX ? "9223372036854775807" : k.max} inclusive`);
      return String(n);
    }
    case "string":
      return raw;
    case "special":
      return k.parse(raw);
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
   * failed" prefix). `startup` allows immutable parameters.
   */
  set(name: string, raw: string, startup = false): string | null {
    const p = this.def(name);
    if (!p) return "unknown";
    if (p.immutable && !startup) return "can't set immutable config";
    const v = parseValue(p, raw);
    if (v instanceof Error) return v.message;
    this.values.set(p.name, v);
    if (startup) this.explicit.add(p.name);
    this.sync();
    for (const l of this.listeners) l(p.name, v);
    return null;
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
