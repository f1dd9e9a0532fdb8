// The server: Bun.listen sockets, clients, read → parse → dispatch → one write
// per read event, backpressure, the periodic cron (active expiry, idle
// timeouts) and shutdown.

import type { Socket, TCPSocketListener } from "bun";
import { Client } from "./client.ts";
import { ALL_COMMANDS, INSTALLERS } from "./commands/index.ts";
import { E, unknownCommand, unknownSubcommand, wrongArgs } from "./commands/errors.ts";
import { type Command, CommandTable } from "./commands/table.ts";
import { Config } from "./config.ts";
import { Logger } from "./log.ts";
import { Propagator } from "./propagate.ts";
import { ReplyWriter } from "./protocol/reply.ts";
import { Database } from "./store/keyspace.ts";
import { Acl } from "./acl.ts";
import { listPacking } from "./store/list.ts";
import { commandMeta } from "./commands/meta.ts";
import { type EncodingLimits, limitsFrom } from "./store/limits.ts";
import { CursorRegistry } from "./store/cursors.ts";
import { Blocking } from "./blocking.ts";
import { REDIS_VERSION, VERSION } from "./version.ts";

/** Stop reading from a client while this much of its output is unsent. */
const OUTPUT_HIGH_WATER = 8 * 1024 * 1024;
/** Within one read, hand output to the socket once this much has accumulated. */
const WRITE_CHUNK = 1024 * 1024;

export interface Stats {
  connectionsReceived: number;
  commandsProcessed: number;
  rejectedConnections: number;
  netInputBytes: number;
  netOutputBytes: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  errorReplies: number;
  errorsByPrefix: Map<string, number>;
  expiredStalePerc: number;
  /** Read events with data and socket writes (INFO total_reads_processed / total_writes_processed). */
  readsProcessed: number;
  writesProcessed: number;
}

export class Server {
  readonly config: Config;
  readonly log: Logger;
  readonly prop = new Propagator();
  readonly commands = new CommandTable();
  dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  readonly startedAt = Date.now();
  readonly stats: Stats = {
    connectionsReceived: 0,
    commandsProcessed: 0,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    errorReplies: 0,
    errorsByPrefix: new Map(),
    expiredStalePerc: 0,
    readsProcessed: 0,
    writesProcessed: 0,
  };
  /** Hooks run just before a command executes; a hook returning true has handled it (MULTI queueing...). */
  readonly interceptors: ((c: Client, cmd: Command, argv: string[]) => boolean)[] = [];
  /** Hooks run on shutdown before clients are closed (AOF flush, final save). */
  readonly shutdownHooks: (() => void | Promise<void>)[] = [];

  private listeners: TCPSocketListener<Client>[] = [];
  private nextClientId = 1;
  /** The writer for the client being served; replies to it go here. */
  private readonly writer = new ReplyWriter();
  /** The client whose input is being processed right now, if any. */
  current: Client | null = null;
  /** Clients with output queued by someone else's command (Pub/Sub, unblocking). */
  private readonly pendingFlush = new Set<Client>();
  private cron: Timer | null = null;
  private cronLoops = 0;
  private stopping: Promise<void> | null = null;

  /** Encoding thresholds for OBJECT ENCODING, in step with CONFIG SET. */
  limits: EncodingLimits;
  /** Users and passwords; requirepass is the default user's password. */
  readonly acl = new Acl();
  /** Hooks run after each executed command with its duration (SLOWLOG, MONITOR, latency). */
  readonly callHooks: ((c: Client, cmd: Command, argv: string[], usec: number) => void)[] = [];

  /** Suspended SCAN/HSCAN/SSCAN/ZSCAN iterations. */
  readonly cursors = new CursorRegistry();
  /** Clients blocked on keys (BLPOP, BZPOPMIN...); see src/blocking.ts. */
  readonly blocking: Blocking;

