// Redis's own command metadata (COMMAND INFO / COMMAND DOCS), snapshotted from
// the reference Redis (7.0.15) by scripts/gen-command-meta.ts into
// redis-meta.json, and re-encoded here so that COMMAND, COMMAND INFO and
// COMMAND DOCS reply byte-for-byte like Redis, in RESP2 and RESP3.
//
// redis-meta.json is { version, commands }, `commands` keyed by lowercase
// command name, subcommands named as Redis names them ("config|get"), in
// sorted order. Each entry is a CommandMeta:
//
//   arity, firstKey, lastKey, step   integers, as in COMMAND INFO
//   flags, acl                       names; sent as a set of simple strings ("+write", "+@string")
//   tips                             sent as a set of bulk strings
//   keySpecs                         raw MetaNode trees (maps), as Redis sends them; sent as a set
//   subcommands                      full names, sorted ("config|get", ...); absent if none
//   docs                             the command's COMMAND DOCS map (a MetaNode) without its
//                                    "subcommands" field, which is rebuilt from the subcommand
//                                    entries (Redis always sends it last)
//
// MetaNode, the stored form of a RESP value:
//
//   "text"                   bulk string (a binary string: one char per byte)
//   123                      integer
//   null                     null: RESP2 "$-1", RESP3 "_"
//   [ ...nodes ]             array
//   { "k": node, ... }       map whose keys are all bulk strings, in order
//                            (RESP3 "%n", RESP2 a flat "*2n" array)
//   { "__map": [[k, v]...] } any other map
//   { "__set": [...] }       set (RESP3 "~n", RESP2 "*n")
//   { "__simple": "text" }   simple string "+text"
//   { "__nullArray": 1 }     null: RESP2 "*-1", RESP3 "_"
//
// Plain-object maps never have keys starting with "__" or integer-like keys
// (JS would reorder those); the generator falls back to "__map" for them.
//
// Ordering: Redis lists commands, and the subcommands of a container command,
// in hash-dict order, which depends on a per-process random seed, so no fixed
// order matches every Redis run. We use sorted order for subcommands; callers
// choose the order of top-level commands (commandNames() is sorted).

import data from "./redis-meta.json";

export type MetaNode =
  | string
  | number
  | null
  | MetaNode[]
  | MetaMapNode
  | MetaSetNode
  | MetaSimpleNode
  | MetaNullArrayNode
  | MetaObjectMap;

/** A map with arbitrary keys, as [key, value] pairs. */
export interface MetaMapNode {
  __map: [MetaNode, MetaNode][];
}
/** A set (RESP3 "~", RESP2 array). */
export interface MetaSetNode {
  __set: MetaNode[];
}
/** A simple string ("+text"). */
export interface MetaSimpleNode {
  __simple: string;
}
/** A null that RESP2 sends as a null array ("*-1"). */
export interface MetaNullArrayNode {
  __nullArray: 1;
}
/** A map whose keys are bulk strings, in insertion order. */
export interface MetaObjectMap {
  [key: string]: MetaNode;
}

/** One command's (or subcommand's) metadata. */
export interface CommandMeta {
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  /** ACL categories, e.g. "@read", "@string", "@fast". */
  acl: string[];
  /** Command tips, e.g. "nondeterministic_output", "request_policy:all_shards". */
  tips: string[];
  keySpecs: MetaNode[];
  /** Full subcommand names ("config|get"), sorted; absent when the command has none. */
  subcommands?: string[];
  /** The COMMAND DOCS map without its "subcommands" field. */
  docs: MetaNode;
}

/**
 * The writer interface encodeMeta writes through; redbun's reply encoder
 * implements it (mapHeader writes "*2n" in RESP2, setHeader "*n", nulls
 * "$-1" / "*-1" in RESP2 and "_" in RESP3).
 */
export interface MetaWriter {
  arrayHeader(n: number): void;
  mapHeader(n: number): void;
  setHeader(n: number): void;
  simple(s: string): void;
  bulk(s: string): void;
  int(n: number): void;
  nullBulk(): void;
  nullArray(): void;
}

interface MetaFile {
  version: string;
  commands: Record<string, CommandMeta>;
}

const file = data as unknown as MetaFile;
const commands: Record<string, CommandMeta> = file.commands;
const table = new Map<string, CommandMeta>(Object.entries(commands));

