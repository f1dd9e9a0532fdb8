// Generic key commands (Redis's db.c / expire.c).

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { readKey, written } from "./access.ts";
import type { CommandDef } from "./table.ts";

function del(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    if (c.db.get(key) !== undefined && c.db.delete(key)) {
      written(c, key, N.GENERIC, "del");
      n++;
    }
  }
  c.w.int(n);
}

function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (readKey(c, argv[i]!) !== undefined) n++;
  c.w.int(n);
}

export const keyCommands: CommandDef[] = [
  { name: "del", arity: -2, flags: ["write"], keys: [1, -1, 1], handler: del },
  { name: "unlink", arity: -2, flags: ["write", "fast"], keys: [1, -1, 1], handler: del },
  { name: "exists", arity: -2, flags: ["readonly", "fast"], keys: [1, -1, 1], handler: exists },
];
