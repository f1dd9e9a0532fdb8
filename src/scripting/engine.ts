// EVAL's engine (Redis 7.0's script_lua.c + eval.c): one Lua state per
// server, the script cache, the `redis` library, and the conversions between
// Lua values and RESP replies.
//
// A script's commands run through the same dispatcher path as a client's
// (Server.call), on a script client whose replies go to a private writer and
// are read back into Lua values, as Redis does with its fake client. Writes
// therefore reach WATCH, keyspace events and the AOF like any other; the AOF
// and replicas get the script's effects (each write, wrapped in MULTI/EXEC),
// not the EVAL, as Redis 7 does. A script runs to its end within one command,
// so it is atomic; there is no busy state for SCRIPT KILL to end.

import { createHash } from "node:crypto";
import { Client } from "../client.ts";
import { commandMeta } from "../commands/meta.ts";
import { ReplyWriter } from "../protocol/reply.ts";
import type { Server } from "../server.ts";
import { formatDouble } from "../util/numbers.ts";
import { REDIS_VERSION } from "../version.ts";
import { installLibraries } from "./libs.ts";
import { jsStr, lauxlib, lua, luaStr, type LuaState, newState, pushString } from "./lua.ts";

export function sha1hex(s: string): string {
  return createHash("sha1").update(Buffer.from(s, "latin1")).digest("hex");
}

/** Errors in Lua are raised as tables {err=...}; this is the message a string error becomes. */
function errorTable(L: LuaState, msg: string): void {
  lua.lua_newtable(L);
  pushString(L, msg);
  lua.lua_setfield(L, -2, luaStr("err"));
}

/** Raises an error as Redis's library functions do (luaPushError + luaError): a table, no position prefix. */
function raise(L: LuaState, msg: string): number {
  errorTable(L, errorText(msg));
  return lua.lua_error(L);
}

/**
 * Redis's luaPushErrorBuff: "-CODE message" keeps its code, anything else
 * gets "ERR"; the result is "CODE message".
 */
export function errorText(reply: string): string {
  if (reply.charCodeAt(0) !== 45) return "ERR " + reply;
  const sp = reply.indexOf(" ");
  if (sp === -1) return "ERR " + reply.slice(1);
  return reply.slice(1, sp) + " " + reply.slice(sp + 1);
}

// The handler Redis installs for every script call: string errors become
// {err='ERR ...'}, and the error gets the script line it came from.
const ERROR_HANDLER = `
local dbg = debug
__redis__err__handler = function(err)
  local i = dbg.getinfo(2,'nSl')
  if i and (i.what == 'C' or i.what == 'J') then
    i = dbg.getinfo(3,'nSl')
  end
  if type(err) ~= 'table' then
    err = {err='ERR ' .. tostring(err)}
  end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
`;

/**
 * Globals are read-only once the libraries are set up: reading an unknown
 * one or assigning any is an error, as in Redis 7.0 (scripts must use
 * local). The metamethods are host functions, so the error's position is the
 * script line that touched the global.
 */
function protectGlobals(L: LuaState): void {
  lua.lua_pushglobaltable(L);
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, (L: LuaState) => lauxlib.luaL_error(L, luaStr("Attempt to modify a readonly table")));
  lua.lua_setfield(L, -2, luaStr("__newindex"));
  lua.lua_pushcfunction(L, (L: LuaState) => {
    const name = lua.lua_tolstring(L, 2);
    return lauxlib.luaL_error(L, luaStr(`Script attempted to access nonexistent global variable '${name === null ? "?" : jsStr(name)}'`));
  });
  lua.lua_setfield(L, -2, luaStr("__index"));
  lua.lua_setmetatable(L, -2);
  lua.lua_pop(L, 1);
}

interface RunState {
  caller: Client;
  readOnly: boolean;
  sha: string;
  /** performance.now() when the script started. */
  start: number;
  /** The script has changed the dataset (it can then no longer be killed). */
  wrote: boolean;
}

/** Lua instructions between two looks at the clock of a running script. */
const HOOK_EVERY = 100_000;

export class ScriptEngine {
  /** The Lua state; replaced by a fresh one if a script ever breaks it (see call()). */
  L: LuaState;
  /** sha1 hex → body, for SCRIPT EXISTS and EVALSHA; compiled functions live in the Lua registry. */
  readonly scripts = new Map<string, string>();
  /** Bytes of all cached bodies (INFO used_memory_scripts). */
  bodyBytes = 0;
  /** The client scripts' commands run as (Redis's fake Lua client). */
  private readonly client: Client;
  private readonly writer = new ReplyWriter(4096);
  /** Set while a script runs. */
  private run: RunState | null = null;
  private readonly noScript: Set<string>;

