// Server commands: DBSIZE, FLUSHDB, FLUSHALL, TIME, INFO, CONFIG, COMMAND.
//
// INFO prints Redis 7.0's sections and field names in Redis's order, with
// redbun's own numbers; capabilities that own a number (persistence,
// replication, scripting...) add or replace fields through infoContributors.
// COMMAND answers from redbun's command table, enriched with Redis 7.0's
// metadata (meta.ts) for the commands and subcommands redbun implements.

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { arch, machine, release, totalmem, type } from "node:os";
import { resolve } from "node:path";
import type { Client } from "../client.ts";
import { type ParamDef, PARAMS } from "../config.ts";
import type { Server } from "../server.ts";
import { globMatch } from "../util/glob.ts";
import { REDIS_VERSION, VERSION } from "../version.ts";
import { err, is } from "./args.ts";
import { E } from "./errors.ts";
import {
  commandDocsNode,
  commandInfoNode,
  commandMeta,
  type CommandMeta,
  encodeMeta,
  type MetaLookup,
  type MetaNode,
  type MetaObjectMap,
} from "./meta.ts";
import { pubsubOf } from "./pubsub.ts";
import { existingScriptEngine } from "./scripting.ts";
import type { Command, CommandDef, CommandFlag } from "./table.ts";
import { ReplyWriter } from "../protocol/reply.ts";

function dbsize(c: Client): void {
  c.w.int(c.db.size);
}

/** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both are synchronous here (freeing is the GC's job). */
function flushOption(c: Client, argv: string[]): boolean {
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1]!, "ASYNC") && !is(argv[1]!, "SYNC"))) {
    err(c, E.SYNTAX);
    return false;
  }
  return true;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushOption(c, argv)) return;
  c.server.flushDb(c.db);
  c.w.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushOption(c, argv)) return;
  for (const db of c.server.dbs) c.server.flushDb(db);
  c.w.ok();
}

function nowUsec(): bigint {
  return BigInt(Math.round(performance.timeOrigin * 1000 + performance.now() * 1000));
}

function time(c: Client): void {
  const us = nowUsec();
  c.w.arrayHeader(2);
  c.w.bulk(String(us / 1000000n));
  c.w.bulk(String(us % 1000000n));
}

