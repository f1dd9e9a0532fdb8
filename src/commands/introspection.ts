// SLOWLOG, LATENCY and MONITOR: observers of executed commands, fed by the
// dispatcher's call hooks.

import type { Client } from "../client.ts";
import type { Server } from "../server.ts";
import { err, intArg } from "./args.ts";
import type { Command, CommandDef } from "./table.ts";
import { replyHelp } from "./server.ts";

interface SlowEntry {
  id: number;
  time: number;
  usec: number;
  argv: string[];
  addr: string;
  name: string;
}

interface LatencySample {
  time: number;
  ms: number;
}

class Observers {
  slowlog: SlowEntry[] = [];
  slowId = 0;
  readonly monitors = new Set<Client>();
  /** Latency monitor: per event ("command", "fast-command"), recent samples and the max. */
  readonly latency = new Map<string, { samples: LatencySample[]; max: number }>();
}

const registries = new WeakMap<Server, Observers>();
const of = (s: Server) => registries.get(s)!;

/** Redis keeps at most 32 arguments of at most 128 bytes each in a slowlog entry. */
function slowArgv(argv: readonly string[]): string[] {
  const n = Math.min(argv.length, 32);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (n < argv.length && i === n - 1) {
      out.push(`... (${argv.length - n + 1} more arguments)`);
      break;
    }
    const a = argv[i]!;
    out.push(a.length > 128 ? `${a.slice(0, 128)}... (${a.length - 128} more bytes)` : a);
  }
  return out;
}

/** Redis's MONITOR quoting (sdscatrepr): printable bytes as is, others escaped. */
function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 92:
        out += "\\\\";
        break;
      case 34:
        out += '\\"';
        break;
      case 10:
        out += "\\n";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      case 7:
        out += "\\a";
        break;
      case 8:
        out += "\\b";
        break;
      default:
        out += ch >= 32 && ch < 127 ? s[i] : "\\x" + ch.toString(16).padStart(2, "0");
    }
  }
  return out + '"';
}

export function installIntrospection(server: Server): void {
  const o = new Observers();
  registries.set(server, o);
  server.closeHooks.push((c) => o.monitors.delete(c));
  // Thresholds are read on every command: keep them as numbers, refreshed on CONFIG SET.
  let threshold = 0;
  let latencyMs = 0;
  const readConfig = () => {
    threshold = server.config.getInt("slowlog-log-slower-than");
    latencyMs = server.config.getInt("latency-monitor-threshold");
  };
  readConfig();
  server.config.listeners.push(readConfig);
  server.callHooks.push((c: Client, cmd: Command, argv: string[], usec: number) => {
    if (threshold >= 0 && usec >= threshold && !cmd.flags.has("skip_slowlog")) {
      o.slowlog.unshift({
        id: o.slowId++,
        time: Math.floor(Date.now() / 1000),
        usec: Math.round(usec),
        argv: slowArgv(argv),
        addr: c.addr,
        name: c.name,
      });
      const max = server.config.getInt("slowlog-max-len");
      if (o.slowlog.length > max) o.slowlog.length = max;
    }
    if (latencyMs > 0 && usec / 1000 >= latencyMs) {
      const event = cmd.flags.has("fast") ? "fast-command" : "command";
      let e = o.latency.get(event);
      if (!e) o.latency.set(event, (e = { samples: [], max: 0 }));
      const ms = Math.round(usec / 1000);
      e.samples.push({ time: Math.floor(Date.now() / 1000), ms });
      if (e.samples.length > 160) e.samples.shift();
      e.max = Math.max(e.max, ms);
    }
    if (o.monitors.size > 0 && !cmd.flags.has("skip_monitor") && !cmd.flags.has("admin")) {
      const now = Date.now() / 1000;
      const line = `${now.toFixed(6)} [${c.db.id} ${c.addr}] ${argv.map(repr).join(" ")}`;
      for (const m of o.monitors) if (m !== c) server.deliver(m, (w) => w.simple(line));
    }
  });
}

// --- SLOWLOG ---------------------------------------------------------------

function slowlogGet(c: Client, argv: string[]): void {
  const o = of(c.server);
  let count = 10;
  if (argv.length === 3) {
    const n = intArg(c, argv[2]!, "ERR count should be greater than or equal to -1");
    if (n === null) return;
    if (n < -1) return err(c, "ERR count should be greater than or equal to -1");
    count = n === -1 ? o.slowlog.length : n;
  }
  const entries = o.slowlog.slice(0, count);
  const w = c.w;
  w.arrayHeader(entries.length);
  for (const e of entries) {
    w.arrayHeader(6);
    w.int(e.id);
    w.int(e.time);
    w.int(e.usec);
    w.bulkArray(e.argv);
    w.bulk(e.addr);
    w.bulk(e.name);
  }
}

const SLOWLOG_HELP = [
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
];

