// The command table: every command is declared once, as data, and dispatch,
// arity checks, COMMAND INFO/DOCS/GETKEYS and key extraction all read it.

import type { Client } from "../client.ts";

export type Handler = (c: Client, argv: string[]) => void;

/** Redis command flags (lowercase, as COMMAND INFO prints them). */
export type CommandFlag =
  | "write"
  | "readonly"
  | "denyoom"
  | "module"
  | "admin"
  | "pubsub"
  | "noscript"
  | "blocking"
  | "loading"
  | "stale"
  | "skip_monitor"
  | "skip_slowlog"
  | "asking"
  | "fast"
  | "no_auth"
  | "may_replicate"
  | "no_mandatory_keys"
  | "no_async_loading"
  | "no_multi"
  | "movablekeys"
  | "allow_busy";

export interface CommandDef {
  /** Lowercase name; a subcommand's is just its own part ("list" under "client"). */
  name: string;
  /** Redis convention: n = exactly n arguments including the name, -n = at least n. */
  arity: number;
  flags: readonly CommandFlag[];
  /** Key positions (first, last, step) as in Redis's legacy key spec; 0 0 0 = no keys. */
  keys?: readonly [number, number, number];
  /** For commands whose keys can't be described by positions (movablekeys). */
  getKeys?: (argv: readonly string[]) => number[];
  handler?: Handler;
  subcommands?: readonly CommandDef[];
}

/**
 * Key positions of a command whose keys follow a numkeys argument at `at`
 * (ZUNION, LMPOP, EVAL...), after the destination at 1 when `dst`. A bad or
 * zero numkeys gives no keys; a numkeys past the end stops at the end.
 */
export function keysAfterNumkeys(at: number, dst = false): (argv: readonly string[]) => number[] {
  return (argv) => {
    const out: number[] = dst ? [1] : [];
    const s = argv[at] ?? "";
    const n = /^[1-9]\d{0,15}$/.test(s) ? Number(s) : 0;
    for (let i = at + 1; i <= at + n && i < argv.length; i++) out.push(i);
    return out;
  };
}

/** A resolved table entry. */
export class Command {
  readonly name: string;
  /** "client|list" for subcommands, as Redis names them in errors and COMMAND. */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  readonly flagList: readonly CommandFlag[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  readonly handler: Handler | undefined;
  readonly getKeysFn: ((argv: readonly string[]) => number[]) | undefined;
  readonly parent: Command | null;
  readonly subcommands: Map<string, Command> | null;
  readonly isWrite: boolean;
  readonly noAuth: boolean;
  // Per-command statistics (INFO commandstats).
  calls = 0;
  usec = 0;
  rejectedCalls = 0;
  failedCalls = 0;

  constructor(def: CommandDef, parent: Command | null) {
    this.name = def.name;
    this.fullName = parent ? `${parent.name}|${def.name}` : def.name;
    this.arity = def.arity;
    this.flagList = def.flags;
    this.flags = new Set(def.flags);
    const k = def.keys ?? [0, 0, 0];
    this.firstKey = k[0];
    this.lastKey = k[1];
    this.step = k[2];
    this.handler = def.handler;
    this.getKeysFn = def.getKeys;
    this.parent = parent;
    this.isWrite = this.flags.has("write");
    this.noAuth = this.flags.has("no_auth");
    if (def.subcommands) {
      this.subcommands = new Map();
      for (const s of def.subcommands) this.subcommands.set(s.name, new Command(s, this));
    } else {
      this.subcommands = null;
    }
  }

  /** Positions of the key arguments in argv. */
  keyPositions(argv: readonly string[]): number[] {
    if (this.getKeysFn) return this.getKeysFn(argv);
    if (this.firstKey === 0) return [];
    const last = this.lastKey < 0 ? argv.length + this.lastKey : this.lastKey;
    const out: number[] = [];
    for (let i = this.firstKey; i <= last && i < argv.length; i += this.step) out.push(i);
    return out;
  }

  arityOk(argc: number): boolean {
    return this.arity >= 0 ? argc === this.arity : argc >= -this.arity;
  }
}

export class CommandTable {
  /** Keyed by lowercase and uppercase names, so common requests skip toLowerCase. */
  private readonly byName = new Map<string, Command>();
  readonly all: Command[] = [];

  register(defs: readonly CommandDef[]): void {
    for (const d of defs) {
      const cmd = new Command(d, null);
      if (this.byName.has(cmd.name)) throw new Error(`command ${cmd.name} declared twice`);
      this.byName.set(cmd.name, cmd);
      this.byName.set(cmd.name.toUpperCase(), cmd);
      this.all.push(cmd);
    }
  }

  /** The top-level command named by argv[0] (any letter case). */
  get(name: string): Command | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  /** Resolves a command and, for container commands, its subcommand. */
  lookup(argv: readonly string[]): Command | undefined {
    const cmd = this.get(argv[0]!);
    if (cmd === undefined || cmd.subcommands === null || argv.length < 2) return cmd;
    return cmd.subcommands.get(argv[1]!.toLowerCase());
  }

  get size(): number {
    return this.all.length;
  }
}