  constructor(private readonly server: Server) {
    this.client = new Client(0, server, null, "lua", ""); // MONITOR shows its commands as [db lua]
    this.client.setAuthenticated(true);
    this.client.inExec = true; // blocking commands answer at once, as inside MULTI
    this.client.isScript = true;
    this.client.name = "lua";
    this.noScript = new Set(server.commands.all.filter((c) => hasMetaFlag(c.fullName, "noscript")).map((c) => c.fullName));
    this.L = this.newLuaState();
  }

  /** A Lua state with Redis's libraries, error handler, protected globals and time check. */
  private newLuaState(): LuaState {
    const L = newState();
    this.installRedisLib(L);
    installLibraries(L);
    if (lauxlib.luaL_dostring(L, luaStr(ERROR_HANDLER)) !== 0) throw new Error(jsStr(lua.lua_tolstring(L, -1)));
    protectGlobals(L);
    lua.lua_sethook(L, (L: LuaState) => this.checkTime(L), lua.LUA_MASKCOUNT, HOOK_EVERY);
    return L;
  }

  /**
   * Starts over with a new Lua state and the cached scripts recompiled into
   * it. Called when a script failed with something other than a Lua error
   * (a host exception, such as the JS stack running out), after which the
   * old state's internals can no longer be trusted.
   */
  private resetState(): void {
    const bodies = [...this.scripts.values()];
    this.scripts.clear();
    this.bodyBytes = 0;
    this.L = this.newLuaState();
    for (const body of bodies) this.load(body);
  }

  get running(): boolean {
    return this.run !== null;
  }

  /**
   * Compiles a body into the registry as f_<sha> (once). Returns the sha, or
   * the error text ("Error compiling script ...") when it does not compile.
   */
  load(body: string): { sha: string } | { error: string } {
    const sha = sha1hex(body);
    if (this.scripts.has(sha)) return { sha };
    const L = this.L;
    if (lauxlib.luaL_loadbuffer(L, Buffer.from(body, "latin1"), null, luaStr("@user_script")) !== 0) {
      // Lua 5.1 quotes <eof> in its syntax errors ("'<eof>' expected", "near '<eof>'"); 5.3 does not.
      const msg = jsStr(lua.lua_tolstring(L, -1) ?? new Uint8Array()).replace(/(^|[^'])<eof>(?!')/g, "$1'<eof>'");
      lua.lua_pop(L, 1);
      return { error: `ERR Error compiling script (new function): ${msg}` };
    }
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, luaStr("f_" + sha));
    this.scripts.set(sha, body);
    this.bodyBytes += body.length;
    return { sha };
  }