/** Redis's addReplyHelp: the usage line, the given lines, then HELP. */
export function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  c.w.arrayHeader(lines.length + 3);
  c.w.simple(`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.w.simple(l);
  c.w.simple("HELP");
  c.w.simple("    Prints this help.");
}

// --- per-server state: identity, instantaneous metrics, memory peak ------

/** Redis's trackInstantaneousMetric: a rate sampled every 100 ms, averaged over the last 16 samples. */
class InstantaneousMetric {
  private readonly samples = new Array<number>(16).fill(0);
  private idx = 0;
  private lastTime = 0;
  private lastValue = 0;

  track(value: number, now: number): void {
    if (this.lastTime === 0) {
      this.lastTime = now;
      this.lastValue = value;
      return;
    }
    const t = now - this.lastTime;
    this.samples[this.idx] = t > 0 ? Math.trunc(((value - this.lastValue) * 1000) / t) : 0;
    this.idx = (this.idx + 1) % 16;
    this.lastTime = now;
    this.lastValue = value;
  }

  get(): number {
    let sum = 0;
    for (const s of this.samples) sum += s;
    return Math.trunc(sum / 16);
  }

  reset(value: number, now: number): void {
    this.samples.fill(0);
    this.idx = 0;
    this.lastTime = now;
    this.lastValue = value;
  }
}

interface ServerState {
  runId: string;
  replId: string;
  ops: InstantaneousMetric;
  netIn: InstantaneousMetric;
  netOut: InstantaneousMetric;
  lastSample: number;
  memPeak: number;
}

const states = new WeakMap<Server, ServerState>();

function stateOf(server: Server): ServerState {
  let s = states.get(server);
  if (!s) {
    s = {
      runId: randomBytes(20).toString("hex"),
      replId: randomBytes(20).toString("hex"),
      ops: new InstantaneousMetric(),
      netIn: new InstantaneousMetric(),
      netOut: new InstantaneousMetric(),
      lastSample: 0,
      memPeak: 0,
    };
    states.set(server, s);
  }
  return s;
}

/** The server's run id (INFO run_id), random per server as in Redis. */
export function runIdOf(server: Server): string {
  return stateOf(server).runId;
}

/** The replication id (INFO master_replid). */
export function replIdOf(server: Server): string {
  return stateOf(server).replId;
}

/** A new replication id (DEBUG CHANGE-REPL-ID; replid2 is already cleared: no history here). */
export function changeReplId(server: Server): void {
  stateOf(server).replId = randomBytes(20).toString("hex");
}

/** Samples the instantaneous metrics from the server cron, at most every 100 ms like Redis. */
export function installServerInfo(server: Server): void {
  const st = stateOf(server);
  server.cronHooks.push(() => {
    const now = Date.now();
    if (now - st.lastSample < 100) return;
    st.lastSample = now;
    const s = server.stats;
    st.ops.track(s.commandsProcessed, now);
    st.netIn.track(s.netInputBytes, now);
    st.netOut.track(s.netOutputBytes, now);
  });
}

/** Hooks run by CONFIG RESETSTAT for statistics other capabilities own. */
export const statResetHooks: ((server: Server) => void)[] = [];

/** CONFIG RESETSTAT: Redis's resetServerStats + resetCommandTableStats + resetErrorTableStats. */
export function resetStats(server: Server): void {
  const s = server.stats;
  s.connectionsReceived = 0;
  s.commandsProcessed = 0;
  s.rejectedConnections = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  s.keyspaceHits = 0;
  s.keyspaceMisses = 0;
  s.errorReplies = 0;
  s.errorsByPrefix.clear();
  s.expiredStalePerc = 0;
  s.readsProcessed = 0;
  s.writesProcessed = 0;
  for (const db of server.dbs) db.expiredCount = 0;
  const resetCmd = (cmd: Command): void => {
    cmd.calls = 0;
    cmd.usec = 0;
    cmd.rejectedCalls = 0;
    cmd.failedCalls = 0;
    if (cmd.subcommands) for (const sub of cmd.subcommands.values()) resetCmd(sub);
  };
  for (const cmd of server.commands.all) resetCmd(cmd);
  const st = stateOf(server);
  const now = Date.now();
  st.ops.reset(0, now);
  st.netIn.reset(0, now);
  st.netOut.reset(0, now);
  st.memPeak = 0;
  for (const h of statResetHooks) h(server);
}

// --- INFO -----------------------------------------------------------------

export type InfoFields = [string, string | number][];

/**
 * Fields other capabilities own (persistence, replication, scripting...):
 * each contributor's fields replace the same-named fields of its section,
 * or are appended to it.
 */
export const infoContributors: { section: string; fields: (server: Server) => InfoFields }[] = [];

const STARTUP_MEMORY = memoryNow();

function memoryNow(): { used: number; rss: number; heapTotal: number } {
  const m = process.memoryUsage();
  // In Bun, heapUsed already includes array-buffer ("external") bytes: adding
  // external would count packed lists, hashes and sets twice.
  return { used: m.heapUsed, rss: m.rss, heapTotal: m.heapTotal };
}

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ["K", "M", "G", "T", "P"];
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024 || u === "P") return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : "0.00");
const f6 = (n: number): string => n.toFixed(6);

function buildId(): string {
  const h = new Bun.CryptoHasher("sha1").update(`redbun ${VERSION} bun ${Bun.version}`).digest("hex");
  return h.slice(0, 16);
}
const BUILD_ID = buildId();

function serverSection(server: Server): InfoFields {
  const up = server.uptimeSeconds();
  const cfg = server.config;
  return [
    ["redis_version", REDIS_VERSION],
    ["redis_git_sha1", "00000000"],
    ["redis_git_dirty", 0],
    ["redis_build_id", BUILD_ID],
    ["redis_mode", "standalone"],
    ["os", `${type()} ${release()} ${machine?.() ?? arch()}`],
    ["arch_bits", process.arch.includes("64") ? 64 : 32],
    ["monotonic_clock", "POSIX clock_gettime"],
    ["multiplexing_api", process.platform === "linux" ? "epoll" : process.platform === "win32" ? "iocp" : "kqueue"],
    ["atomicvar_api", "c11-builtin"],
    ["gcc_version", "0.0.0"],
    ["process_id", process.pid],
    ["process_supervised", "no"],
    ["run_id", runIdOf(server)],
    ["tcp_port", server.port],
    ["server_time_usec", String(nowUsec())],
    ["uptime_in_seconds", up],
    ["uptime_in_days", Math.floor(up / 86400)],
    ["hz", cfg.hz],
    ["configured_hz", cfg.getInt("hz")],
    ["lru_clock", Math.floor(Date.now() / 1000) & ((1 << 24) - 1)],
    ["executable", process.argv[1] ? resolve(process.argv[1]) : process.execPath],
    ["config_file", cfg.configFile ?? ""],
    ["io_threads_active", 0],
  ];
}

function clientsSection(server: Server): InfoFields {
  let blocked = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const c of server.clients.values()) {
    if (c.flagsSet.has("blocked")) blocked++;
    maxIn = Math.max(maxIn, c.parser.pendingBytes());
    maxOut = Math.max(maxOut, c.outBytes);
  }
  return [
    ["connected_clients", server.clients.size],
    ["cluster_connections", 0],
    ["maxclients", server.config.maxclients],
    ["client_recent_max_input_buffer", maxIn],
    ["client_recent_max_output_buffer", maxOut],
    ["blocked_clients", blocked],
    ["tracking_clients", 0],
    ["clients_in_timeout_table", 0],
  ];
}

function memorySection(server: Server): InfoFields {
  const m = memoryNow();
  const st = stateOf(server);
  if (m.used > st.memPeak) st.memPeak = m.used;
  let clientsMem = 0;
  for (const c of server.clients.values()) clientsMem += c.outBytes + c.parser.pendingBytes();
  const startup = Math.min(STARTUP_MEMORY.used, m.used);
  const overhead = Math.min(m.used, startup + clientsMem);
  const dataset = m.used - overhead;
  const maxmemory = Number(server.config.get("maxmemory"));
  const sysmem = totalmem();
  return [
    ["used_memory", m.used],
    ["used_memory_human", bytesToHuman(m.used)],
    ["used_memory_rss", m.rss],
    ["used_memory_rss_human", bytesToHuman(m.rss)],
    ["used_memory_peak", st.memPeak],
    ["used_memory_peak_human", bytesToHuman(st.memPeak)],
    ["used_memory_peak_perc", `${f2((m.used * 100) / st.memPeak)}%`],
    ["used_memory_overhead", overhead],
    ["used_memory_startup", startup],
    ["used_memory_dataset", dataset],
    ["used_memory_dataset_perc", `${f2(m.used > startup ? (dataset * 100) / (m.used - startup) : 0)}%`],
    ["allocator_allocated", m.used],
    ["allocator_active", m.heapTotal],
    ["allocator_resident", m.rss],
    ["total_system_memory", sysmem],
    ["total_system_memory_human", bytesToHuman(sysmem)],
    ["used_memory_lua", 0],
    ["used_memory_vm_eval", 0],
    ["used_memory_lua_human", "0B"],
    ["used_memory_scripts_eval", existingScriptEngine(server)?.bodyBytes ?? 0],
    ["number_of_cached_scripts", existingScriptEngine(server)?.scripts.size ?? 0],
    ["number_of_functions", 0],
    ["number_of_libraries", 0],
    ["used_memory_vm_functions", 0],
    ["used_memory_vm_total", 0],
    ["used_memory_vm_total_human", "0B"],
    ["used_memory_functions", 0],
    ["used_memory_scripts", 0],
    ["used_memory_scripts_human", "0B"],
    ["maxmemory", maxmemory],
    ["maxmemory_human", bytesToHuman(maxmemory)],
    ["maxmemory_policy", server.config.get("maxmemory-policy")!],
    ["allocator_frag_ratio", f2(m.heapTotal / m.used)],
    ["allocator_frag_bytes", Math.max(0, m.heapTotal - m.used)],
    ["allocator_rss_ratio", f2(m.rss / m.heapTotal)],
    ["allocator_rss_bytes", m.rss - m.heapTotal],
    ["rss_overhead_ratio", "1.00"],
    ["rss_overhead_bytes", 0],
    ["mem_fragmentation_ratio", f2(m.rss / m.used)],
    ["mem_fragmentation_bytes", m.rss - m.used],
    ["mem_not_counted_for_evict", 0],
    ["mem_replication_backlog", 0],
    ["mem_total_replication_buffers", 0],
    ["mem_clients_slaves", 0],
    ["mem_clients_normal", clientsMem],
    ["mem_cluster_links", 0],
    ["mem_aof_buffer", 0],
    ["mem_allocator", "mimalloc"],
    ["active_defrag_running", 0],
    ["lazyfree_pending_objects", 0],
    ["lazyfreed_objects", 0],
  ];
}

/** Defaults until the persistence capability contributes its own numbers. */
function persistenceSection(server: Server): InfoFields {
  return [
    ["loading", 0],
    ["async_loading", 0],
    ["current_cow_peak", 0],
    ["current_cow_size", 0],
    ["current_cow_size_age", 0],
    ["current_fork_perc", "0.00"],
    ["current_save_keys_processed", 0],
    ["current_save_keys_total", 0],
    ["rdb_changes_since_last_save", server.prop.dirty],
    ["rdb_bgsave_in_progress", 0],
    ["rdb_last_save_time", Math.floor(server.startedAt / 1000)],
    ["rdb_last_bgsave_status", "ok"],
    ["rdb_last_bgsave_time_sec", -1],
    ["rdb_current_bgsave_time_sec", -1],
    ["rdb_saves", 0],
    ["rdb_last_cow_size", 0],
    ["rdb_last_load_keys_expired", 0],
    ["rdb_last_load_keys_loaded", 0],
    ["aof_enabled", server.config.getBool("appendonly") ? 1 : 0],
    ["aof_rewrite_in_progress", 0],
    ["aof_rewrite_scheduled", 0],
    ["aof_last_rewrite_time_sec", -1],
    ["aof_current_rewrite_time_sec", -1],
    ["aof_last_bgrewrite_status", "ok"],
    ["aof_rewrites", 0],
    ["aof_rewrites_consecutive_failures", 0],
    ["aof_last_write_status", "ok"],
    ["aof_last_cow_size", 0],
    ["module_fork_in_progress", 0],
    ["module_fork_last_cow_size", 0],
  ];
}

function statsSection(server: Server): InfoFields {
  const s = server.stats;
  const st = stateOf(server);
  let expired = 0;
  for (const db of server.dbs) expired += db.expiredCount;
  const ps = pubsubOf(server);
  return [
    ["total_connections_received", s.connectionsReceived],
    ["total_commands_processed", s.commandsProcessed],
    ["instantaneous_ops_per_sec", st.ops.get()],
    ["total_net_input_bytes", s.netInputBytes],
    ["total_net_output_bytes", s.netOutputBytes],
    ["total_net_repl_input_bytes", 0],
    ["total_net_repl_output_bytes", 0],
    ["instantaneous_input_kbps", f2(st.netIn.get() / 1024)],
    ["instantaneous_output_kbps", f2(st.netOut.get() / 1024)],
    ["instantaneous_input_repl_kbps", "0.00"],
    ["instantaneous_output_repl_kbps", "0.00"],
    ["rejected_connections", s.rejectedConnections],
    ["sync_full", 0],
    ["sync_partial_ok", 0],
    ["sync_partial_err", 0],
    ["expired_keys", expired],
    ["expired_stale_perc", f2(s.expiredStalePerc)],
    ["expired_time_cap_reached_count", 0],
    ["expire_cycle_cpu_milliseconds", 0],
    ["evicted_keys", 0],
    ["evicted_clients", 0],
    ["total_eviction_exceeded_time", 0],
    ["current_eviction_exceeded_time", 0],
    ["keyspace_hits", s.keyspaceHits],
    ["keyspace_misses", s.keyspaceMisses],
    ["pubsub_channels", ps ? ps.numChannels : 0],
    ["pubsub_patterns", ps ? ps.numPatterns : 0],
    ["pubsubshard_channels", ps ? ps.channelNames("shard", null).length : 0],
    ["latest_fork_usec", 0],
    ["total_forks", 0],
    ["migrate_cached_sockets", 0],
    ["slave_expires_tracked_keys", 0],
    ["active_defrag_hits", 0],
    ["active_defrag_misses", 0],
    ["active_defrag_key_hits", 0],
    ["active_defrag_key_misses", 0],
    ["total_active_defrag_time", 0],
    ["current_active_defrag_time", 0],
    ["tracking_total_keys", 0],
    ["tracking_total_items", 0],
    ["tracking_total_prefixes", 0],
    ["unexpected_error_replies", 0],
    ["total_error_replies", s.errorReplies],
    ["dump_payload_sanitizations", 0],
    ["total_reads_processed", s.readsProcessed],
    ["total_writes_processed", s.writesProcessed],
    ["io_threaded_reads_processed", 0],
    ["io_threaded_writes_processed", 0],
    ["reply_buffer_shrinks", 0],
    ["reply_buffer_expands", 0],
  ];
}

/** A master with no replicas until the replication capability contributes. */
function replicationSection(server: Server): InfoFields {
  return [
    ["role", "master"],
    ["connected_slaves", 0],
    ["master_failover_state", "no-failover"],
    ["master_replid", replIdOf(server)],
    ["master_replid2", "0000000000000000000000000000000000000000"],
    ["master_repl_offset", 0],
    ["second_repl_offset", -1],
    ["repl_backlog_active", 0],
    ["repl_backlog_size", 1048576],
    ["repl_backlog_first_byte_offset", 0],
    ["repl_backlog_histlen", 0],
  ];
}

function cpuSection(): InfoFields {
  const u = process.cpuUsage();
  const sys = f6(u.system / 1e6);
  const user = f6(u.user / 1e6);
  return [
    ["used_cpu_sys", sys],
    ["used_cpu_user", user],
    ["used_cpu_sys_children", "0.000000"],
    ["used_cpu_user_children", "0.000000"],
    ["used_cpu_sys_main_thread", sys],
    ["used_cpu_user_main_thread", user],
  ];
}

/** cmdstat_<name> lines, subcommands after their container, as Redis's genRedisInfoStringCommandStats. */
function commandstatsSection(server: Server): InfoFields {
  const out: InfoFields = [];
  const add = (cmd: Command): void => {
    if (cmd.calls || cmd.failedCalls || cmd.rejectedCalls) {
      const usec = Math.round(cmd.usec);
      const per = cmd.calls === 0 ? 0 : cmd.usec / cmd.calls;
      out.push([
        `cmdstat_${cmd.fullName}`,
        `calls=${cmd.calls},usec=${usec},usec_per_call=${f2(per)},rejected_calls=${cmd.rejectedCalls},failed_calls=${cmd.failedCalls}`,
      ]);
    }
    if (cmd.subcommands) for (const sub of cmd.subcommands.values()) add(sub);
  };
  for (const cmd of server.commands.all) add(cmd);
  return out;
}

/** errorstat_<PREFIX>:count=N, in the sorted order of Redis's radix tree. */
function errorstatsSection(server: Server): InfoFields {
  const names = [...server.stats.errorsByPrefix.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => [`errorstat_${n}`, `count=${server.stats.errorsByPrefix.get(n)}`]);
}

/** db<N>:keys=..,expires=..,avg_ttl=.. for non-empty databases; avg_ttl estimated from a sample, as Redis does. */
function keyspaceSection(server: Server): InfoFields {
  const out: InfoFields = [];
  const now = Date.now();
  for (const db of server.dbs) {
    if (db.size === 0) continue;
    let sum = 0;
    let n = 0;
    let seen = 0;
    for (const when of db.expires.values()) {
      if (++seen > 128) break;
      if (when > now) {
        sum += when - now;
        n++;
      }
    }
    out.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${n ? Math.round(sum / n) : 0}`]);
  }
  return out;
}