  constructor(config = new Config(), log?: Logger) {
    this.config = config;
    this.log = log ?? new Logger(config);
    this.limits = limitsFrom(config);
    this.acl.setRequirePass(config.requirepass);
    listPacking.depth = config.getInt("list-compress-depth");
    config.listeners.push((name, value) => {
      this.limits = limitsFrom(config);
      if (name === "list-compress-depth") listPacking.depth = Number(value);
      if (name === "requirepass") this.acl.setRequirePass(value);
      // CONFIG SET hz: the cron runs at the new frequency.
      if (name === "hz" && this.cron) {
        clearInterval(this.cron);
        this.startCron();
      }
    });
    for (let i = 0; i < config.databases; i++) this.dbs.push(new Database(i, this.prop));
    this.blocking = new Blocking(this);
    this.commands.register(ALL_COMMANDS);
    for (const install of INSTALLERS) install(this);
  }

  get port(): number {
    return this.listeners[0]?.port ?? this.config.port;
  }

  /** Starts listening on every bind address. Throws if a port is in use. */
  async listen(): Promise<void> {
    this.listeners = this.openListeners(this.config.bind, this.config.port);
    this.startCron();
  }

  /** Listens on every address of `bind` (space-separated) at `port`; throws, with none left open, on failure. */
  private openListeners(bind: string, port: number): TCPSocketListener<Client>[] {
    const hosts = bind.split(" ").filter((h) => h !== "");
    const out: TCPSocketListener<Client>[] = [];
    for (const h of hosts.length ? hosts : ["127.0.0.1"]) {
      const hostname = h.startsWith("-") ? h.slice(1) : h; // "-::1": optional address
      const hostNorm = hostname === "*" ? "0.0.0.0" : hostname;
      try {
        const l = Bun.listen<Client>({ hostname: hostNorm, port, socket: this.socketHandlers() });
        out.push(l);
        port = l.port; // later addresses share the port picked for the first (port 0)
      } catch (e) {
        if (h.startsWith("-")) continue;
        for (const l of out) l.stop(true);
        throw e;
      }
    }
    return out;
  }

  /**
   * CONFIG SET port/bind: listens on the new addresses first, then stops
   * accepting on the old ones (connected clients stay). Returns false, with
   * the old listeners untouched, when the new ones can't be opened.
   */
  relisten(bind: string, port: number): boolean {
    if (this.listeners.length === 0) return true; // not serving yet: listen() will use the config
    const oldPort = this.port;
    let next: TCPSocketListener<Client>[];
    try {
      next = this.openListeners(bind, port);
    } catch (e) {
      if (port !== oldPort) {
        this.log.warning(`Could not listen on ${bind}:${port}: ${(e as Error).message}`);
        return false;
      }
      // Same port, new addresses: ours hold the port, so release them first
      // (as Redis's changeBindAddr does) and go back to them on failure.
      for (const l of this.listeners) l.stop(false);
      this.listeners = [];
      try {
        next = this.openListeners(bind, port);
      } catch (e2) {
        this.log.warning(`Could not listen on ${bind}:${port}: ${(e2 as Error).message}`);
        try {
          this.listeners = this.openListeners(this.config.bind, oldPort);
        } catch (e3) {
          this.log.warning(`Could not listen again on ${this.config.bind}:${oldPort}: ${(e3 as Error).message}`);
        }
        return false;
      }
      this.listeners = next;
      return true;
    }
    for (const l of this.listeners) l.stop(false);
    this.listeners = next;
    return true;
  }

  private socketHandlers() {
    const server = this;
    return {
      open(sock: Socket<Client>) {
        server.onOpen(sock);
      },
      data(sock: Socket<Client>, chunk: Buffer) {
        const c = sock.data;
        if (c === undefined || c.closed) return;
        server.stats.netInputBytes += chunk.length;
        server.stats.readsProcessed++;
        c.parser.maxBulk = server.config.protoMaxBulkLen; // CONFIG SET applies to connected clients too
        c.parser.feed(chunk);
        server.processInput(c);
      },
      drain(sock: Socket<Client>) {
        const c = sock.data;
        if (c !== undefined) server.onDrain(c);
      },
      close(sock: Socket<Client>) {
        const c = sock.data;
        if (c !== undefined) server.onClose(c);
      },
      error(sock: Socket<Client>, err: Error) {
        const c = sock.data;
        server.log.verbose(`client ${c?.id ?? "?"} socket error: ${err.message}`);
        if (c !== undefined) server.onClose(c);
      },
    };
  }

