// notify-keyspace-events: flag letters <-> notification class bitmask, as
// Redis's keyspaceEventsStringToFlags / keyspaceEventsFlagsToString.

import { N } from "./propagate.ts";

/** notify-keyspace-events flags → class bitmask ("" → 0, as Redis: K or E is needed to publish). */
export function parseNotifyFlags(flags: string): number {
  let m = 0;
  for (const ch of flags) {
    switch (ch) {
      case "A":
        m |= N.GENERIC | N.STRING | N.LIST | N.SET | N.HASH | N.ZSET | N.EXPIRED | N.EVICTED | N.STREAM | N.MODULE;
        break;
      case "g":
        m |= N.GENERIC;
        break;
      case "$":
        m |= N.STRING;
        break;
      case "l":
        m |= N.LIST;
        break;
      case "s":
        m |= N.SET;
        break;
      case "h":
        m |= N.HASH;
        break;
      case "z":
        m |= N.ZSET;
        break;
      case "x":
        m |= N.EXPIRED;
        break;
      case "e":
        m |= N.EVICTED;
        break;
      case "K":
        m |= N.KEYSPACE;
        break;
      case "E":
        m |= N.KEYEVENT;
        break;
      case "t":
        m |= N.STREAM;
        break;
      case "m":
        m |= N.KEY_MISS;
        break;
      case "d":
        m |= N.MODULE;
        break;
      case "n":
        m |= N.NEW;
        break;
    }
  }
  // Without K or E nothing is published; keep the mask 0 so the hot path skips notify().
  if ((m & (N.KEYSPACE | N.KEYEVENT)) === 0) return 0;
  return m;
}

/** The canonical flag string CONFIG GET notify-keyspace-events shows (Redis's keyspaceEventsFlagsToString). */
export function notifyFlagsToString(flags: string): string {
  const m = parseNotifyFlagsRaw(flags);
  let s = "";
  const all = N.GENERIC | N.STRING | N.LIST | N.SET | N.HASH | N.ZSET | N.EXPIRED | N.EVICTED | N.STREAM | N.MODULE;
  if ((m & all) === all) s += "A";
  else {
    if (m & N.GENERIC) s += "g";
    if (m & N.STRING) s += "$";
    if (m & N.LIST) s += "l";
    if (m & N.SET) s += "s";
    if (m & N.HASH) s += "h";
    if (m & N.ZSET) s += "z";
    if (m & N.EXPIRED) s += "x";
    if (m & N.EVICTED) s += "e";
    if (m & N.STREAM) s += "t";
    if (m & N.MODULE) s += "d";
  }
  if (m & N.NEW) s += "n";
  if (m & N.KEYSPACE) s += "K";
  if (m & N.KEYEVENT) s += "E";
  if (m & N.KEY_MISS) s += "m";
  return s;
}

function parseNotifyFlagsRaw(flags: string): number {
  const withK = parseNotifyFlags(flags + "K");
  return flags.includes("K") ? withK : withK & ~N.KEYSPACE;
}