interface SectionDef {
  title: string;
  /** Names that select the section (lowercase). */
  names: readonly string[];
  inDefault: boolean;
  gen: (server: Server) => InfoFields;
}

const SECTIONS: readonly SectionDef[] = [
  { title: "Server", names: ["server"], inDefault: true, gen: serverSection },
  { title: "Clients", names: ["clients"], inDefault: true, gen: clientsSection },
  { title: "Memory", names: ["memory"], inDefault: true, gen: memorySection },
  { title: "Persistence", names: ["persistence"], inDefault: true, gen: persistenceSection },
  { title: "Stats", names: ["stats"], inDefault: true, gen: statsSection },
  { title: "Replication", names: ["replication"], inDefault: true, gen: replicationSection },
  { title: "CPU", names: ["cpu"], inDefault: true, gen: cpuSection },
  { title: "Modules", names: ["module_list", "modules"], inDefault: true, gen: () => [] },
  { title: "Commandstats", names: ["commandstats"], inDefault: false, gen: commandstatsSection },
  { title: "Errorstats", names: ["errorstats"], inDefault: true, gen: errorstatsSection },
  // Per-command latency percentiles need latency histograms redbun does not keep.
  { title: "Latencystats", names: ["latencystats"], inDefault: false, gen: () => [] },
  { title: "Cluster", names: ["cluster"], inDefault: true, gen: (s) => [["cluster_enabled", s.config.getBool("cluster-enabled") ? 1 : 0]] },
  { title: "Keyspace", names: ["keyspace"], inDefault: true, gen: keyspaceSection },
];

