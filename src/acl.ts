// Users and passwords (the authentication half of Redis's ACL).
//
// Passwords, on/off and nopass are enforced. Command, key and channel rules
// are parsed, validated and reported (ACL LIST/GETUSER) but every
// authenticated user may run every command: permission checks are not
// implemented. `requirepass` is the default user's password, as in Redis.

import { createHash } from "node:crypto";

export class User {
  enabled = true;
  nopass = false;
  /** SHA-256 hex digests of the accepted passwords. */
  readonly passwords = new Set<string>();
  commands = "-@all";
  keys: string[] = [];
  channels: string[] = [];
  constructor(readonly name: string) {}

  /** The rule string ACL LIST prints. */
  describe(): string {
    const parts = [`user ${this.name}`, this.enabled ? "on" : "off"];
    if (this.nopass) parts.push("nopass");
    for (const p of this.passwords) parts.push(`#${p}`);
    if (this.keys.length) parts.push(...this.keys);
    parts.push(this.channels.length ? this.channels.join(" ") : "resetchannels");
    parts.push(this.commands);
    return parts.join(" ");
  }

  check(password: string): boolean {
    return this.enabled && (this.nopass || this.passwords.has(sha256(password)));
  }
}

export function sha256(s: string): string {
  return createHash("sha256").update(Buffer.from(s, "latin1")).digest("hex");
}

export class Acl {
  readonly users = new Map<string, User>();

  constructor() {
    const d = new User("default");
    d.nopass = true;
    d.commands = "+@all";
    d.keys = ["~*"];
    d.channels = ["&*"];
    this.users.set("default", d);
  }

  get defaultUser(): User {
    return this.users.get("default")!;
  }

  /** requirepass: "" = nopass, else exactly that one password. */
  setRequirePass(pass: string): void {
    const d = this.defaultUser;
    d.passwords.clear();
    d.nopass = pass === "";
    if (pass !== "") d.passwords.add(sha256(pass));
  }

  authenticate(user: string, pass: string): boolean {
    return this.users.get(user)?.check(pass) ?? false;
  }

  /** Applies ACL SETUSER rules; returns an error text naming the bad rule, or null. */
  setUser(name: string, rules: readonly string[]): string | null {
    const existing = this.users.get(name);
    const u = existing ?? new User(name);
    if (!existing) u.enabled = false;
    // Validate everything on a scratch copy first: SETUSER is all or nothing.
    const scratch = Object.assign(new User(name), {
      enabled: u.enabled,
      nopass: u.nopass,
      commands: u.commands,
      keys: [...u.keys],
      channels: [...u.channels],
    });
    for (const p of u.passwords) scratch.passwords.add(p);
    for (const rule of rules) {
      const e = applyRule(scratch, rule);
      if (e !== null) return `ERR Error in ACL SETUSER modifier '${rule}': ${e}`;
    }
    u.enabled = scratch.enabled;
    u.nopass = scratch.nopass;
    u.commands = scratch.commands;
    u.keys = scratch.keys;
    u.channels = scratch.channels;
    u.passwords.clear();
    for (const p of scratch.passwords) u.passwords.add(p);
    this.users.set(name, u);
    return null;
  }
}

const NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";

function applyRule(u: User, rule: string): string | null {
  const r = rule.toLowerCase();
  if (r === "on") u.enabled = true;
  else if (r === "off") u.enabled = false;
  else if (r === "nopass") {
    u.nopass = true;
    u.passwords.clear();
  } else if (r === "resetpass") {
    u.nopass = false;
    u.passwords.clear();
  } else if (rule.startsWith(">")) {
    u.passwords.add(sha256(rule.slice(1)));
    u.nopass = false;
  } else if (rule.startsWith("<")) {
    if (!u.passwords.delete(sha256(rule.slice(1)))) return NO_SUCH_PASSWORD;
  } else if (rule.startsWith("#")) {
    if (!/^#[0-9a-f]{64}$/.test(rule)) return "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
    u.passwords.add(rule.slice(1));
    u.nopass = false;
  } else if (rule.startsWith("!")) {
    if (!u.passwords.delete(rule.slice(1))) return NO_SUCH_PASSWORD;
  } else if (r === "allkeys" || rule === "~*") u.keys = ["~*"];
  else if (r === "resetkeys") u.keys = [];
  else if (rule.startsWith("~") || /^%(R|W|RW)~/i.test(rule)) u.keys.push(rule);
  else if (r === "allchannels" || rule === "&*") u.channels = ["&*"];
  else if (r === "resetchannels") u.channels = [];
  else if (rule.startsWith("&")) u.channels.push(rule);
  else if (r === "allcommands" || r === "+@all") u.commands = "+@all";
  else if (r === "nocommands" || r === "-@all") u.commands = "-@all";
  else if (/^[+-]@?[a-z0-9|_-]+$/i.test(rule)) u.commands = `${u.commands} ${rule}`.trim();
  else if (r === "reset") {
    u.enabled = false;
    u.nopass = false;
    u.passwords.clear();
    u.keys = [];
    u.channels = [];
    u.commands = "-@all";
  } else return "Syntax error";
  return null;
}