  private onOpen(sock: Socket<Client>): void {
    this.stats.connectionsReceived++;
    const laddr = `${sock.localAddress ?? "127.0.0.1"}:${sock.localPort ?? this.port}`;
    const addr = `${fmtHost(sock.remoteAddress)}:${sock.remotePort ?? 0}`;
    const c = new Client(this.nextClientId++, this, sock, addr, laddr);
    sock.data = c;
    if (this.clients.size >= this.config.maxclients) {
      this.stats.rejectedConnections++;
      sock.write("-ERR max number of clients reached\r\n");
      sock.end();
      c.closed = true;
      return;
    }
    if (this.protectedModeRefuses(sock)) {
      sock.write(PROTECTED_MODE_ERROR);
      sock.end();
      c.closed = true;
      return;
    }
    this.clients.set(c.id, c);
    if (this.config.getInt("tcp-keepalive") > 0) sock.setKeepAlive?.(true, this.config.getInt("tcp-keepalive") * 1000);
    sock.setNoDelay?.(true);
  }

  /** Protected mode: no password and a non-loopback peer → refused with Redis's explanation. */
  private protectedModeRefuses(sock: Socket<Client>): boolean {
    if (!this.config.getBool("protected-mode") || !this.acl.defaultUser.nopass) return false;
    // Exactly Redis's test: only 127.0.0.1 and ::1 count as local.
    const ip = fmtHost(sock.remoteAddress);
    return ip !== "127.0.0.1" && ip !== "::1";
  }

  private onClose(c: Client): void {
    this.postponedClients.delete(c);
    if (c.closed && !this.clients.has(c.id)) return;
    c.closed = true;
    this.clients.delete(c.id);
    this.pendingFlush.delete(c);
    for (const h of this.closeHooks) h(c);
  }

  /** Hooks run when a client goes away (unsubscribe, unblock, unwatch). */
  readonly closeHooks: ((c: Client) => void)[] = [];

  /** Parses and runs every complete command buffered for c, then writes the replies once. */
  processInput(c: Client): void {
    if (c.readPaused || c.closeAfterReply || c.blocked || (c.postponed !== null && this.pausedFor(c.postponed, c))) {
      c.parser.save();
      return;
    }
    const w = this.writer;
    w.reset(c.proto);
    c.w = w;
    c.lastInteraction = Date.now(); // once per read event, not per command
    this.clockMark = performance.now(); // where the first command's run time starts (see call())
    this.current = c;
    const parser = c.parser;
    let commands = 0;
    for (;;) {
      if (w.pos > WRITE_CHUNK) {
        this.writeOut(c, w.buf, w.pos);
        w.reset(c.proto);
        this.clockMark = -1; // the write's time belongs to no command
        if (this.pauseIfBacklogged(c)) break;
      }
      let argv = c.postponed;
      c.postponed = null;
      if (argv === null) argv = parser.next();
      if (argv === null) break;
      if (parser.bigArg) {
        // Decoding a big argument took real time: start this command's clock afresh.
        parser.bigArg = false;
        this.clockMark = -1;
      }
      if (this.pause !== null && this.pausedFor(argv, c)) {
        // CLIENT PAUSE: hold this command (and everything after it) until the pause ends.
        c.postponed = argv;
        this.postponedClients.add(c);
        break;
      }
      const mark = w.pos;
      const skipReply = c.replySkip;
      c.replySkip = false;
      commands++;
      try {
        this.execute(c, argv);
      } catch (e) {
        this.commandFailed(c, argv, w, mark, e);
      }
      // CLIENT REPLY OFF|SKIP: the command ran, its reply is dropped.
      if ((c.replyOff || skipReply) && c.w === w) w.pos = mark;
      if (c.replySkipNext) {
        c.replySkipNext = false;
        c.replySkip = true;
      }
      // Serve clients blocked on keys this command (or EXEC) made ready.
      if (this.blocking.hasReady) {
        this.blocking.handleReady();
        this.clockMark = -1;
      }
      if (c.closeAfterReply || c.closed || c.blocked) break; // blocked: its next commands wait
      c.w = w; // a command may have switched the writer (nested delivery)
    }
    if (parser.error !== null && !c.closeAfterReply) {
      this.log.verbose(`client ${c.id} ${c.addr}: ${parser.error}`);
      w.error("ERR " + parser.error);
      this.countError("ERR");
      c.closeAfterReply = true;
    }
    parser.save();
    this.current = null;
    this.clockMark = -1;
    if (w.pos > 0 || c.closeAfterReply) {
      // A pipelined read's replies wait for the end of the turn (queueReply);
      // a lone command's reply goes out now, unless others already wait.
      if (commands > 1 || this.turnFlushScheduled) {
        this.queueReply(c, w.buf, w.pos);
        this.scheduleFlush();
      } else {
        this.writeOut(c, w.buf, w.pos);
      }
    }
    // Also when this read's replies were small: the backlog adds up over reads.
    if (!c.readPaused) this.pauseIfBacklogged(c);
    w.reset(2);
    w.shrink();
    if (this.pendingFlush.size > 0) this.scheduleFlush();
  }