const LATENCY_HELP = [
  "DOCTOR",
  "    Return a human readable latency analysis report.",
  "GRAPH <event>",
  "    Return an ASCII latency graph for the <event> class.",
  "HISTORY <event>",
  "    Return time-latency samples for the <event> class.",
  "LATEST",
  "    Return the latest latency samples for all events.",
  "RESET [<event> ...]",
  "    Reset latency data of one or more <event> classes.",
  "    (default: reset all data for all event classes)",
  "HISTOGRAM [COMMAND ...]",
  "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
  "    If no commands are specified then all histograms are replied.",
];


// --- LATENCY -----------------------------------------------------------------

const LATENCY_DISABLED =
  "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";

function latencyDoctor(c: Client): void {
  const o = of(c.server);
  if (c.server.config.getInt("latency-monitor-threshold") === 0 && o.latency.size === 0) {
    c.w.verbatim(LATENCY_DISABLED);
    return;
  }
  if (o.latency.size === 0) {
    c.w.verbatim("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep tonight.\n");
    return;
  }
  let report = "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
  let i = 1;
  for (const [event, e] of o.latency) {
    const avg = Math.round(e.samples.reduce((a, s) => a + s.ms, 0) / e.samples.length);
    report += `${i++}. ${event}: ${e.samples.length} latency spikes (average ${avg}ms, mean deviation 0ms, period 0 sec). Worst all time event ${e.max}ms.\n`;
  }
  report += "\nI have a few advices for you:\n\n- Check your commands: use SLOWLOG GET to find the slow ones.\n";
  c.w.verbatim(report);
}

function latencyLatest(c: Client): void {
  const o = of(c.server);
  c.w.arrayHeader(o.latency.size);
  for (const [event, e] of o.latency) {
    const last = e.samples[e.samples.length - 1]!;
    c.w.arrayHeader(4);
    c.w.bulk(event);
    c.w.int(last.time);
    c.w.int(last.ms);
    c.w.int(e.max);
  }
}

function latencyHistory(c: Client, argv: string[]): void {
  const e = of(c.server).latency.get(argv[2]!);
  const samples = e?.samples ?? [];
  c.w.arrayHeader(samples.length);
  for (const s of samples) {
    c.w.arrayHeader(2);
    c.w.int(s.time);
    c.w.int(s.ms);
  }
}

function latencyReset(c: Client, argv: string[]): void {
  const o = of(c.server);
  let n = 0;
  if (argv.length === 2) {
    n = o.latency.size;
    o.latency.clear();
  } else {
    for (let i = 2; i < argv.length; i++) if (o.latency.delete(argv[i]!)) n++;
  }
  c.w.int(n);
}

function latencyHistogram(c: Client): void {
  // Per-command latency histograms are not tracked; an empty map is Redis's answer for no data.
  c.w.mapHeader(0);
}

// --- MONITOR -----------------------------------------------------------------

function monitor(c: Client): void {
  const o = of(c.server);
  if (o.monitors.has(c)) return;
  o.monitors.add(c);
  c.flagsSet.add("monitor");
  c.w.ok();
}

export const introspectionCommands: CommandDef[] = [
  {
    name: "slowlog",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "get", arity: -2, flags: ["admin", "loading", "stale"], handler: slowlogGet },
      { name: "len", arity: 2, flags: ["admin", "loading", "stale"], handler: (c) => c.w.int(of(c.server).slowlog.length) },
      {
        name: "reset",
        arity: 2,
        flags: ["admin", "loading", "stale"],
        handler: (c) => {
          of(c.server).slowlog = [];
          c.w.ok();
        },
      },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "SLOWLOG", SLOWLOG_HELP) },
    ],
  },
  {
    name: "latency",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "doctor", arity: 2, flags: ["admin", "noscript", "loading", "stale"], handler: latencyDoctor },
      { name: "latest", arity: 2, flags: ["admin", "noscript", "loading", "stale"], handler: latencyLatest },
      { name: "history", arity: 3, flags: ["admin", "noscript", "loading", "stale"], handler: latencyHistory },
      { name: "reset", arity: -2, flags: ["admin", "noscript", "loading", "stale"], handler: latencyReset },
      { name: "histogram", arity: -2, flags: ["admin", "noscript", "loading", "stale"], handler: latencyHistogram },
      {
        name: "graph",
        arity: 3,
        flags: ["admin", "noscript", "loading", "stale"],
        handler: (c, argv) => {
          if (!of(c.server).latency.has(argv[2]!)) return err(c, `ERR No samples available for event '${argv[2]}'`);
          c.w.verbatim(`${argv[2]} - high ${of(c.server).latency.get(argv[2]!)!.max} ms\n`);
        },
      },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "LATENCY", LATENCY_HELP) },
    ],
  },
  { name: "monitor", arity: 1, flags: ["admin", "noscript", "loading", "stale"], handler: monitor },
];