function sectionFields(server: Server, sec: SectionDef): InfoFields {
  const fields = sec.gen(server);
  const key = sec.names[0]!;
  for (const contrib of infoContributors) {
    if (contrib.section !== key) continue;
    for (const [k, v] of contrib.fields(server)) {
      const i = fields.findIndex((f) => f[0] === k);
      if (i === -1) fields.push([k, v]);
      else fields[i] = [k, v];
    }
  }
  return fields;
}

/**
 * The INFO text for the given arguments, as Redis 7.0's genInfoSectionDict +
 * genRedisInfoString: no argument = the default sections; "default", "all",
 * "everything" expand; other names select sections (unknown ones: nothing).
 */
export function infoString(server: Server, args: readonly string[]): string {
  let all = false;
  const wanted = new Set<string>();
  if (args.length === 0) {
    for (const s of SECTIONS) if (s.inDefault) wanted.add(s.names[0]!);
  }
  for (const a of args) {
    const l = a.toLowerCase();
    if (l === "default") {
      for (const s of SECTIONS) if (s.inDefault) wanted.add(s.names[0]!);
    } else if (l === "all" || l === "everything") {
      all = true;
    } else {
      wanted.add(l);
    }
  }
  let out = "";
  let n = 0;
  for (const sec of SECTIONS) {
    if (!all && !sec.names.some((x) => wanted.has(x))) continue;
    if (n++) out += "\r\n";
    out += `# ${sec.title}\r\n`;
    for (const [k, v] of sectionFields(server, sec)) out += `${k}:${v}\r\n`;
  }
  return out;
}

function info(c: Client, argv: string[]): void {
  c.w.verbatim(infoString(c.server, argv.slice(1)));
}

// --- CONFIG -----------------------------------------------------------------