  /**
   * Keeps a read's replies (bytes[0, len), copied out of the shared writer)
   * until the end of the event-loop turn, when the replies of every client
   * served in the turn are written one after the other: Redis's
   * beforeSleep → handleClientsWithPendingWrites. Writing each reply as soon
   * as its read is processed made the peer sleep and be woken again between
   * our writes (under load a wake-up per write, each one a cross-CPU
   * interrupt); written together, one wake-up serves many writes. Measured
   * with redis-benchmark -P 16: kernel time per request about halved. Only
   * reads that carried several commands are deferred (see processInput): for
   * a lone request the end-of-turn callback costs more than it saves.
   */
  private queueReply(c: Client, bytes: Uint8Array, len: number): void {
    if (c.socket === null || c.closed) return;
    if (len > 0) {
      const copy = Uint8Array.prototype.slice.call(bytes, 0, len); // a copy: bytes is the reusable writer's
      c.outQueue.push(copy);
      c.outBytes += len;
      this.stats.netOutputBytes += len;
    }
    this.pendingFlush.add(c);
  }

  /** Writes pending output (queueReply, deliver) once the current event-loop turn's I/O is processed. */
  private scheduleFlush(): void {
    if (this.turnFlushScheduled) return;
    this.turnFlushScheduled = true;
    setImmediate(this.endOfTurn);
  }
  private turnFlushScheduled = false;
  private readonly endOfTurn = (): void => {
    this.turnFlushScheduled = false;
    this.flushPending();
  };

  /**
   * A command threw (a bug): drop its partial reply, answer an error, and
   * keep serving. Without this the exception would reach Bun's socket error
   * handler, leaving the client without a reply and the server mid-read.
   */
  private commandFailed(c: Client, argv: string[], w: ReplyWriter, mark: number, e: unknown): void {
    const err = e as Error;
    this.log.warning(`internal error in '${(argv[0] ?? "").slice(0, 64)}' from client ${c.id}: ${err?.stack ?? String(e)}`);
    c.propagateAs = null;
    c.w = w;
    if (w.pos >= mark) w.pos = mark;
    this.replyError(c, `ERR internal error: ${String(err?.message ?? e).replace(/[\r\n]+/g, " ")}`);
  }

  /** Looks the command up, checks arity and auth, and calls it. */
  execute(c: Client, argv: string[]): void {
    const cmd = this.commands.lookup(argv);
    if (cmd === undefined) {
      this.clockMark = -1;
      const container = this.commands.get(argv[0]!);
      this.reject(c, container?.subcommands ? unknownSubcommand(argv[1]!, container.name) : unknownCommand(argv));
      return;
    }
    if (!cmd.arityOk(argv.length)) {
      this.clockMark = -1;
      cmd.rejectedCalls++;
      this.reject(c, wrongArgs(cmd.fullName));
      return;
    }
    if (!c.authenticated && !cmd.noAuth) {
      this.clockMark = -1;
      cmd.rejectedCalls++;
      this.reject(c, E.NOAUTH);
      return;
    }
    const ic = this.interceptors;
    for (let i = 0; i < ic.length; i++) {
      if (ic[i]!(c, cmd, argv)) {
        this.clockMark = -1; // queued by MULTI or refused: the next command's clock starts afresh
        return;
      }
    }
    this.call(c, cmd, argv);
  }