  flush(): void {
    const L = this.L;
    for (const sha of this.scripts.keys()) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, luaStr("f_" + sha));
    }
    this.scripts.clear();
    this.bodyBytes = 0;
  }

  /** Runs a cached script for c and writes its result (or error) as c's reply. */
  call(c: Client, sha: string, keys: string[], args: string[], readOnly: boolean): void {
    const L = this.L;
    const server = this.server;
    lua.lua_getglobal(L, luaStr("__redis__err__handler"));
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, luaStr("f_" + sha));
    this.setArray("KEYS", keys);
    this.setArray("ARGV", args);
    const sc = this.client;
    sc.db = c.db;
    sc.proto = 2;
    sc.user = c.user;
    this.run = { caller: c, readOnly, sha, start: performance.now(), wrote: false };
    server.prop.beginTransaction();
    let rc: number;
    try {
      rc = lua.lua_pcall(L, 0, 1, -2);
    } finally {
      this.run = null;
      server.prop.endTransaction(sc.db.id);
    }
    // The script's writes replicated themselves; the EVAL is not replayed.
    c.propagateAs = [];
    if (rc !== 0) {
      const t = lua.lua_type(L, -1);
      this.replyScriptError(c, sha);
      if (t !== lua.LUA_TTABLE && t !== lua.LUA_TSTRING) {
        this.server.log.warning(`Lua script ${sha} failed outside Lua's own error handling: starting a new Lua state`);
        this.resetState();
        return;
      }
    } else {
      this.luaToReply(c, -1, sc.proto);
    }
    lua.lua_settop(L, 0);
    // A script's garbage is collected between scripts, as Redis's lua_gc step.
    lua.lua_gc(L, lua.LUA_GCSTEP, 1);
  }

  private setArray(name: string, items: string[]): void {
    const L = this.L;
    lua.lua_createtable(L, items.length, 0);
    for (let i = 0; i < items.length; i++) {
      pushString(L, items[i]!);
      lua.lua_rawseti(L, -2, i + 1);
    }
    // Set raw: the global table is read-only to scripts (its __newindex raises).
    lua.lua_pushglobaltable(L);
    lua.lua_insert(L, -2);
    lua.lua_pushstring(L, luaStr(name));
    lua.lua_insert(L, -2);
    lua.lua_rawset(L, -3);
    lua.lua_pop(L, 1);
  }

  /** The error a failed script answers: "<err> script: <sha>, on <source>:<line>." */
  private replyScriptError(c: Client, sha: string): void {
    const L = this.L;
    if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
      const s = lua.lua_tolstring(L, -1);
      this.server.replyError(c, `ERR Error running script f_${sha}, ${s === null ? "execution failure" : jsStr(s).slice(0, 100)}`);
      return;
    }
    const field = (name: string): string | null => {
      lua.lua_getfield(L, -1, luaStr(name));
      const v = lua.lua_type(L, -1) === lua.LUA_TNIL ? null : lua.lua_tolstring(L, -1);
      lua.lua_pop(L, 1);
      return v === null ? null : jsStr(v);
    };
    let msg = (field("err") ?? "").replace(/[\r\n]/g, " ");
    const source = field("source");
    const line = field("line");
    if (source !== null && line !== null) msg += ` script: ${sha}, on ${source}:${line}.`;
    this.server.replyError(c, msg);
  }

  // --- Lua → RESP (luaReplyToRedisReply) ------------------------------------

  private luaToReply(c: Client, idx: number, scriptResp: number): void {
    const L = this.L;
    const w = c.w;
    const t = lua.lua_type(L, idx);
    switch (t) {
      case lua.LUA_TSTRING:
        w.bulk(jsStr(lua.lua_tolstring(L, idx)));
        return;
      case lua.LUA_TBOOLEAN:
        if (scriptResp === 2) {
          if (lua.lua_toboolean(L, idx)) w.int(1);
          else w.nullBulk();
        } else w.bool(lua.lua_toboolean(L, idx));
        return;
      case lua.LUA_TNUMBER:
        w.int(luaNumberToInteger(lua.lua_tonumber(L, idx)));
        return;
      case lua.LUA_TTABLE:
        this.tableToReply(c, lua.lua_absindex(L, idx), scriptResp);
        return;
      default:
        w.nullBulk();
    }
  }

  private tableToReply(c: Client, idx: number, scriptResp: number): void {
    const L = this.L;
    const w = c.w;
    // {err=...}: an error reply, as given.
    if (lua.lua_getfield(L, idx, luaStr("err")) === lua.LUA_TSTRING) {
      const msg = jsStr(lua.lua_tolstring(L, -1)).replace(/[\r\n]/g, " ");
      lua.lua_pop(L, 1);
      this.server.replyError(c, msg);
      return;
    }
    lua.lua_pop(L, 1);
    if (lua.lua_getfield(L, idx, luaStr("ok")) === lua.LUA_TSTRING) {
      w.simple(jsStr(lua.lua_tolstring(L, -1)).replace(/[\r\n]/g, " "));
      lua.lua_pop(L, 1);
      return;
    }
    lua.lua_pop(L, 1);
    if (lua.lua_getfield(L, idx, luaStr("double")) === lua.LUA_TNUMBER) {
      w.double(formatDouble(lua.lua_tonumber(L, -1)));
      lua.lua_pop(L, 1);
      return;
    }
    lua.lua_pop(L, 1);
    // {map=t}: a map of t's pairs; {set=t}: a set of t's keys.
    for (const withValues of [true, false]) {
      if (lua.lua_getfield(L, idx, luaStr(withValues ? "map" : "set")) === lua.LUA_TTABLE) {
        this.pairsToReply(c, lua.lua_absindex(L, -1), scriptResp, withValues);
        lua.lua_pop(L, 1);
        return;
      }
      lua.lua_pop(L, 1);
    }
    // An array: t[1], t[2]... up to the first nil.
    let n = 0;
    while (lua.lua_rawgeti(L, idx, n + 1) !== lua.LUA_TNIL) {
      n++;
      lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
    w.arrayHeader(n);
    for (let i = 1; i <= n; i++) {
      lua.lua_rawgeti(L, idx, i);
      this.luaToReply(c, -1, scriptResp);
      lua.lua_pop(L, 1);
    }
  }

  private pairsToReply(c: Client, t: number, scriptResp: number, withValues: boolean): void {
    const L = this.L;
    let n = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, t) !== 0) {
      n++;
      lua.lua_pop(L, 1);
    }
    if (withValues) c.w.mapHeader(n);
    else c.w.setHeader(n);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, t) !== 0) {
      this.luaToReply(c, -2, scriptResp);
      if (withValues) this.luaToReply(c, -1, scriptResp);
      lua.lua_pop(L, 1);
    }
  }

  // --- the redis library ----------------------------------------------------

  private installRedisLib(L: LuaState): void {
    lua.lua_newtable(L);
    const fn = (name: string, f: (L: LuaState) => number) => {
      lua.lua_pushcfunction(L, f);
      lua.lua_setfield(L, -2, luaStr(name));
    };
    const num = (name: string, v: number) => {
      lua.lua_pushnumber(L, v);
      lua.lua_setfield(L, -2, luaStr(name));
    };
    fn("call", (L) => this.redisCall(L, true));
    fn("pcall", (L) => this.redisCall(L, false));
    fn("error_reply", (L) => {
      const s = lua.lua_type(L, 1) === lua.LUA_TSTRING ? jsStr(lua.lua_tolstring(L, 1)) : null;
      // Bad arguments: an error *returned* (not raised), as Redis's luaRedisErrorReplyCommand.
      errorTable(L, s === null ? "ERR wrong number or type of arguments" : errorText(s.charCodeAt(0) === 45 ? s : "-" + s));
      return 1;
    });
    fn("status_reply", (L) => {
      if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, 1) !== lua.LUA_TSTRING) {
        errorTable(L, "ERR wrong number or type of arguments");
        return 1;
      }
      lua.lua_newtable(L);
      lua.lua_pushvalue(L, 1);
      lua.lua_setfield(L, -2, luaStr("ok"));
      return 1;
    });
    fn("sha1hex", (L) => {
      if (lua.lua_gettop(L) !== 1) return raise(L, "wrong number of arguments");
      const s = lua.lua_tolstring(L, 1);
      pushString(L, sha1hex(s === null ? "" : jsStr(s)));
      return 1;
    });
    fn("log", (L) => {
      const argc = lua.lua_gettop(L);
      if (argc < 2) return raise(L, "redis.log() requires two arguments or more.");
      if (!lua.lua_isnumber(L, 1)) return raise(L, "First argument must be a number (log level).");
      const level = lua.lua_tonumber(L, 1);
      if (level < 0 || level > 3) return raise(L, "Invalid debug level.");
      const parts: string[] = [];
      for (let i = 2; i <= argc; i++) {
        const s = lua.lua_tolstring(L, i);
        if (s !== null) parts.push(jsStr(s));
      }
      const text = parts.join(" ");
      const log = this.server.log;
      if (level === 0) log.debug(text);
      else if (level === 1) log.verbose(text);
      else if (level === 2) log.notice(text);
      else log.warning(text);
      return 0;
    });
    fn("setresp", (L) => {
      if (lua.lua_gettop(L) !== 1) return raise(L, "redis.setresp() requires one argument.");
      const v = lua.lua_tonumber(L, 1);
      if (v !== 2 && v !== 3) return raise(L, "RESP version must be 2 or 3.");
      this.client.proto = v;
      return 0;
    });
    fn("set_repl", (L) => {
      if (lua.lua_gettop(L) !== 1) return raise(L, "redis.set_repl() requires one argument.");
      const v = lua.lua_tonumber(L, 1);
      if (!(v >= 0 && v <= 3)) return raise(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
      return 0;
    });
    fn("replicate_commands", (L) => {
      lua.lua_pushboolean(L, true);
      return 1;
    });
    fn("breakpoint", (L) => {
      lua.lua_pushboolean(L, false);
      return 1;
    });
    fn("debug", () => 0);
    fn("acl_check_cmd", (L) => {
      if (lua.lua_gettop(L) < 1) return raise(L, "ACL check requires at least one argument");
      const name = lua.lua_tolstring(L, 1);
      if (name === null || this.server.commands.get(jsStr(name).toLowerCase()) === undefined) {
        return raise(L, "Invalid command passed to redis.acl_check_cmd()");
      }
      lua.lua_pushboolean(L, true); // ACL rules beyond passwords are not enforced
      return 1;
    });
    for (const [name, v] of [["LOG_DEBUG", 0], ["LOG_VERBOSE", 1], ["LOG_NOTICE", 2], ["LOG_WARNING", 3],
      ["REPL_NONE", 0], ["REPL_AOF", 1], ["REPL_SLAVE", 2], ["REPL_REPLICA", 2], ["REPL_ALL", 3]] as const) num(name, v);
    const version = REDIS_VERSION;
    pushString(L, version);
    lua.lua_setfield(L, -2, luaStr("REDIS_VERSION"));
    const [maj, min, patch] = version.split(".").map(Number);
    num("REDIS_VERSION_NUM", ((maj ?? 0) << 16) | ((min ?? 0) << 8) | (patch ?? 0));
    lua.lua_setglobal(L, luaStr("redis"));
  }

  /**
   * A script past busy-reply-threshold (lua-time-limit) that has not written
   * is stopped with the error SCRIPT KILL would give it. In Redis other
   * clients get BUSY meanwhile and one of them may send SCRIPT KILL; here the
   * script holds the only thread, so nothing else could ever end it. A script
   * that has written runs on: stopping it would break its atomicity (Redis
   * then only allows SHUTDOWN NOSAVE).
   */
  private checkTime(L: LuaState): void {
    const run = this.run;
    if (run === null || run.wrote) return;
    const limit = this.server.config.getInt("busy-reply-threshold");
    if (limit <= 0 || performance.now() - run.start < limit) return;
    this.server.log.warning(`Lua script ${run.sha} ran for more than ${limit} ms without writing: killed`);
    raise(L, "Script killed by user with SCRIPT KILL...");
  }

  /** redis.call / redis.pcall (luaRedisGenericCommand). */
  private redisCall(L: LuaState, raise: boolean): number {
    const run = this.run;
    const argc = lua.lua_gettop(L);
    const fail = (msg: string): number => {
      errorTable(L, errorText(msg));
      return raise ? lua.lua_error(L) : 1;
    };
    if (run === null) return fail("-ERR redis.call/pcall can only be called inside a script invocation");
    if (argc === 0) return fail("Please specify at least one argument for this redis lib call");
    const argv: string[] = new Array(argc);
    for (let i = 1; i <= argc; i++) {
      const t = lua.lua_type(L, i);
      // Numbers go as "%.17g" (not Lua's lossy "%.14g"), as Redis 7 converts them.
      if (t === lua.LUA_TNUMBER) argv[i - 1] = formatDouble(lua.lua_tonumber(L, i));
      else if (t === lua.LUA_TSTRING) argv[i - 1] = jsStr(lua.lua_tolstring(L, i));
      else return fail("Lua redis lib command arguments must be strings or integers");
    }
    const server = this.server;
    const cmd = server.commands.lookup(argv);
    if (cmd === undefined) return fail("Unknown Redis command called from script");
    if (!cmd.arityOk(argv.length)) return fail("Wrong number of args calling Redis command from script");
    if (this.noScript.has(cmd.fullName) || (cmd.parent !== null && this.noScript.has(cmd.parent.fullName))) {
      return fail("This Redis command is not allowed from script");
    }
    if (run.readOnly && cmd.isWrite) return fail("-ERR Write commands are not allowed from read-only scripts.");
    const sc = this.client;
    const w = this.writer;
    const saved = sc.w;
    w.reset(sc.proto);
    sc.w = w;
    const dirty = server.prop.dirty;
    try {
      server.call(sc, cmd, argv);
    } finally {
      if (server.prop.dirty !== dirty) run.wrote = true;
      sc.w = saved;
    }
    const bytes = w.buf.subarray(0, w.pos);
    if (bytes[0] === 45 /* '-' */) {
      const end = bytes.indexOf(13);
      return fail(jsStr(bytes.subarray(0, end)));
    }
    new RespToLua(L, bytes).push();
    return 1;
  }
}