function configGet(c: Client, argv: string[]): void {
  const config = c.server.config;
  // Keyed by lowercase name: Redis's result dict compares names case-insensitively.
  const matches = new Map<string, [string, string]>();
  for (let i = 2; i < argv.length; i++) {
    const name = argv[i]!;
    if (!/[[*?]/.test(name)) {
      const lower = name.toLowerCase();
      if (matches.has(lower)) continue;
      const v = config.get(name);
      if (v !== undefined) matches.set(lower, [name, v]);
      continue;
    }
    for (const [n, v] of config.match(name)) {
      if (!matches.has(n)) matches.set(n, [n, v]);
    }
  }
  const w = c.w;
  w.mapHeader(matches.size);
  for (const [n, v] of matches.values()) {
    w.bulk(n);
    w.bulk(v);
  }
}

/** Clients from the local host, for enable-protected-configs "local". */
function isLocalClient(c: Client): boolean {
  const host = c.addr.slice(0, c.addr.lastIndexOf(":"));
  return host === "127.0.0.1" || host === "::1" || host === "[::1]";
}

/**
 * CONFIG SET param value [param value ...], all or nothing, checked in
 * Redis's order: unknown names first-come, immutable/protected, duplicates,
 * then the values, then applying (port/bind re-listen).
 */
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) return err(c, E.SYNTAX);
  const config = c.server.config;
  const pairs: [ParamDef, string, string][] = []; // def, name as given, raw value
  let unknown: string | null = null;
  let failName: string | null = null;
  let failWhy = "";
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i]!;
    const p = config.def(name);
    if (!p) {
      if (unknown === null && failName === null) unknown = name;
      continue;
    }
    if (unknown !== null || failName !== null) continue;
    if (p.immutable) {
      failName = name;
      failWhy = "can't set immutable config";
      continue;
    }
    if (p.protected) {
      const allow = config.get("enable-protected-configs");
      if (!(allow === "yes" || (allow === "local" && isLocalClient(c)))) {
        failName = name;
        failWhy = "can't set protected config";
        continue;
      }
    }
    // The same parameter twice (an alias is a separate entry in Redis: not a duplicate).
    const lower = name.toLowerCase();
    if (pairs.some(([q, n]) => q === p && n.toLowerCase() === lower)) {
      failName = name;
      failWhy = "duplicate parameter";
      continue;
    }
    pairs.push([p, name, argv[i + 1]!]);
  }
  if (unknown !== null) return err(c, `ERR Unknown option or number of arguments for CONFIG SET - '${unknown}'`);
  if (failName !== null) return err(c, `ERR CONFIG SET failed (possibly related to argument '${failName}') - ${failWhy}`);
  const parsed: [ParamDef, string][] = [];
  for (const [p, name, raw] of pairs) {
    const v = config.parse(p, raw);
    if (v instanceof Error) return err(c, `ERR CONFIG SET failed (possibly related to argument '${name.toLowerCase()}') - ${v.message}`);
    parsed.push([p, v]);
  }
  // Apply what needs more than storing: a new port or bind list means listening again.
  const newPort = parsed.find(([p]) => p.name === "port")?.[1];
  const newBind = parsed.find(([p]) => p.name === "bind")?.[1];
  const portChanged = newPort !== undefined && Number(newPort) !== config.port && Number(newPort) !== c.server.port;
  if (portChanged || (newBind !== undefined && newBind !== config.bind)) {
    if (!c.server.relisten(newBind ?? config.bind, Number(newPort ?? c.server.port))) {
      const which = newBind !== undefined && newBind !== config.bind ? "bind" : "port";
      const why = which === "bind" ? "Failed to bind to specified addresses." : "Unable to listen on this port. Check server logs.";
      return err(c, `ERR CONFIG SET failed (possibly related to argument '${which}') - ${why}`);
    }
  }
  config.setMany(parsed);
  c.w.ok();
}

function configResetstat(c: Client): void {
  resetStats(c.server);
  c.w.ok();
}

/** Redis's sdscatrepr: a double-quoted string with C escapes. */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === "\\" || ch === '"') out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code === 7) out += "\\a";
    else if (code === 8) out += "\\b";
    else if (code < 32 || code > 126) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** Redis's rewriteConfigFormatMemory: the largest exact unit of gb/mb/kb. */
function formatMemory(v: string): string {
  const n = BigInt(v);
  const gb = 1024n * 1024n * 1024n;
  if (n !== 0n && n % gb === 0n) return `${n / gb}gb`;
  if (n !== 0n && n % (1024n * 1024n) === 0n) return `${n / (1024n * 1024n)}mb`;
  if (n !== 0n && n % 1024n === 0n) return `${n / 1024n}kb`;
  return v;
}

/** The config lines for a parameter's current value, each with whether it must be written even if absent. */
function rewriteLines(p: ParamDef, value: string, def: string): { line: string; force: boolean }[] {
  const name = p.name;
  const force = value !== def;
  switch (p.kind.t) {
    case "bool":
    case "enum":
    case "int":
      return [{ line: `${name} ${value}`, force }];
    case "memory":
      return [{ line: `${name} ${formatMemory(value)}`, force }];
    case "string":
      if (name === "replicaof") return value === "" ? [] : [{ line: `${name} ${value}`, force }];
      return [{ line: `${name} ${reprString(value)}`, force: force || name === "dir" }];
    case "special":
      break;
  }
  if (name === "save") return [{ line: value === "" ? 'save ""' : `save ${value}`, force: true }];
  if (name === "bind") return value === "" ? [] : [{ line: `bind ${value}`, force }];
  if (name === "notify-keyspace-events") return [{ line: `${name} ${reprString(value)}`, force: value !== "" }];
  if (name === "client-output-buffer-limit") {
    const parts = value.split(" ");
    const defs = def.split(" ");
    const out: { line: string; force: boolean }[] = [];
    for (let i = 0; i + 3 < parts.length; i += 4) {
      const same = parts.slice(i, i + 4).join(" ") === defs.slice(i, i + 4).join(" ");
      out.push({
        line: `${name} ${parts[i]} ${formatMemory(parts[i + 1]!)} ${formatMemory(parts[i + 2]!)} ${parts[i + 3]}`,
        force: !same,
      });
    }
    return out;
  }
  return [{ line: `${name} ${value}`, force }];
}

const REWRITE_SIGNATURE = "# Generated by CONFIG REWRITE";

/**
 * CONFIG REWRITE, as Redis's rewriteConfig: every parameter's lines replace
 * the ones already in the file, in place (extra occurrences are dropped);
 * parameters not in the file are appended after a signature comment when
 * their value differs from the default. Comments and unknown lines stay.
 */
export function rewriteConfigFile(server: Server): string | null {
  const config = server.config;
  const path = config.configFile;
  if (path === null) return "The server is running without a config file";
  let text = "";
  try {
    if (existsSync(path)) text = readFileSync(path, "latin1");
  } catch (e) {
    return `Rewriting config file: ${(e as Error).message}`;
  }
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  // Where each parameter appears in the file.
  const at = new Map<string, number[]>();
  let signed = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === "" || t.startsWith("#")) {
      if (t === REWRITE_SIGNATURE) signed = true;
      continue;
    }
    const word = t.split(/\s+/, 1)[0]!.toLowerCase();
    const p = config.def(word);
    if (!p) continue;
    const list = at.get(p.name) ?? [];
    list.push(i);
    at.set(p.name, list);
  }
  const out: (string | null)[] = lines.slice();
  const appended: string[] = [];
  for (const p of PARAMS) {
    const value = config.get(p.name)!;
    const gen = rewriteLines(p, value, DEFAULTS.get(p.name)!);
    const where = at.get(p.name) ?? [];
    gen.forEach((g, i) => {
      if (i < where.length) out[where[i]!] = g.line;
      else if (g.force) appended.push(g.line);
    });
    for (let i = gen.length; i < where.length; i++) out[where[i]!] = null;
  }
  const result = out.filter((l): l is string => l !== null);
  if (appended.length > 0) {
    if (!signed) result.push(REWRITE_SIGNATURE);
    result.push(...appended);
  }
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, result.join("\n") + "\n", "latin1");
    renameSync(tmp, path);
  } catch (e) {
    return `Rewriting config file: ${(e as Error).message}`;
  }
  return null;
}