  /** Called before a write command runs (a background snapshot copies objects it may modify). */
  beforeWrite: ((c: Client, cmd: Command, argv: string[]) => void) | null = null;
  /**
   * Called before replies go to sockets (the AOF writes its buffer). Returning
   * true holds every reply (queued, in order) until flushHeldReplies(): with
   * appendfsync always the AOF fsyncs once for the whole event-loop turn, then
   * releases them.
   */
  beforeReply: (() => boolean) | null = null;

  /** Sends replies held by beforeReply (and any other queued output). */
  flushHeldReplies(): void {
    this.flushPending();
  }

  /** The arguments of the command being run (a blocked command keeps them to be served later). */
  currentArgv: string[] = [];

  /**
   * performance.now() at which the next command of the read being processed
   * starts, or -1 to read the clock afresh. Redis reads the clock before and
   * after each command; reading it is ~30 ns here, a tenth of a GET, so a
   * command's end time is reused as the start of the one right after it in the
   * same read. What lies between them is the next frame's parse and lookup
   * (tens of ns); anything heavier (a big argument, serving blocked clients,
   * a mid-read socket write, a MULTI-queued or refused command) resets the
   * mark, so commandstats and SLOWLOG times stay those of the command alone.
   */
  private clockMark = -1;

  /** Runs a resolved command, then propagates it if it changed the dataset. */
  call(c: Client, cmd: Command, argv: string[]): void {
    const prop = this.prop;
    const dirty = prop.dirty;
    const errors = this.stats.errorReplies;
    const mark = this.clockMark;
    this.clockMark = -1; // commands run by this one (EXEC's) read the clock themselves
    const t0 = mark >= 0 ? mark : performance.now();
    c.lastCommand = cmd;
    this.currentArgv = argv;
    if (this.beforeWrite !== null && cmd.isWrite) this.beforeWrite(c, cmd, argv);
    cmd.handler!(c, argv);
    const t1 = performance.now();
    if (mark >= 0) this.clockMark = t1;
    const usec = (t1 - t0) * 1000;
    cmd.usec += usec;
    if (!c.blocked) cmd.calls++; // a blocking command counts when it completes (src/blocking.ts)
    this.stats.commandsProcessed++;
    if (this.stats.errorReplies !== errors) cmd.failedCalls++;
    // Propagated when it changed the dataset, as Redis's call(): any command
    // that raised dirty (PFCOUNT refreshing its cache is read-only but does),
    // and a write whose dirty went down (FLUSHALL followed by a save).
    if (prop.dirty > dirty || (prop.dirty !== dirty && cmd.isWrite)) {
      const as = c.propagateAs;
      if (as === null) prop.command(c.db.id, argv);
      else for (const a of as) prop.command(c.db.id, a);
    }
    c.propagateAs = null;
    const hooks = this.callHooks;
    for (let i = 0; i < hooks.length; i++) hooks[i]!(c, cmd, argv, usec);
  }

  /** ACL categories of a command, from Redis's metadata ("@read", "@fast", ...). */
  aclCategories(cmd: Command): string[] {
    return (commandMeta(cmd.fullName)?.acl as string[] | undefined) ?? [];
  }

  /** Hooks told when a command is rejected before running (MULTI marks the transaction failed). */
  readonly rejectHooks: ((c: Client) => void)[] = [];

  private reject(c: Client, msg: string): void {
    for (const h of this.rejectHooks) h(c);
    this.replyError(c, msg);
  }

  /** Writes an error reply to c and counts it for INFO errorstats. */
  replyError(c: Client, msg: string): void {
    c.w.error(msg);
    const sp = msg.indexOf(" ");
    this.countError(sp === -1 ? msg : msg.slice(0, sp));
  }

