// redis.conf syntax and redis-server's command line, turned into config settings.
//
// As redis-server does, command-line options are appended to the file's text
// ("--port 3000 --bind a b" becomes the lines "port 3000" and "bind a b"), so
// both go through one parser and the command line overrides the file.

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Glob } from "bun";
import type { Config } from "./config.ts";
import { splitArgs } from "./protocol/parser.ts";

export class ConfigError extends Error {}

/** Turns redis-server style arguments (after an optional config file) into config text. */
export function argsToConfigText(args: readonly string[]): string {
  const lines: string[] = [];
  let cur: string[] | null = null;
  for (const a of args) {
    if (a.startsWith("--") && a.length > 2) {
      if (cur) lines.push(cur.join(" "));
      cur = [a.slice(2)];
    } else if (cur) {
      cur.push(quote(a));
    } else {
      throw new ConfigError(`Unexpected argument '${a}' (options start with --, e.g. --port 6380)`);
    }
  }
  if (cur) lines.push(cur.join(" "));
  return lines.join("\n");
}

function quote(v: string): string {
  if (v !== "" && !/[\s"'\\]/.test(v)) return v;
  return '"' + v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") + '"';
}

/**
 * Applies config text to a Config. Lines are split with Redis's quoting rules;
 * `include <file>` is followed; an unknown directive or bad value throws a
 * ConfigError naming the line, like redis-server's fatal config error.
 */
export function applyConfigText(
  config: Config,
  text: string,
  source: string,
  baseDir = process.cwd(),
  depth = 0,
  state = { sawSave: false },
): void {
  if (depth > 16) throw new ConfigError(`${source}: include nesting too deep`);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const bytes = Buffer.from(line, "latin1");
    const argv = splitArgs(bytes, 0, bytes.length);
    const fail = (why: string): never => {
      throw new ConfigError(`*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line ${i + 1} of ${source}\n>>> '${line}'\n${why}`);
    };
    if (argv === null) fail("Unbalanced quotes in configuration line");
    if (argv!.length === 0) continue;
    const name = argv![0]!.toLowerCase();
    const values = argv!.slice(1);
    if (name === "include") {
      if (values.length !== 1) fail("Bad directive or wrong number of arguments");
      // As redis-server: a relative path is opened from the working directory,
      // and a glob pattern includes every matching file in sorted order.
      const pattern = values[0]!;
      const paths = /[*?[]/.test(pattern)
        ? [...new Glob(pattern).scanSync({ cwd: isAbsolute(pattern) ? "/" : process.cwd(), absolute: true, onlyFiles: true })].sort()
        : [resolve(pattern)];
      for (const path of paths) {
        let inc: string;
        try {
          inc = readFileSync(path, "latin1");
        } catch (e) {
          fail(`Can't open included file ${path}: ${(e as Error).message}`);
        }
        applyConfigText(config, inc!, path, dirname(path), depth + 1, state);
      }
      continue;
    }
    const p = config.def(name);
    if (!p) fail("Bad directive or wrong number of arguments");
    // Multi-value parameters (save, bind, client-output-buffer-limit) take
    // their words joined; "save" may also be repeated, each line adding points.
    let value = values.join(" ");
    if (name === "save") {
      if (state.sawSave && value !== "") value = `${config.get("save")} ${value}`.trim();
      state.sawSave = true;
    }
    if (p!.kind.t !== "special" && values.length !== 1) fail("wrong number of arguments");
    const e = config.set(name, value, true);
    if (e !== null) fail(e);
  }
}

/** Loads a redis.conf file, then the command-line options on top of it. */
export function loadConfig(config: Config, file: string | null, options: readonly string[]): void {
  const state = { sawSave: false };
  if (file !== null) {
    const path = resolve(file);
    let text: string;
    try {
      text = readFileSync(path, "latin1");
    } catch (e) {
      throw new ConfigError(`Fatal error, can't open config file '${path}': ${(e as Error).message}`);
    }
    config.configFile = path;
    applyConfigText(config, text, path, dirname(path), 0, state);
  }
  const text = argsToConfigText(options);
  // As redis-server, the command line is appended to the file's text: repeated
  // `save` lines keep adding points across both.
  if (text) applyConfigText(config, text, "the command line", process.cwd(), 0, state);
}
