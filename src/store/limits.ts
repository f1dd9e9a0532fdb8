// Encoding thresholds (hash-max-listpack-entries, ...) read by the data types
// to decide what OBJECT ENCODING reports. One object per server, kept in step
// with CONFIG SET by the server.

import type { Config } from "../config.ts";

export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  /** Redis 7.2 adds set-max-listpack-*; 7.0 sets are intset or hashtable. */
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  /** Negative: a size class per quicklist node (-2 = 8 KB); positive: entries per node. */
  listMaxListpackSize: number;
}

export function limitsFrom(config: Config): EncodingLimits {
  return {
    hashMaxListpackEntries: config.getInt("hash-max-listpack-entries"),
    hashMaxListpackValue: config.getInt("hash-max-listpack-value"),
    setMaxIntsetEntries: config.getInt("set-max-intset-entries"),
    zsetMaxListpackEntries: config.getInt("zset-max-listpack-entries"),
    zsetMaxListpackValue: config.getInt("zset-max-listpack-value"),
    listMaxListpackSize: config.getInt("list-max-listpack-size"),
  };
}