  private countError(prefix: string): void {
    this.stats.errorReplies++;
    this.stats.errorsByPrefix.set(prefix, (this.stats.errorsByPrefix.get(prefix) ?? 0) + 1);
  }

  /**
   * Sends bytes[0, len) to a client in order: straight to the socket when
   * nothing is queued, otherwise behind what is queued. What the socket does
   * not take is copied and kept for `drain`. (Offset and length go to
   * socket.write as they are: no view object is made per write.)
   */
  private writeOut(c: Client, bytes: Uint8Array, len: number): void {
    const sock = c.socket;
    if (sock === null || c.closed) return;
    const hold = this.beforeReply !== null && this.beforeReply();
    if (len > 0) {
      this.stats.netOutputBytes += len;
      if (c.outBytes === 0 && !hold) {
        const n = sock.write(bytes, 0, len);
        this.stats.writesProcessed++;
        if (n < len) {
          const rest = Uint8Array.prototype.slice.call(bytes, Math.max(0, n), len); // a copy: bytes is the reusable writer's
          c.outQueue.push(rest);
          c.outBytes += rest.length;
        }
      } else {
        const copy = Uint8Array.prototype.slice.call(bytes, 0, len); // a copy, not a view
        c.outQueue.push(copy);
        c.outBytes += copy.length;
      }
    }
    if (hold) {
      this.pendingFlush.add(c);
      return;
    }
    if (c.closeAfterReply && c.outBytes === 0) this.closeClient(c);
  }

  /** Stops reading from c while its unsent output is over the bound; onDrain resumes. */
  private pauseIfBacklogged(c: Client): boolean {
    if (c.outBytes <= OUTPUT_HIGH_WATER || c.closed || c.closeAfterReply) return false;
    c.readPaused = true;
    c.socket?.pause();
    return true;
  }

  private onDrain(c: Client): void {
    const sock = c.socket;
    if (sock === null) return;
    if (this.beforeReply !== null && this.beforeReply()) {
      this.pendingFlush.add(c); // held replies go out after the AOF fsync
      return;
    }
    while (c.outQueue.length > 0) {
      const head = c.outQueue[0]!;
      const n = sock.write(head);
      this.stats.writesProcessed++;
      if (n < head.length) {
        if (n > 0) {
          c.outQueue[0] = head.subarray(n);
          c.outBytes -= n;
        }
        return;
      }
      c.outQueue.shift();
      c.outBytes -= head.length;
    }
    if (c.closeAfterReply) {
      this.closeClient(c);
      return;
    }
    if (c.readPaused && c.outBytes < OUTPUT_HIGH_WATER / 2) {
      c.readPaused = false;
      c.socket?.resume();
      c.parser.feed(EMPTY);
      this.processInput(c);
    }
  }

