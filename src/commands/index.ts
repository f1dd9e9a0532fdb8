// Every command group, registered into the table by the server.

import { clientCommands } from "./client.ts";
import { connectionCommands } from "./connection.ts";
import { keyCommands } from "./keys.ts";
import { aclCommands } from "./acl.ts";
import { memoryCommands } from "./memory.ts";
import { installIntrospection, introspectionCommands } from "./introspection.ts";
import { installPubSub, pubsubCommands } from "./pubsub.ts";
import { installServerInfo, serverCommands } from "./server.ts";
import { stringCommands } from "./strings.ts";
import { bitmapCommands } from "./bitmaps.ts";
import { hyperloglogCommands } from "./hyperloglog.ts";
import type { CommandDef } from "./table.ts";
import { installTransactions, transactionCommands } from "./transactions.ts";
import { zsetCommands } from "./zsets.ts";
import { geoCommands } from "./geo.ts";
import { hashCommands } from "./hashes.ts";
import { setCommands } from "./sets.ts";
import { listCommands } from "./lists.ts";
import { streamCommands } from "./streams.ts";
import { installPersistence, persistenceCommands } from "./persistence.ts";
import { sortCommands } from "./sort.ts";
import { installMisc, miscCommands } from "./misc.ts";
import { scriptingCommands } from "./scripting.ts";
import type { Server } from "../server.ts";

export const ALL_COMMANDS: readonly CommandDef[] = [
  ...connectionCommands,
  ...serverCommands,
  ...clientCommands,
  ...stringCommands,
  ...bitmapCommands,
  ...hyperloglogCommands,
  ...keyCommands,
  ...transactionCommands,
  ...pubsubCommands,
  ...aclCommands,
  ...memoryCommands,
  ...introspectionCommands,
  ...zsetCommands,
  ...geoCommands,
  ...hashCommands,
  ...setCommands,
  ...listCommands,
  ...streamCommands,
  ...sortCommands,
  ...miscCommands,
  ...persistenceCommands,
  ...scriptingCommands,
];

/** Capabilities that hook into the server (dispatcher interceptors, propagation listeners). */
export const INSTALLERS: readonly ((server: Server) => void)[] = [
  // Order matters: the Pub/Sub context check runs before MULTI queueing, as in Redis.
  installPubSub,
  installTransactions,
  installServerInfo,
  installIntrospection,
  installPersistence,
  installMisc,
];
