// The one place every write passes through.
//
// Handlers report each key they change with `written()` (and extra keyspace
// events with `notify()`); the dispatcher reports each write command that
// changed the dataset with `command()`. Everything that must follow writes —
// WATCH invalidation, keyspace notifications, the AOF, replicas, the dirty
// counter behind `save` points — subscribes here instead of living in
// handlers.

/** Keyspace notification classes (the flags of notify-keyspace-events). */
export const enum N {
  KEYSPACE = 1 << 0, // K
  KEYEVENT = 1 << 1, // E
  GENERIC = 1 << 2, // g
  STRING = 1 << 3, // $
  LIST = 1 << 4, // l
  SET = 1 << 5, // s
  HASH = 1 << 6, // h
  ZSET = 1 << 7, // z
  EXPIRED = 1 << 8, // x
  EVICTED = 1 << 9, // e
  STREAM = 1 << 10, // t
  KEY_MISS = 1 << 11, // m (not part of A)
  LOADED = 1 << 12, // module only
  MODULE = 1 << 13, // d
  NEW = 1 << 14, // n (not part of A)
}

export type KeyListener = (db: number, key: string) => void;
export type NotifyListener = (cls: number, event: string, key: string, db: number) => void;
export type CommandListener = (db: number, argv: readonly string[]) => void;
export type FlushListener = (db: number) => void; // -1: all databases

export class Propagator {
  /** Changes since the last successful save (Redis's server.dirty). */
  dirty = 0;
  /** Bitmask of enabled notification classes; 0 = notifications off (the common case). */
  notifyMask = 0;

  readonly onKey: KeyListener[] = [];
  readonly onNotify: NotifyListener[] = [];
  readonly onCommand: CommandListener[] = [];
  readonly onFlush: FlushListener[] = [];
  readonly onSwap: ((a: number, b: number) => void)[] = [];

  /** A key's value changed (signalModifiedKey + notifyKeyspaceEvent + dirty++). */
  written(db: number, key: string, cls: number, event: string): void {
    this.dirty++;
    this.keyChanged(db, key);
    if (this.notifyMask !== 0) this.notify(cls, event, key, db);
  }

  /** A key changed without counting as a dataset change of its own. */
  keyChanged(db: number, key: string): void {
    const l = this.onKey;
    for (let i = 0; i < l.length; i++) l[i]!(db, key);
  }

  notify(cls: number, event: string, key: string, db: number): void {
    if ((this.notifyMask & cls) === 0) return;
    const l = this.onNotify;
    for (let i = 0; i < l.length; i++) l[i]!(cls, event, key, db);
  }

  /** A write command to replay (AOF, replicas), possibly rewritten by its handler. */
  command(db: number, argv: readonly string[]): void {
    const l = this.onCommand;
    if (l.length === 0) return;
    if (this.txDepth > 0 && !this.txOpened) {
      // EXEC's writes replay atomically: MULTI before the first, EXEC after the last.
      this.txOpened = true;
      for (let i = 0; i < l.length; i++) l[i]!(db, ["MULTI"]);
    }
    for (let i = 0; i < l.length; i++) l[i]!(db, argv);
  }

  private txDepth = 0;
  private txOpened = false;

  beginTransaction(): void {
    this.txDepth++;
  }

  endTransaction(db: number): void {
    if (--this.txDepth > 0) return;
    if (this.txOpened) {
      this.txOpened = false;
      const l = this.onCommand;
      for (let i = 0; i < l.length; i++) l[i]!(db, ["EXEC"]);
    }
  }

  /** SWAPDB: listeners see both databases changed wholesale (WATCH touches only watched keys). */
  swapped(a: number, b: number): void {
    const l = this.onSwap;
    for (let i = 0; i < l.length; i++) l[i]!(a, b);
  }

  flushed(db: number): void {
    const l = this.onFlush;
    for (let i = 0; i < l.length; i++) l[i]!(db);
  }
}