  /**
   * Queues a reply for another client (not the one being served), encoded by
   * `fill` with that client's protocol; it is written when the current read
   * event is done, together with everything else queued for it.
   */
  deliver(target: Client, fill: (w: ReplyWriter) => void): void {
    if (target.closed) return;
    if (target === this.current) {
      fill(this.writer);
      return;
    }
    const w = this.auxWriter;
    w.reset(target.proto);
    fill(w);
    const copy = Uint8Array.prototype.slice.call(w.view()); // a copy, not a view
    target.outQueue.push(copy);
    target.outBytes += copy.length;
    this.stats.netOutputBytes += copy.length;
    this.pendingFlush.add(target);
    if (this.current === null && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flushPending();
      });
    }
  }
  private readonly auxWriter = new ReplyWriter(4096);
  private flushScheduled = false;

  private flushPending(): void {
    if (this.beforeReply !== null && this.beforeReply()) return;
    for (const c of this.pendingFlush) {
      this.pendingFlush.delete(c);
      if (!c.closed) this.onDrain(c);
    }
  }

  /** Closes a client's connection now. */
  closeClient(c: Client): void {
    if (c.socket && !c.closed) c.socket.end();
    this.onClose(c);
  }

  /** Empties a database (FLUSHDB, FLUSHALL), telling WATCH and the dirty counter. */
  flushDb(db: Database): void {
    this.prop.dirty += db.size;
    this.prop.flushed(db.id);
    db.clear();
  }

  /** CLIENT PAUSE in force: until when, and whether reads are held too. */
  pause: { until: number; all: boolean; timer: Timer } | null = null;
  /** Clients holding a command back because of CLIENT PAUSE. */
  private readonly postponedClients = new Set<Client>();

  /** Would CLIENT PAUSE hold this command? ALL holds every command, WRITE those that may write or replicate. */
  pausedFor(argv: readonly string[], c?: Client): boolean {
    const p = this.pause;
    if (p === null) return false;
    if (p.all) return true;
    const cmd = this.commands.lookup(argv);
    if (cmd === undefined) return false;
    // EXEC is held when its transaction holds a write.
    if (cmd.name === "exec" && c?.multi) return c.multi.queue.some((q) => q.cmd.isWrite || q.cmd.flags.has("may_replicate"));
    return cmd.isWrite || cmd.flags.has("may_replicate");
  }

  /** CLIENT PAUSE timeout [WRITE|ALL]; a longer or stricter pause replaces the current one. */
  pauseClients(ms: number, all: boolean): void {
    const until = Date.now() + ms;
    const cur = this.pause;
    if (cur !== null) {
      clearTimeout(cur.timer);
      if (cur.until > until) ms = cur.until - Date.now();
      all ||= cur.all && cur.until > Date.now();
    }
    const timer = setTimeout(() => this.unpauseClients(), Math.max(0, ms));
    (timer as unknown as { unref?: () => void }).unref?.();
    this.pause = { until: Math.max(until, cur?.until ?? 0), all, timer };
  }

  /** Ends a pause and lets held clients run their commands. */
  unpauseClients(): void {
    if (this.pause !== null) clearTimeout(this.pause.timer);
    this.pause = null;
    // From CLIENT UNPAUSE: run the held clients once the current read is done;
    // now, their processInput would reuse the writer holding this client's
    // earlier replies (a pipelined "PING; CLIENT UNPAUSE" lost its +PONG).
    if (this.current !== null) queueMicrotask(() => this.resumeHeld());
    else this.resumeHeld();
  }

  private resumeHeld(): void {
    const held = [...this.postponedClients];
    this.postponedClients.clear();
    for (const c of held) {
      if (c.closed) continue;
      if (c.postponed !== null && this.pausedFor(c.postponed, c)) {
        this.postponedClients.add(c); // paused again meanwhile
        continue;
      }
      c.parser.feed(EMPTY);
      this.processInput(c);
    }
  }

  /** Hooks run by RESET to clear per-client state owned by other capabilities. */
  readonly resetHooks: ((c: Client) => void)[] = [];

  /** RESET: back to a fresh connection's state (db 0, RESP2, no name, default user). */
  resetClient(c: Client): void {
    for (const h of this.resetHooks) h(c);
    c.db = this.dbs[0]!;
    c.proto = 2;
    c.w.proto = 2;
    c.name = "";
    c.user = "default";
    c.replyOff = c.replySkip = c.replySkipNext = false;
    c.setAuthenticated(this.acl.defaultUser.nopass && this.acl.defaultUser.enabled);
  }

  /** True for a RESP2 client in subscribed mode (restricted command set, Pub/Sub-shaped PING). */
  inSubscribedResp2(c: Client): boolean {
    return c.proto === 2 && c.subscriptions > 0;
  }

  authFailures = 0;

  /** Set by the CLI: how a SHUTDOWN command ends the process. */
  onShutdownRequest: (() => void) | null = null;

  // --- cron -------------------------------------------------------------

  private startCron(): void {
    this.cron = setInterval(() => this.serverCron(), Math.round(1000 / this.config.hz));
    // The cron must not keep a process alive on its own (library use).
    (this.cron as unknown as { unref?: () => void }).unref?.();
  }

  /** Periodic work: active expiry and idle-client timeouts. */
  /** Hooks run on every cron tick (instantaneous metrics sampling...). */
  readonly cronHooks: (() => void)[] = [];

  private serverCron(): void {
    this.cronLoops++;
    for (const h of this.cronHooks) h();
    if (this.pause === null && this.activeExpireEnabled) this.activeExpireCycle();
    if (this.config.timeout > 0 && this.cronLoops % this.config.hz === 0) this.closeIdleClients();
    if (this.pendingFlush.size > 0) this.flushPending();
  }

  /**
   * Redis's active expiry (expire.c, slow cycle): per database, sample keys
   * with a TTL (20 per step, scaled by active-expire-effort); repeat on the
   * same database while more than 10% of a sample was expired, within a time
   * budget of 25% of the tick. Up to 16 databases per call, resuming at the
   * one after where the previous call stopped (so a database full of expired
   * keys cannot starve the others); all of them after a call that ran out of
   * time. (Redis's extra "fast cycle" before each event-loop sleep is not
   * done: the cron alone bounds how long expired keys linger.)
   */
  private activeExpireCycle(): void {
    const effort = this.config.getInt("active-expire-effort") - 1;
    const perStep = 20 + 5 * effort;
    const acceptableStale = 10 - effort;
    const budgetMs = ((25 + 2 * effort) / 100) * (1000 / this.config.hz);
    const start = performance.now();
    const dbs = this.dbs;
    const perCall = this.expireTimeLimitExit ? dbs.length : Math.min(16, dbs.length);
    this.expireTimeLimitExit = false;
    let checkedAll = 0;
    let expiredAll = 0;
    for (let j = 0; j < perCall && !this.expireTimeLimitExit; j++) {
      const db = dbs[this.expireNextDb++ % dbs.length]!;
      if (db.expires.size === 0) continue;
      for (;;) {
        const [checked, expired] = db.activeExpire(perStep, db.now());
        checkedAll += checked;
        expiredAll += expired;
        if (performance.now() - start > budgetMs) {
          this.expireTimeLimitExit = true;
          break;
        }
        if (checked === 0 || Math.floor((expired * 100) / checked) <= acceptableStale) break;
      }
    }
    this.expireNextDb %= dbs.length;
    // Running estimate of logically expired keys still in memory (percent).
    const current = checkedAll > 0 ? (expiredAll / checkedAll) * 100 : 0;
    this.stats.expiredStalePerc = current * 0.05 + this.stats.expiredStalePerc * 0.95;
  }
  /** DEBUG SET-ACTIVE-EXPIRE 0 turns the active expiry cycle off (Redis's active_expire_enabled). */
  activeExpireEnabled = true;
  /** Active expiry state kept across cron calls (Redis's static current_db / timelimit_exit). */
  private expireNextDb = 0;
  private expireTimeLimitExit = false;

  private closeIdleClients(): void {
    const limit = this.config.timeout * 1000;
    const now = Date.now();
    for (const c of this.clients.values()) {
      if (now - c.lastInteraction > limit && c.subscriptions === 0 && !c.blocked) {
        this.log.verbose(`Closing idle client ${c.id}`);
        this.closeClient(c);
      }
    }
  }

  // --- shutdown ---------------------------------------------------------

  /** Stops accepting, sends pending replies, closes clients. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    if (this.cron) clearInterval(this.cron);
    for (const l of this.listeners) l.stop(false);
    for (const h of this.shutdownHooks) await h();
    this.flushPending();
    // Give sockets with queued output a short while to drain.
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && [...this.clients.values()].some((c) => c.outBytes > 0)) await Bun.sleep(10);
    for (const c of [...this.clients.values()]) this.closeClient(c);
    for (const l of this.listeners) l.stop(true);
    this.listeners = [];
  }

  /** The first line a server logs, with version, port and pid. */
  banner(): string {
    return `redbun ${VERSION} (Redis ${REDIS_VERSION} compatible) ready to accept connections on ${this.config.bind}:${this.port}, pid ${process.pid}`;
  }

  uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }
}

const EMPTY = Buffer.alloc(0);

const PROTECTED_MODE_ERROR =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

function fmtHost(h: string | undefined): string {
  if (!h) return "127.0.0.1";
  if (h.startsWith("::ffff:")) return h.slice(7);
  return h;
}
