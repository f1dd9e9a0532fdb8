// The sorted set value: an order-statistic tree ordered by (score, member)
// (ztree.ts, in the role of Redis's skip list) plus a member → score map, as
// Redis's skiplist-encoded zset (t_zset.c).
//
// Redis keeps small sorted sets in a listpack instead, converting one-way to
// the skiplist encoding once an insert would exceed zset-max-listpack-entries
// elements or add a member longer than zset-max-listpack-value bytes. Here the
// data always lives in the skip list; `big` records whether Redis would have
// converted by now, which is what OBJECT ENCODING reports, and the one
// observable difference of the listpack: it stores an integral score as an
// integer, so a score of -0 is kept as 0 while the set is small.

import { type LexRange, lexGteMin, lexLteMax, type ScoreRange } from "./zranges.ts";
import { type ZPos, ZTree } from "./ztree.ts";
import type { EncodingLimits } from "./limits.ts";
import { RObject } from "./types.ts";

// zsetAdd input flags.
export const ZADD_IN_INCR = 1;
export const ZADD_IN_NX = 2;
export const ZADD_IN_XX = 4;
export const ZADD_IN_GT = 8;
export const ZADD_IN_LT = 16;
// zsetAdd output flags.
export const ZADD_OUT_NAN = 1;
export const ZADD_OUT_ADDED = 2;
export const ZADD_OUT_UPDATED = 4;
export const ZADD_OUT_NOP = 8;

export class ZSet extends RObject {
  readonly type = "zset" as const;
  readonly tree = new ZTree();
  readonly dict = new Map<string, number>();
  /** Converted to the skiplist encoding (one-way). */
  big: boolean;
  /** The score after the last add() (zsetAdd's *newscore). */
  newScore = 0;

  constructor(big = false) {
    super();
    this.big = big;
  }

  get size(): number {
    return this.dict.size;
  }

  encoding(): string {
    return this.big ? "skiplist" : "listpack";
  }

  clone(): ZSet {
    const z = new ZSet(this.big);
    // Appending in order: every insert lands at the tail (full leaves).
    this.tree.forEach((ele, score) => {
      z.tree.insert(score, ele);
      z.dict.set(ele, score);
    });
    return z;
  }

  score(ele: string): number | undefined {
    return this.dict.get(ele);
  }

  /**
   * zsetAdd: adds or updates one element according to the ZADD_IN_* flags.
   * Returns the ZADD_OUT_* flags (ZADD_OUT_NAN alone on a NaN result, and
   * then nothing changed); the resulting score is left in newScore.
   */
  add(score: number, ele: string, flags: number, limits: EncodingLimits): number {
    if (score !== score) return ZADD_OUT_NAN;
    const cur = this.dict.get(ele);
    if (cur !== undefined) {
      if (flags & ZADD_IN_NX) return ZADD_OUT_NOP;
      if (flags & ZADD_IN_INCR) {
        score += cur;
        if (score !== score) return ZADD_OUT_NAN;
      }
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return ZADD_OUT_NOP;
      this.newScore = score;
      if (score !== cur) {
        const stored = this.big ? score : score + 0; // listpack: -0 is stored as 0
        this.tree.updateScore(cur, ele, stored);
        this.dict.set(ele, stored);
        return ZADD_OUT_UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_IN_XX) return ZADD_OUT_NOP;
    this.insertNew(score, ele, limits);
    this.newScore = score;
    return ZADD_OUT_ADDED;
  }

  /** Inserts an element known to be absent, converting the encoding first if needed. */
  insertNew(score: number, ele: string, limits: EncodingLimits): void {
    if (!this.big) {
      if (this.dict.size + 1 > limits.zsetMaxListpackEntries || ele.length > limits.zsetMaxListpackValue) {
        this.big = true;
      } else {
        score += 0;
      }
    }
    this.dict.set(ele, score);
    this.tree.insert(score, ele);
  }

  /**
   * For sets built as results (ZUNIONSTORE...: Redis builds a skiplist, then
   * zsetConvertToListpackIfNeeded): picks the encoding from the final size.
   */
  settleEncoding(limits: EncodingLimits, maxEleLen: number): void {
    if (this.dict.size <= limits.zsetMaxListpackEntries && maxEleLen <= limits.zsetMaxListpackValue) {
      this.big = false;
      const p = this.tree.first();
      if (p !== null) {
        do {
          if (p.score === 0 && 1 / p.score < 0) {
            this.tree.setScoreAt(p, 0);
            this.dict.set(p.ele, 0);
          }
        } while (p.next());
      }
    } else {
      this.big = true;
    }
  }

  /** zsetDel: removes a member; false when absent. */
  del(ele: string): boolean {
    const score = this.dict.get(ele);
    if (score === undefined) return false;
    this.dict.delete(ele);
    this.tree.deletePresent(score, ele);
    return true;
  }

  /** 0-based rank of a member (from the highest score when reverse), or -1. */
  rank(ele: string, reverse: boolean): number {
    const score = this.dict.get(ele);
    if (score === undefined) return -1;
    const r = this.tree.rankOf(score, ele);
    return reverse ? this.tree.length - 1 - r : r;
  }

  /** Number of elements in a score range (ZCOUNT). */
  countInRange(r: ScoreRange): number {
    return this.tree.countInRange(r);
  }

  // Lex ranges are meant for sets whose scores are all equal; otherwise Redis
  // leaves the result unspecified, and it depends on the encoding: a
  // listpack is scanned linearly from one end (zzlFirstInLexRange...), a skip
  // list searched (with results that depend on its random levels). Small sets
  // reproduce the listpack's scans; for equal scores both ways agree.

  /** The first element in a lex range, or null. */
  firstInLex(r: LexRange): ZPos | null {
    const tree = this.tree;
    if (this.big) return tree.firstInLexRange(r);
    if (!tree.isInLexRange(r)) return null;
    const p = tree.first()!;
    do {
      if (lexGteMin(p.ele, r)) return lexLteMax(p.ele, r) ? p : null;
    } while (p.next());
    return null;
  }

  /** The last element in a lex range, or null. */
  lastInLex(r: LexRange): ZPos | null {
    const tree = this.tree;
    if (this.big) return tree.lastInLexRange(r);
    if (!tree.isInLexRange(r)) return null;
    const p = tree.last()!;
    do {
      if (lexLteMax(p.ele, r)) return lexGteMin(p.ele, r) ? p : null;
    } while (p.prev());
    return null;
  }

  /** Number of elements in a lex range (ZLEXCOUNT). */
  countInLexRange(r: LexRange): number {
    const tree = this.tree;
    if (this.big) {
      if (!tree.isInLexRange(r)) return 0;
      const n = tree.countToLexMax(r) - tree.rankOfLexMin(r);
      return n > 0 ? n : 0;
    }
    const p = this.firstInLex(r);
    if (p === null) return 0;
    let count = 0;
    do {
      if (!lexLteMax(p.ele, r)) break;
      count++;
    } while (p.next());
    return count;
  }

  /** Removes the elements of a lex range (ZREMRANGEBYLEX); returns how many. */
  deleteRangeByLex(r: LexRange): number {
    if (this.big) return this.tree.deleteRangeByLex(r, this.dict);
    const p = this.firstInLex(r);
    if (p === null) return 0;
    const doomed: string[] = [];
    do {
      if (!lexLteMax(p.ele, r)) break;
      doomed.push(p.ele);
    } while (p.next());
    for (const ele of doomed) this.del(ele);
    return doomed.length;
  }
}
