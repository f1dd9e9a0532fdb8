#!/usr/bin/env bun
// CLI: `bun run src/index.ts [/path/redis.conf] [--port 6379] [--bind 127.0.0.1] ...`
// Flags are named like redis-server's; any redis.conf parameter redbun knows
// can be given as --name value.

import { Config, PARAMS } from "./config.ts";
import { ConfigError, loadConfig } from "./configfile.ts";
import { LoadError } from "./persistence/errors.ts";
import { persistenceOf } from "./persistence/snapshot.ts";
import { Server } from "./server.ts";
import { REDIS_VERSION, VERSION } from "./version.ts";

const HELP = `redbun ${VERSION} — a Redis-compatible server for Bun (Redis ${REDIS_VERSION} semantics)

Usage: bun run src/index.ts [/path/to/redis.conf] [options]
       redbun [/path/to/redis.conf] [options]

Options (named like redis-server's; the command line overrides the config file):
  --port <n>                 TCP port (default 6379; 0 picks a free one)
  --bind <addr> [<addr>...]  addresses to listen on (default 127.0.0.1)
  --databases <n>            number of databases (default 16)
  --loglevel <level>         debug | verbose | notice | warning (default notice)
  --requirepass <password>   require AUTH with this password
  --timeout <seconds>        close idle clients after this many seconds (0 = never)
  --maxclients <n>           maximum simultaneous clients (default 10000)
  --save "<sec> <changes> ..."  snapshot points ("" disables)
  --appendonly yes|no        append-only file
  --dir <path>               working directory for data files
  --<parameter> <value>      any other supported redis.conf parameter
  -h, --help                 show this help
  -v, --version              show the version

Supported parameters: ${PARAMS.map((p) => p.name).join(", ")}
`;

function fatal(msg: string): never {
  process.stderr.write(msg.endsWith("\n") ? msg : msg + "\n");
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("-h") || argv.includes("--help")) {
    process.stdout.write(HELP);
    return;
  }
  if (argv.includes("-v") || argv.includes("--version")) {
    process.stdout.write(`redbun v=${VERSION} redis_version=${REDIS_VERSION} bun=${Bun.version}\n`);
    return;
  }
  let file: string | null = null;
  let rest = argv;
  if (argv.length > 0 && !argv[0]!.startsWith("--")) {
    file = argv[0]!;
    rest = argv.slice(1);
  }
  const config = new Config();
  try {
    loadConfig(config, file, rest);
  } catch (e) {
    if (e instanceof ConfigError) fatal(e.message + "\n(see --help)");
    throw e;
  }
  const server = new Server(config);
  // Load the dataset (AOF or RDB) before accepting clients; a damaged file stops here.
  try {
    persistenceOf(server).loadAtStartup();
  } catch (e) {
    if (e instanceof LoadError) fatal(e.message);
    throw e;
  }
  try {
    await server.listen();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const why = err.code === "EADDRINUSE" ? "Address already in use" : (err.message ?? String(e));
    fatal(`Could not create server TCP listening socket ${config.bind}:${config.port}: bind: ${why}`);
  }
  server.log.notice(server.banner());

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.warning(`Received ${signal} scheduling shutdown...`);
    // Signals: flush the AOF and save a final snapshot if save points are set;
    // if that save fails, keep running, as Redis does (SHUTDOWN already did this).
    if (signal !== "SHUTDOWN" && !persistenceOf(server).prepareForShutdown()) {
      server.log.warning(`${signal} received but errors trying to shut down the server, check the logs for more information`);
      stopping = false;
      return;
    }
    server
      .stop()
      .then(() => {
        server.log.warning("redbun is now ready to exit, bye bye...");
        process.exit(0);
      })
      .catch((e) => {
        server.log.warning(`Error during shutdown: ${(e as Error).message}`);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  server.onShutdownRequest = () => shutdown("SHUTDOWN");
}

await main(process.argv.slice(2));