/** Redis's (long long)lua_tonumber(): truncation; NaN and out-of-range values become LLONG_MIN on x86. */
export function luaNumberToInteger(d: number): number | bigint {
  if (d !== d || d >= 9223372036854775808 || d < -9223372036854775808) return -9223372036854775808n;
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

function hasMetaFlag(name: string, flag: string): boolean {
  const flags = commandMeta(name)?.flags as string[] | undefined;
  return flags !== undefined && flags.includes(flag);
}

/** A command's reply (RESP2 or RESP3 bytes) pushed onto the Lua stack as Redis converts it. */
class RespToLua {
  private pos = 0;
  constructor(
    private readonly L: LuaState,
    private readonly b: Uint8Array,
  ) {}

  private line(): string {
    const end = this.b.indexOf(13, this.pos);
    const s = jsStr(this.b.subarray(this.pos + 1, end));
    this.pos = end + 2;
    return s;
  }

  push(): void {
    const L = this.L;
    lauxlib.luaL_checkstack(L, 3, luaStr("reply too deeply nested"));
    const type = this.b[this.pos]!;
    switch (type) {
      case 58: // ':' integer
        lua.lua_pushnumber(L, Number(this.line()));
        return;
      case 36: {
        // '$' bulk
        const n = Number(this.line());
        if (n < 0) {
          lua.lua_pushboolean(L, false);
          return;
        }
        lua.lua_pushstring(L, this.b.slice(this.pos, this.pos + n));
        this.pos += n + 2;
        return;
      }
      case 43: // '+' status
        lua.lua_newtable(L);
        pushString(L, this.line());
        lua.lua_setfield(L, -2, luaStr("ok"));
        return;
      case 45: // '-' error (inside an array: a pcall-style table)
        lua.lua_newtable(L);
        pushString(L, errorText("-" + this.line()));
        lua.lua_setfield(L, -2, luaStr("err"));
        return;
      case 42: // '*' array
      case 126: {
        // '~' set
        const n = Number(this.line());
        if (n < 0) {
          lua.lua_pushboolean(L, false);
          return;
        }
        if (type === 126) lua.lua_newtable(L);
        lua.lua_createtable(L, type === 42 ? n : 0, type === 42 ? 0 : n);
        for (let i = 1; i <= n; i++) {
          this.push();
          if (type === 42) lua.lua_rawseti(L, -2, i);
          else {
            lua.lua_pushboolean(L, true);
            lua.lua_rawset(L, -3);
          }
        }
        if (type === 126) lua.lua_setfield(L, -2, luaStr("set"));
        return;
      }
      case 37: {
        // '%' map → {map={k=v...}}
        const n = Number(this.line());
        lua.lua_newtable(L);
        lua.lua_createtable(L, 0, n);
        for (let i = 0; i < n; i++) {
          this.push();
          this.push();
          lua.lua_rawset(L, -3);
        }
        lua.lua_setfield(L, -2, luaStr("map"));
        return;
      }
      case 95: // '_' null
        this.line();
        lua.lua_pushnil(L);
        return;
      case 35: // '#' boolean
        lua.lua_pushboolean(L, this.line() === "t");
        return;
      case 44: {
        // ',' double → {double=n}
        const s = this.line();
        lua.lua_newtable(L);
        lua.lua_pushnumber(L, s === "inf" ? Infinity : s === "-inf" ? -Infinity : s === "nan" ? NaN : Number(s));
        lua.lua_setfield(L, -2, luaStr("double"));
        return;
      }
      case 40: // '(' big number → {big_number=s}
        lua.lua_newtable(L);
        pushString(L, this.line());
        lua.lua_setfield(L, -2, luaStr("big_number"));
        return;
      case 61: {
        // '=' verbatim → {verbatim_string={format=..., string=...}}
        const n = Number(this.line());
        const text = jsStr(this.b.subarray(this.pos, this.pos + n));
        this.pos += n + 2;
        lua.lua_newtable(L);
        lua.lua_newtable(L);
        pushString(L, text.slice(4));
        lua.lua_setfield(L, -2, luaStr("string"));
        pushString(L, text.slice(0, 3));
        lua.lua_setfield(L, -2, luaStr("format"));
        lua.lua_setfield(L, -2, luaStr("verbatim_string"));
        return;
      }
      default:
        throw new Error(`unexpected reply type ${String.fromCharCode(type)} in a script's call`);
    }
  }
}
