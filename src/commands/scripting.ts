// EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (Redis 7.0's eval.c). The
// Lua side (state, redis library, conversions) is src/scripting/engine.ts.

import type { Client } from "../client.ts";
import { ScriptEngine } from "../scripting/engine.ts";
import type { Server } from "../server.ts";
import { err, intArg, is } from "./args.ts";
import { type CommandDef, keysAfterNumkeys } from "./table.ts";
import { replyHelp } from "./server.ts";

const engines = new WeakMap<Server, ScriptEngine>();

/** The server's script engine, made on first use (most servers never run a script). */
export function scriptEngine(server: Server): ScriptEngine {
  let e = engines.get(server);
  if (e === undefined) {
    e = new ScriptEngine(server);
    engines.set(server, e);
  }
  return e;
}

/** The engine if one was made (INFO reports an unused one as empty). */
export function existingScriptEngine(server: Server): ScriptEngine | undefined {
  return engines.get(server);
}

/** EVAL's key positions: numkeys at 2, then that many keys. */
const evalKeys = keysAfterNumkeys(2);

function evalGeneric(c: Client, argv: string[], bySha: boolean, readOnly: boolean): void {
  const numkeys = intArg(c, argv[2]!);
  if (numkeys === null) return;
  if (numkeys > argv.length - 3) return err(c, "ERR Number of keys can't be greater than number of args");
  if (numkeys < 0) return err(c, "ERR Number of keys can't be negative");
  const engine = scriptEngine(c.server);
  let sha: string;
  if (bySha) {
    sha = argv[1]!.toLowerCase();
    if (!engine.scripts.has(sha)) return err(c, "NOSCRIPT No matching script. Please use EVAL.");
  } else {
    const r = engine.load(argv[1]!);
    if ("error" in r) return err(c, r.error);
    sha = r.sha;
  }
  engine.call(c, sha, argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys), readOnly);
}

const SCRIPT_HELP = [
  "DEBUG (YES|SYNC|NO)",
  "    Set the debug mode for subsequent scripts executed.",
  "EXISTS <sha1> [<sha1> ...]",
  "    Return information about the existence of the scripts in the script cache.",
  "FLUSH [ASYNC|SYNC]",
  "    Flush the Lua scripts cache. Very dangerous on replicas.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the scripts cache.",
  "    * SYNC: Synchronously flush the scripts cache.",
  "KILL",
  "    Kill the currently executing Lua script.",
  "LOAD <script>",
  "    Load a script into the scripts cache without executing it.",
];

function scriptLoad(c: Client, argv: string[]): void {
  const r = scriptEngine(c.server).load(argv[2]!);
  if ("error" in r) return err(c, r.error);
  c.w.bulk(r.sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const scripts = existingScriptEngine(c.server)?.scripts;
  c.w.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.int(scripts?.has(argv[i]!.toLowerCase()) ? 1 : 0);
}

function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length === 3 && !is(argv[2]!, "SYNC") && !is(argv[2]!, "ASYNC")) {
    return err(c, "ERR SCRIPT FLUSH only support SYNC|ASYNC option");
  }
  existingScriptEngine(c.server)?.flush();
  c.w.ok();
}

function scriptDebug(c: Client, argv: string[]): void {
  // The debugger (LDB) needs a forked or stepped session: only NO (the default) is accepted.
  if (is(argv[2]!, "NO")) return c.w.ok();
  if (is(argv[2]!, "YES") || is(argv[2]!, "SYNC")) return err(c, "ERR the Lua debugger is not supported by this server");
  err(c, "ERR Use SCRIPT DEBUG YES/SYNC/NO");
}


const EVAL_FLAGS = ["noscript", "stale", "skip_monitor", "may_replicate", "no_mandatory_keys", "movablekeys"] as const;
const EVAL_RO_FLAGS = ["readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"] as const;

export const scriptingCommands: CommandDef[] = [
  { name: "eval", arity: -3, flags: EVAL_FLAGS, getKeys: evalKeys, handler: (c, a) => evalGeneric(c, a, false, false) },
  { name: "evalsha", arity: -3, flags: EVAL_FLAGS, getKeys: evalKeys, handler: (c, a) => evalGeneric(c, a, true, false) },
  { name: "eval_ro", arity: -3, flags: EVAL_RO_FLAGS, getKeys: evalKeys, handler: (c, a) => evalGeneric(c, a, false, true) },
  { name: "evalsha_ro", arity: -3, flags: EVAL_RO_FLAGS, getKeys: evalKeys, handler: (c, a) => evalGeneric(c, a, true, true) },
  {
    name: "script",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "load", arity: 3, flags: ["noscript", "stale"], handler: scriptLoad },
      { name: "exists", arity: -3, flags: ["noscript"], handler: scriptExists },
      { name: "flush", arity: -2, flags: ["noscript"], handler: scriptFlush },
      { name: "kill", arity: 2, flags: ["noscript", "allow_busy"], handler: (c) => err(c, "NOTBUSY No scripts in execution right now.") },
      { name: "debug", arity: 3, flags: ["noscript"], handler: scriptDebug },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "SCRIPT", SCRIPT_HELP) },
    ],
  },
];
