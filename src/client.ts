// Per-connection state: selected database, protocol version, name, parser,
// unsent output, and the hooks later capabilities (MULTI, Pub/Sub, blocking)
// hang their state on.

import type { Socket } from "bun";
import { RequestParser } from "./protocol/parser.ts";
import type { Proto, ReplyWriter } from "./protocol/reply.ts";
import type { Server } from "./server.ts";
import type { Database } from "./store/keyspace.ts";
import type { Command } from "./commands/table.ts";

export class Client {
  readonly parser = new RequestParser();
  /** Writer for the reply being produced; set by the server while executing. */
  w!: ReplyWriter;
  db: Database;
  proto: Proto = 2;
  name = "";
  libName = "";
  libVer = "";
  user = "default";
  authenticated: boolean;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  lastCommand: Command | null = null;

  /** Output the socket did not take yet, in order. */
  outQueue: Uint8Array[] = [];
  outBytes = 0;
  /** Reading stopped because unsent output is over the bound. */
  readPaused = false;
  /** Close once pending output is sent (QUIT, protocol errors, CLIENT KILL). */
  closeAfterReply = false;
  closed = false;

  /** Commands the handler wants replayed instead of argv (AOF/replica rewriting). */
  propagateAs: string[][] | null = null;

  /** MULTI state while a transaction is being queued, else null. */
  multi: import("./multi.ts").MultiState | null = null;
  /** A watched key changed: the next EXEC fails. */
  dirtyCas = false;
  /**
   * True while EXEC runs the queued commands (blocking commands then don't
   * block: they answer at once as their non-blocking form, or null). Scripts
   * running commands for a client set it too.
   */
  inExec = false;
  /** The client a script's redis.call commands run as (Redis's CLIENT_SCRIPT). */
  isScript = false;
  /**
   * Waiting in a blocking command (BLPOP...): the server processes none of
   * its further input until src/blocking.ts unblocks it.
   */
  blocked = false;

  /** Channels + patterns + shard channels subscribed (Pub/Sub). */
  subscriptions = 0;

  /** A command held back by CLIENT PAUSE, run when the pause ends. */
  postponed: string[] | null = null;

  /** CLIENT REPLY OFF: replies are dropped until CLIENT REPLY ON. */
  replyOff = false;
  /** CLIENT REPLY SKIP: set for the command after it, whose reply is dropped. */
  replySkipNext = false;
  replySkip = false;

  /** Bookkeeping for CLIENT LIST. */
  flagsSet = new Set<string>();

  constructor(
    readonly id: number,
    readonly server: Server,
    readonly socket: Socket<Client> | null,
    readonly addr: string,
    readonly laddr: string,
  ) {
    this.db = server.dbs[0]!;
    this.authenticated = server.acl.defaultUser.nopass && server.acl.defaultUser.enabled;
    this.parser.maxBulk = server.config.protoMaxBulkLen;
    this.parser.authRequired = !this.authenticated;
  }

  get dbIndex(): number {
    return this.db.id;
  }

  /** Replays `argv` (instead of the command as sent) to the AOF and replicas. */
  propagate(argv: string[]): void {
    (this.propagateAs ??= []).push(argv);
  }

  setAuthenticated(v: boolean): void {
    this.authenticated = v;
    this.parser.authRequired = !v;
  }
}