/** Every parameter's default value (already in canonical form). */
const DEFAULTS = new Map(PARAMS.map((p) => [p.name, p.def]));

function configRewrite(c: Client): void {
  const e = rewriteConfigFile(c.server);
  if (e !== null) return err(c, `ERR ${e}`);
  c.server.log.notice("CONFIG REWRITE executed with success.");
  c.w.ok();
}

const CONFIG_HELP = [
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
];

// --- COMMAND ----------------------------------------------------------------

/** Resolves "name" or "container|sub" in redbun's table. */
function findCommand(server: Server, fullName: string): Command | undefined {
  const bar = fullName.indexOf("|");
  if (bar === -1) return server.commands.get(fullName);
  const top = server.commands.get(fullName.slice(0, bar));
  return top?.subcommands?.get(fullName.slice(bar + 1));
}

/** Redis's setImplicitACLCategories, for commands Redis's metadata does not describe. */
function implicitAcl(flags: readonly CommandFlag[]): string[] {
  const out: string[] = [];
  const has = (f: CommandFlag) => flags.includes(f);
  if (has("write")) out.push("@write");
  if (has("readonly")) out.push("@read");
  if (has("admin")) out.push("@admin", "@dangerous");
  if (has("pubsub")) out.push("@pubsub");
  if (has("blocking")) out.push("@blocking");
  out.push(has("fast") ? "@fast" : "@slow");
  return out;
}

/** redbun commands that are another name for a Redis command: described by that command's metadata. */
const ALIASES: Record<string, string> = { stop: "quit" };

/** COMMAND DOCS for redbun commands Redis 7.0 lacks (Redis 7.2's texts where 7.2 has them). */
const EXTRA_DOCS: Record<string, MetaObjectMap> = {
  "client|setinfo": {
    summary: "Set client or connection specific info.",
    since: "7.2.0",
    group: "connection",
    complexity: "O(1)",
    arguments: [
      {
        name: "attr",
        type: "oneof",
        arguments: [
          { name: "libname", type: "string", token: "LIB-NAME" },
          { name: "libver", type: "string", token: "LIB-VER" },
        ],
      },
    ],
  },
  "client|no-touch": {
    summary: "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.",
    since: "7.2.0",
    group: "connection",
    complexity: "O(1)",
    arguments: [
      {
        name: "enabled",
        type: "oneof",
        arguments: [
          { name: "on", type: "pure-token", token: "ON" },
          { name: "off", type: "pure-token", token: "OFF" },
        ],
      },
    ],
  },
};

/** Metadata for a redbun command Redis's snapshot lacks, built from redbun's table. */
function synthesizeMeta(cmd: Command): CommandMeta {
  const flags: string[] = [...cmd.flagList];
  if (cmd.getKeysFn && !flags.includes("movablekeys")) flags.push("movablekeys");
  const keySpecs: MetaNode[] = [];
  if (cmd.firstKey > 0) {
    keySpecs.push({
      flags: { __set: [] },
      begin_search: { type: "index", spec: { index: cmd.firstKey } },
      find_keys: {
        type: "range",
        spec: { lastkey: cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey, keystep: cmd.step, limit: 0 },
      },
    });
  }
  const m: CommandMeta = {
    arity: cmd.arity,
    flags,
    firstKey: cmd.firstKey,
    lastKey: cmd.lastKey,
    step: cmd.step,
    // CLIENT's subcommands are all in @connection, as in Redis.
    acl: cmd.parent?.name === "client" ? [...implicitAcl(cmd.flagList), "@connection"] : implicitAcl(cmd.flagList),
    tips: [],
    keySpecs,
    docs: EXTRA_DOCS[cmd.fullName] ?? { summary: "", since: VERSION, group: "server", complexity: "" },
  };
  return m;
}

const lookups = new WeakMap<Server, MetaLookup>();

/**
 * Metadata restricted to what redbun implements: Redis 7.0's entry when it
 * has one (subcommands filtered to redbun's, redbun-only ones added), else
 * one synthesized from redbun's table.
 */
export function metaLookup(server: Server): MetaLookup {
  let l = lookups.get(server);
  if (l) return l;
  const cache = new Map<string, CommandMeta | undefined>();
  l = (name: string) => {
    if (cache.has(name)) return cache.get(name);
    const cmd = findCommand(server, name);
    let m: CommandMeta | undefined;
    if (cmd) {
      const alias = ALIASES[cmd.fullName];
      const base = commandMeta(cmd.fullName) ?? (alias ? commandMeta(alias) : undefined) ?? synthesizeMeta(cmd);
      if (cmd.subcommands) {
        const subs = [...cmd.subcommands.values()].map((s) => s.fullName).sort();
        m = { ...base, subcommands: subs };
      } else {
        m = base;
      }
    }
    cache.set(name, m);
    return m;
  };
  lookups.set(server, l);
  return l;
}

