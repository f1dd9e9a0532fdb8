// SCAN-family cursors over JS Maps and Sets.
//
// Redis's SCAN walks hash-table buckets in reverse-binary order, a cursor
// being a bucket index. JS collections offer no bucket access, but their
// iterators are live and robust: an iterator visits, exactly once, every
// entry present from its creation to its end, whatever is added or deleted
// meanwhile (new entries may or may not be seen). So a cursor here names a
// suspended iterator. That keeps SCAN's guarantee (an element present for the
// whole scan is returned at least once) with O(COUNT) work per call.
//
// Cursors are single-use numbers handed out in sequence; at most MAX_LIVE are
// kept (oldest dropped). An unknown or dropped cursor starts the scan over,
// which repeats elements (allowed by SCAN's contract) but never skips one.

const MAX_LIVE = 4096;

interface Suspended {
  target: object;
  iter: Iterator<unknown>;
}

export class CursorRegistry {
  private readonly live = new Map<string, Suspended>();
  private seq = Math.floor(Math.random() * 1000) * 1000 + 1;

  /** The iterator to resume for `cursor` over `target`, or null to start anew. */
  take<T>(cursor: string, target: object): Iterator<T> | null {
    if (cursor === "0") return null;
    const s = this.live.get(cursor);
    if (s === undefined) return null;
    this.live.delete(cursor);
    return s.target === target ? (s.iter as Iterator<T>) : null;
  }

  /**
   * One call of a scan: up to `steps` items from the iterator `cursor`
   * names over `target` (or from fresh() when it names none), each passed to
   * visit. Returns the cursor to reply: "0" once the iterator is exhausted.
   */
  step<T>(cursor: string, target: object, fresh: () => Iterator<T>, steps: number, visit: (item: T) => void): string {
    const it = this.take<T>(cursor, target) ?? fresh();
    for (let i = 0; i < steps; i++) {
      const r = it.next();
      if (r.done) return "0";
      visit(r.value);
    }
    return this.save(target, it);
  }

  /** Suspends an iterator and returns the cursor that resumes it. */
  save(target: object, iter: Iterator<unknown>): string {
    if (this.live.size >= MAX_LIVE) {
      const oldest = this.live.keys().next().value as string;
      this.live.delete(oldest);
    }
    const id = String(this.seq++);
    this.live.set(id, { target, iter });
    return id;
  }
}

/**
 * Redis's parseScanCursorOrReply accepts what strtoul accepts in full (no
 * leading space, no trailing junk, in range): returns the normalised cursor
 * string or null for "ERR invalid cursor".
 */
export function parseCursor(s: string): string | null {
  if (s === "") return "0"; // strtoul("") is 0 with nothing left over: valid
  if (!/^[+-]?\d+$/.test(s)) return null;
  const neg = s.startsWith("-");
  let v: bigint;
  try {
    v = BigInt(s.replace(/^[+-]/, ""));
  } catch {
    return null;
  }
  if (v > 18446744073709551615n) return null;
  if (neg && v !== 0n) v = 18446744073709551616n - v; // strtoul wraps negatives
  return v.toString();
}