/** The Redis version the metadata was taken from (e.g. "7.0.15"). */
export const REDIS_META_VERSION: string = file.version ?? "unknown";

/** Metadata of a command ("get") or subcommand ("client|list"); the name must be lowercase. */
export function commandMeta(name: string): CommandMeta | undefined {
  return table.get(name);
}

let topNames: string[] | undefined;

/** Names of all top-level commands (no subcommands), sorted. */
export function commandNames(): string[] {
  if (!topNames) topNames = [...table.keys()].filter((n) => !n.includes("|")).sort();
  return topNames;
}

let allNames: string[] | undefined;

/**
 * Every command and subcommand name, each command followed by its
 * subcommands ("config", "config|get", ...), as COMMAND LIST lists them in
 * Redis 7.0 (which, unlike COMMAND COUNT, includes subcommands).
 */
export function allCommandNames(): string[] {
  if (!allNames) allNames = commandNames().flatMap((n) => [n, ...(table.get(n)!.subcommands ?? [])]);
  return allNames;
}

/** Looks a command up; tests and the generator pass their own. */
export type MetaLookup = (name: string) => CommandMeta | undefined;

const simples = (xs: string[]): MetaSetNode => ({ __set: xs.map((s) => ({ __simple: s })) });

/**
 * The COMMAND INFO entry of a command, with its subcommands' entries nested:
 * [name, arity, flags, first key, last key, step, acl categories, tips,
 *  key specs, subcommands].
 */
export function commandInfoNode(name: string, lookup: MetaLookup = commandMeta): MetaNode | undefined {
  const m = lookup(name);
  if (!m) return undefined;
  const subs: MetaNode[] = [];
  for (const s of m.subcommands ?? []) {
    const n = commandInfoNode(s, lookup);
    if (n !== undefined) subs.push(n);
  }
  return [
    name,
    m.arity,
    simples(m.flags),
    m.firstKey,
    m.lastKey,
    m.step,
    simples(m.acl),
    { __set: m.tips.slice() },
    { __set: m.keySpecs },
    // Redis 7.0 sends "no subcommands" as an empty set (RESP3 "~0"), but
    // subcommands as an array ("*n").
    subs.length ? subs : { __set: [] },
  ];
}

/** The COMMAND DOCS map of a command (the value under its name), subcommands included. */
export function commandDocsNode(name: string, lookup: MetaLookup = commandMeta): MetaNode | undefined {
  const m = lookup(name);
  if (!m) return undefined;
  if (!m.subcommands?.length) return m.docs;
  const subs: MetaObjectMap = {};
  for (const s of m.subcommands) {
    const n = commandDocsNode(s, lookup);
    if (n !== undefined) subs[s] = n;
  }
  const docs = m.docs;
  if (docs !== null && typeof docs === "object" && !Array.isArray(docs) && "__map" in docs) {
    return { __map: [...(docs as MetaMapNode).__map, ["subcommands", subs]] };
  }
  return { ...(docs as MetaObjectMap), subcommands: subs };
}

/** Writes a node through the writer (see MetaNode for the encoding of each form). */
export function encodeMeta(node: MetaNode, w: MetaWriter): void {
  if (typeof node === "string") return w.bulk(node);
  if (typeof node === "number") return w.int(node);
  if (node === null) return w.nullBulk();
  if (Array.isArray(node)) {
    w.arrayHeader(node.length);
    for (const x of node) encodeMeta(x, w);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.__simple === "string") return w.simple(o.__simple);
  if (Array.isArray(o.__set)) {
    const items = o.__set as MetaNode[];
    w.setHeader(items.length);
    for (const x of items) encodeMeta(x, w);
    return;
  }
  if (Array.isArray(o.__map)) {
    const pairs = o.__map as [MetaNode, MetaNode][];
    w.mapHeader(pairs.length);
    for (const [k, v] of pairs) {
      encodeMeta(k, w);
      encodeMeta(v, w);
    }
    return;
  }
  if (o.__nullArray !== undefined) return w.nullArray();
  const keys = Object.keys(o);
  w.mapHeader(keys.length);
  for (const k of keys) {
    w.bulk(k);
    encodeMeta(o[k] as MetaNode, w);
  }
}