function sortedCommands(server: Server): Command[] {
  return [...server.commands.all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The command table is fixed once the server is built, so the replies to
 * COMMAND and COMMAND DOCS (no arguments) are encoded once per protocol and
 * kept as bytes: redis-cli sends COMMAND DOCS on every interactive start.
 */
const wholeTableReplies = new WeakMap<Server, Map<string, Buffer>>();

function cachedReply(c: Client, what: string, fill: (w: ReplyWriter) => void): void {
  let m = wholeTableReplies.get(c.server);
  if (!m) wholeTableReplies.set(c.server, (m = new Map()));
  const k = `${what}/${c.proto}`;
  let bytes = m.get(k);
  if (!bytes) {
    const w = new ReplyWriter(256 * 1024);
    w.reset(c.proto);
    fill(w);
    bytes = Buffer.from(w.view());
    m.set(k, bytes);
  }
  c.w.raw(bytes);
}

function commandAll(c: Client): void {
  cachedReply(c, "info", (w) => {
    const lookup = metaLookup(c.server);
    const cmds = sortedCommands(c.server);
    w.arrayHeader(cmds.length);
    for (const cmd of cmds) encodeMeta(commandInfoNode(cmd.fullName, lookup)!, w);
  });
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandAll(c);
  const lookup = metaLookup(c.server);
  c.w.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const node = commandInfoNode(argv[i]!.toLowerCase(), lookup);
    if (node === undefined) c.w.nullBulk();
    else encodeMeta(node, c.w);
  }
}

function commandDocs(c: Client, argv: string[]): void {
  if (argv.length === 2) return cachedReply(c, "docs", (w) => writeDocs(c, w, sortedCommands(c.server).map((x) => x.fullName)));
  writeDocs(c, c.w, argv.slice(2).map((n) => n.toLowerCase()));
}

function writeDocs(c: Client, w: ReplyWriter, names: string[]): void {
  const lookup = metaLookup(c.server);
  const found: [string, MetaNode][] = [];
  for (const n of names) {
    const node = commandDocsNode(n, lookup);
    if (node !== undefined) found.push([n, node]);
  }
  w.mapHeader(found.length);
  for (const [n, node] of found) {
    w.bulk(n);
    encodeMeta(node, w);
  }
}

function commandCount(c: Client): void {
  c.w.int(c.server.commands.size);
}

function commandList(c: Client, argv: string[]): void {
  let filter: ((cmd: Command) => boolean) | null = null;
  if (argv.length === 5 && is(argv[2]!, "FILTERBY")) {
    const what = argv[3]!;
    const arg = argv[4]!;
    if (is(what, "MODULE")) {
      filter = () => false; // redbun loads no modules
    } else if (is(what, "ACLCAT")) {
      const cat = "@" + arg.toLowerCase();
      const lookup = metaLookup(c.server);
      filter = (cmd) => lookup(cmd.fullName)?.acl.some((a) => a.toLowerCase() === cat) ?? false;
    } else if (is(what, "PATTERN")) {
      filter = (cmd) => globMatch(arg, cmd.fullName, true);
    } else {
      return err(c, E.SYNTAX);
    }
  } else if (argv.length !== 2) {
    return err(c, E.SYNTAX);
  }
  const out: string[] = [];
  const visit = (cmd: Command): void => {
    if (filter === null || filter(cmd)) out.push(cmd.fullName);
    if (cmd.subcommands) {
      const subs = [...cmd.subcommands.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const s of subs) visit(s);
    }
  };
  for (const cmd of sortedCommands(c.server)) visit(cmd);
  c.w.bulkArray(out);
}

interface KeyRef {
  pos: number;
  flags: MetaNode;
}

const specField = (node: MetaNode, key: string): MetaNode | undefined =>
  node !== null && typeof node === "object" && !Array.isArray(node) ? (node as MetaObjectMap)[key] : undefined;

function specFlags(spec: MetaNode): string[] {
  const f = specField(spec, "flags") as { __set?: { __simple: string }[] } | undefined;
  return (f?.__set ?? []).map((x) => x.__simple);
}

/**
 * Redis's getKeysUsingKeySpecs over the metadata's key specs: the keys;
 * "invalid" when the arguments don't fit a spec (bad or too large numkeys...);
 * "native" when a spec can't describe the keys (Redis then asks the command's
 * own key finder).
 */
function keysFromSpecs(specs: readonly MetaNode[], argv: readonly string[], arity: number): KeyRef[] | "invalid" | "native" {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const spec of specs) {
    const flags = specFlags(spec);
    if (flags.includes("not_key")) continue;
    const bs = specField(spec, "begin_search") as MetaObjectMap;
    const fk = specField(spec, "find_keys") as MetaObjectMap;
    const bsSpec = bs.spec as MetaObjectMap;
    const fkSpec = fk.spec as MetaObjectMap;
    let first = 0;
    if (bs.type === "index") {
      first = bsSpec.index as number;
    } else if (bs.type === "keyword") {
      const from = bsSpec.startfrom as number;
      const keyword = (bsSpec.keyword as string).toLowerCase();
      const start = from > 0 ? from : argc + from;
      const end = from > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === keyword) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    } else {
      return "native";
    }
    let last: number;
    let step: number;
    if (fk.type === "range") {
      step = fkSpec.keystep as number;
      const lastkey = fkSpec.lastkey as number;
      const limit = fkSpec.limit as number;
      if (lastkey >= 0) last = first + lastkey;
      else if (!limit) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else if (fk.type === "keynum") {
      step = fkSpec.keystep as number;
      const idx = first + (fkSpec.keynumidx as number);
      if (idx >= argc) return "invalid";
      const s = argv[idx]!;
      if (!/^(0|[1-9]\d{0,18})$/.test(s)) return "invalid";
      const numkeys = Number(s);
      first += fkSpec.firstkey as number;
      last = first + numkeys - 1;
    } else {
      return "native";
    }
    if (last >= argc || last < first || first >= argc) return "invalid";
    const flagNode: MetaNode = { __set: flags.map((f) => ({ __simple: f })) };
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) {
        if (arity < 0) continue;
        break;
      }
      keys.push({ pos: i, flags: flagNode });
    }
    if (flags.includes("incomplete")) return "native";
  }
  return keys;
}

const keyFlags = (...f: string[]): MetaNode => ({ __set: f.map((x) => ({ __simple: x })) });

/**
 * Redis's own key finders for the commands whose key specs can't give the
 * keys or their flags (variable_flags, incomplete, unknown): setGetKeys,
 * bitfieldGetKeys, sortGetKeys, sortROGetKeys, migrateGetKeys.
 */
