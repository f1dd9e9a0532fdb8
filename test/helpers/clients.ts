// Shared by the tests that drive real client libraries (ioredis, node-redis,
// Bun's RedisClient): test values, and connecting with a deadline.

import type IORedis5 from "ioredis5";

/** Every byte value, with CR, LF, CRLF and NUL in awkward places. */
export const BIN = (() => {
  const a: number[] = [13, 10, 0];
  for (let i = 0; i < 256; i++) a.push(i);
  a.push(13, 10, 36, 51, 13, 10, 0, 255);
  return Buffer.from(a);
})();

/** A UTF-8 value: must come back as the same bytes. */
export const UTF8 = "héllo wörld € 🙂 \r\n\t";

/** Bun's RedisClient returns Uint8Array; compare as Buffer. */
export const toBuf = (v: Buffer | Uint8Array | null | undefined) => (v == null ? null : Buffer.from(v));

/** What the tests use of ioredis (the 6 and 5 majors share it). */
export type IORedisLike = InstanceType<typeof IORedis5>;

/** Connects and waits for "ready" (after the handshake and INFO ready check), failing fast on errors. */
export async function ioredisReady(r: IORedisLike): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("ioredis: not ready within 5 s")), 5000);
    r.once("ready", () => {
      clearTimeout(t);
      resolve();
    });
    r.once("error", (e: Error) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

/** node-redis (either major): connect(), failing after 5 s with the errors it reported. */
export async function nodeRedisConnect(c: { connect(): Promise<unknown>; on(ev: string, f: (e: Error) => void): unknown }): Promise<void> {
  const errors: Error[] = [];
  c.on("error", (e) => errors.push(e));
  await Promise.race([
    c.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`node-redis: not connected in 5 s ${errors.join("; ")}`)), 5000)),
  ]);
}
