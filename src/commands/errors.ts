// Error texts exactly as Redis 7 words them (clients parse these).

export const E = {
  WRONGTYPE: "WRONGTYPE Operation against a key holding the wrong kind of value",
  SYNTAX: "ERR syntax error",
  NOT_INT: "ERR value is not an integer or out of range",
  NOT_FLOAT: "ERR value is not a valid float",
  OVERFLOW: "ERR increment or decrement would overflow",
  NO_SUCH_KEY: "ERR no such key",
  INDEX_RANGE: "ERR index out of range",
  DB_RANGE: "ERR DB index is out of range",
  SAME_OBJECT: "ERR source and destination objects are the same",
  STRING_TOO_BIG: "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
  OFFSET_RANGE: "ERR offset is out of range",
  NOAUTH: "NOAUTH Authentication required.",
  NOPROTO: "NOPROTO unsupported protocol version",
  WRONGPASS: "WRONGPASS invalid username-password pair or user is disabled.",
  NOSCRIPT: "NOSCRIPT No matching script. Please use EVAL.",
  INVALID_CURSOR: "ERR invalid cursor",
} as const;

export function wrongArgs(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

/** `unknown command 'x', with args beginning with: 'a' 'b' ` — Redis's exact shape. */
export function unknownCommand(argv: readonly string[]): string {
  let args = "";
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cstr(argv[i]!).slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${cstr(argv[0]!).slice(0, 128)}', with args beginning with: ${args}`;
}

/** Redis formats these with %s: a NUL byte ends the C string. */
function cstr(s: string): string {
  const i = s.indexOf("\0");
  return i === -1 ? s : s.slice(0, i);
}

export function invalidExpire(cmd: string): string {
  return `ERR invalid expire time in '${cmd}' command`;
}
