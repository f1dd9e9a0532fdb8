// Argument parsing shared by handlers: each helper replies with Redis's error
// and returns null on bad input, so a handler reads
//   const n = intArg(c, argv[2]); if (n === null) return;

import type { Client } from "../client.ts";
import { parseDouble, parseIntStrict } from "../util/numbers.ts";
import { E } from "./errors.ts";

/** A signed 64-bit integer argument as a JS number; out of the safe range is refused too. */
export function intArg(c: Client, s: string, err: string = E.NOT_INT): number | null {
  const v = parseIntStrict(s);
  if (v === null) {
    c.server.replyError(c, err);
    return null;
  }
  if (typeof v === "bigint") {
    // Beyond 2^53 but within int64: callers that need exact int64 use int64Arg.
    return Number(v);
  }
  return v;
}

/** A signed 64-bit integer argument, exactly (number when safe, bigint otherwise). */
export function int64Arg(c: Client, s: string, err: string = E.NOT_INT): number | bigint | null {
  const v = parseIntStrict(s);
  if (v === null) c.server.replyError(c, err);
  return v;
}

export function floatArg(c: Client, s: string, err: string = E.NOT_FLOAT): number | null {
  const v = parseDouble(s);
  if (v === null) c.server.replyError(c, err);
  return v;
}

/** Case-insensitive comparison of an argument with an uppercase keyword. */
export function is(arg: string, upper: string): boolean {
  return arg.length === upper.length && (arg === upper || arg.toUpperCase() === upper);
}

export function err(c: Client, msg: string): void {
  c.server.replyError(c, msg);
}
