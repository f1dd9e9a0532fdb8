// Every command group, registered into the table by the server.

import { connectionCommands } from "./connection.ts";
import { keyCommands } from "./keys.ts";
import { serverCommands } from "./server.ts";
import { stringCommands } from "./strings.ts";
import type { CommandDef } from "./table.ts";

export const ALL_COMMANDS: readonly CommandDef[] = [
  ...connectionCommands,
  ...serverCommands,
  ...stringCommands,
  ...keyCommands,
];
