// The programmatic API: start a redbun server in-process, e.g. from a test
// suite, on a given port or a free one (port 0).
//
//   import { startServer } from "redbun";
//   const srv = await startServer({ port: 0 });
//   // ... connect any Redis client to 127.0.0.1:srv.port ...
//   await srv.stop();

import { Config } from "./config.ts";
import { persistenceOf } from "./persistence/snapshot.ts";
import { Server } from "./server.ts";

export interface StartOptions {
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  /** Address(es) to bind, space-separated (default 127.0.0.1). */
  bind?: string;
  /** Any other redis.conf parameter by name, e.g. { databases: "4", requirepass: "s3cret" }. */
  config?: Record<string, string | number | boolean>;
  /** Print Redis-style log lines (default false for embedded use). */
  log?: boolean;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** "redis://127.0.0.1:<port>" */
  readonly url: string;
  readonly server: Server;
  stop(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = new Config();
  const set = (k: string, v: string) => {
    const e = config.set(k, v, true);
    if (e !== null) throw new Error(`bad config ${k}=${v}: ${e}`);
  };
  set("port", String(opts.port ?? 0));
  if (opts.bind !== undefined) set("bind", opts.bind);
  set("save", ""); // embedded servers do not write snapshots unless asked to
  for (const [k, v] of Object.entries(opts.config ?? {})) set(k, typeof v === "boolean" ? (v ? "yes" : "no") : String(v));
  const server = new Server(config);
  // Data files are read only when the caller points at them (dir, dbfilename or appendonly),
  // so an embedded server never picks up a stray dump.rdb from the working directory.
  const cfg = opts.config ?? {};
  if (!opts.log) server.log.sink = null;
  if ("dir" in cfg || "dbfilename" in cfg || "appendonly" in cfg) persistenceOf(server).loadAtStartup();
  await server.listen();
  const host = config.bind.split(" ")[0]!.replace(/^-/, "");
  return {
    port: server.port,
    host,
    url: `redis://${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    server,
    stop: () => server.stop(),
  };
}

export { Server } from "./server.ts";
export { Config } from "./config.ts";
