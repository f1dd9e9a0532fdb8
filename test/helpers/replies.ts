// Reading replies in tests: bulk-string arrays as strings, SCAN-family
// iteration to the end, and waiting for blocked clients (INFO clients).

import type { Resp, RespClient } from "./resp-client.ts";

/** The elements of an array reply (with `set`, a RESP3 set too), which must all be bulk strings. */
export function bulkStrings(r: Resp, opts: { set?: boolean } = {}): string[] {
  if (r.t !== "array" && !(opts.set && r.t === "set")) throw new Error(`expected an array${opts.set ? " or set" : ""}, got ${r.t}`);
  return r.v.map((e) => {
    if (e.t !== "bulk") throw new Error(`expected bulk strings, got ${e.t}`);
    return e.v;
  });
}

/**
 * Runs a SCAN-family command (`cmd` is e.g. ["SSCAN", key]) from cursor 0
 * until the cursor is 0 again, and returns each call's page of strings.
 * `afterCall(i)` runs after call i (0-based), e.g. to change the key mid-scan.
 */
export async function scanPages(
  c: RespClient,
  cmd: string[],
  opts: string[] = [],
  afterCall?: (i: number) => Promise<void>,
): Promise<string[][]> {
  let cursor = "0";
  const pages: string[][] = [];
  do {
    const r = await c.send(...cmd, cursor, ...opts);
    if (r.resp.t !== "array" || r.resp.v.length !== 2) throw new Error(`bad ${cmd[0]} reply`);
    const [cur, page] = r.resp.v;
    cursor = (cur as { v: string }).v;
    pages.push(bulkStrings(page!));
    if (afterCall) await afterCall(pages.length - 1);
    if (pages.length > 100_000) throw new Error(`${cmd[0]} did not terminate`);
  } while (cursor !== "0");
  return pages;
}

/** INFO clients' blocked_clients (-1 if missing). */
export async function blockedClients(c: RespClient): Promise<number> {
  const info = await c.send("INFO", "clients");
  const m = /blocked_clients:(\d+)/.exec(info.resp.t === "bulk" || info.resp.t === "verbatim" ? info.resp.v : "");
  return m ? Number(m[1]) : -1;
}

/** Waits (up to 5 s) until exactly n clients are blocked. */
export async function waitBlocked(c: RespClient, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await blockedClients(c)) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients, have ${await blockedClients(c)}`);
    await Bun.sleep(5);
  }
}