const NATIVE_KEYS: Record<string, (argv: readonly string[]) => KeyRef[]> = {
  set(argv) {
    for (let i = 3; i < argv.length; i++) if (is(argv[i]!, "GET")) return [{ pos: 1, flags: keyFlags("RW", "access", "update") }];
    return [{ pos: 1, flags: keyFlags("OW", "update") }];
  },
  bitfield(argv) {
    let readonly = true;
    for (let i = 2; i < argv.length; i++) {
      const rem = argv.length - i - 1;
      const a = argv[i]!;
      if (is(a, "GET") && rem >= 2) i += 2;
      else if ((is(a, "SET") || is(a, "INCRBY")) && rem >= 3) {
        readonly = false;
        break;
      } else if (is(a, "OVERFLOW") && rem >= 1) i += 1;
      else {
        readonly = false;
        break;
      }
    }
    return [{ pos: 1, flags: readonly ? keyFlags("RO", "access") : keyFlags("RW", "access", "update") }];
  },
  sort(argv) {
    const keys: KeyRef[] = [{ pos: 1, flags: keyFlags("RO", "access") }];
    let store = -1;
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i]!;
      if (is(a, "LIMIT")) i += 2;
      else if (is(a, "GET") || is(a, "BY")) i += 1;
      else if (is(a, "STORE") && i + 1 < argv.length) store = i + 1;
    }
    if (store !== -1) keys.push({ pos: store, flags: keyFlags("OW", "update") });
    return keys;
  },
  sort_ro() {
    return [{ pos: 1, flags: keyFlags("RO", "access") }];
  },
  migrate(argv) {
    let first = 3;
    let num = 1;
    if (argv.length > 6) {
      for (let i = 6; i < argv.length; i++) {
        const a = argv[i]!;
        if (is(a, "KEYS")) {
          if (argv[3] !== "") return [];
          first = i + 1;
          num = argv.length - first;
          break;
        }
        if (is(a, "AUTH")) i += 1;
        else if (is(a, "AUTH2")) i += 2;
      }
    }
    const out: KeyRef[] = [];
    for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: keyFlags("RW", "access", "delete") });
    return out;
  },
};

/** COMMAND GETKEYS / GETKEYSANDFLAGS: Redis's getKeysSubcommandImpl. */
function getKeysImpl(c: Client, argv: string[], withFlags: boolean): void {
  const inner = argv.slice(2);
  const cmd = c.server.commands.lookup(inner);
  if (!cmd) return err(c, "ERR Invalid command specified");
  const meta = metaLookup(c.server)(cmd.fullName)!;
  const specs = meta.keySpecs;
  const hasSpecKeys = specs.some((s) => !specFlags(s).includes("not_key"));
  const hasKeys = hasSpecKeys || cmd.firstKey > 0 || cmd.getKeysFn !== undefined;
  if (!hasKeys) return err(c, "ERR The command has no key arguments");
  if ((cmd.arity > 0 && cmd.arity !== inner.length) || inner.length < -cmd.arity) {
    return err(c, "ERR Invalid number of arguments specified for command");
  }
  let keys: KeyRef[] | "invalid" | "native" = "native";
  const varFlags = specs.some((s) => specFlags(s).includes("variable_flags"));
  if (hasSpecKeys && !varFlags) keys = keysFromSpecs(specs, inner, cmd.arity);
  // Arguments a spec can't fit: Redis's own key finders then find no keys either.
  if (keys === "invalid") keys = [];
  if (keys === "native" && NATIVE_KEYS[cmd.fullName]) keys = NATIVE_KEYS[cmd.fullName]!(inner);
  if (keys === "native") {
    // The command's own key finder, with each key's flags taken from the spec it most likely matches.
    let pos: number[];
    try {
      pos = cmd.keyPositions(inner);
    } catch {
      pos = [];
    }
    const flagNodes = specs.map((s) => ({ __set: specFlags(s).map((f) => ({ __simple: f })) }) as MetaNode);
    keys = pos.map((p, i) => ({ pos: p, flags: flagNodes[Math.min(i, flagNodes.length - 1)] ?? { __set: [] } }));
  }
  if (keys.length === 0) {
    if (cmd.flags.has("no_mandatory_keys")) return c.w.arrayHeader(0);
    return err(c, "ERR Invalid arguments specified for command");
  }
  c.w.arrayHeader(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      c.w.bulk(inner[k.pos]!);
    } else {
      c.w.arrayHeader(2);
      c.w.bulk(inner[k.pos]!);
      encodeMeta(k.flags, c.w);
    }
  }
}

const COMMAND_HELP = [
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
];

// --- table ------------------------------------------------------------------

const ADMIN: CommandFlag[] = ["admin", "noscript", "loading", "stale"];
const INTROSPECT: CommandFlag[] = ["loading", "stale"];

export const serverCommands: CommandDef[] = [
  { name: "dbsize", arity: 1, flags: ["readonly", "fast"], handler: dbsize },
  { name: "flushdb", arity: -1, flags: ["write"], handler: flushdb },
  { name: "flushall", arity: -1, flags: ["write"], handler: flushall },
  { name: "time", arity: 1, flags: ["loading", "stale", "fast"], handler: time },
  { name: "info", arity: -1, flags: ["loading", "stale"], handler: info },
  {
    name: "config",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "get", arity: -3, flags: ADMIN, handler: configGet },
      { name: "set", arity: -4, flags: ADMIN, handler: configSet },
      { name: "resetstat", arity: 2, flags: ADMIN, handler: configResetstat },
      { name: "rewrite", arity: 2, flags: ADMIN, handler: configRewrite },
      { name: "help", arity: 2, flags: INTROSPECT, handler: (c) => replyHelp(c, "CONFIG", CONFIG_HELP) },
    ],
  },
  {
    name: "command",
    arity: -1,
    flags: INTROSPECT,
    handler: commandAll,
    subcommands: [
      { name: "count", arity: 2, flags: INTROSPECT, handler: commandCount },
      { name: "list", arity: -2, flags: INTROSPECT, handler: commandList },
      { name: "info", arity: -2, flags: INTROSPECT, handler: commandInfo },
      { name: "docs", arity: -2, flags: INTROSPECT, handler: commandDocs },
      { name: "getkeys", arity: -4, flags: INTROSPECT, handler: (c, argv) => getKeysImpl(c, argv, false) },
      { name: "getkeysandflags", arity: -4, flags: INTROSPECT, handler: (c, argv) => getKeysImpl(c, argv, true) },
      { name: "help", arity: 2, flags: INTROSPECT, handler: (c) => replyHelp(c, "COMMAND", COMMAND_HELP) },
    ],
  },
];
