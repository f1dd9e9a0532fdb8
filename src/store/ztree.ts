// The ordered half of a sorted set: an order-statistic B+tree over
// (score, member), members compared as unsigned bytes (members are latin1
// "binary strings", one char per byte, so JS string order is Redis's sdscmp).
//
// Redis uses a skip list with spans here (t_zset.c). This tree answers the
// same questions (insert, delete, rank, element by rank, first/last in a score
// or lex range) in O(log N), but it is laid out for the memory hierarchy: a
// skip list visits ~2 log4(N) nodes per search, each a likely cache and TLB
// miss in a big set (a rank lookup was 16x slower at 1M members than at 1K),
// and so did a tree of small JS objects (node → array object → its storage:
// three dependent misses per level).
//
// So the nodes are not objects: they are fixed-size slots in a few pooled
// arrays per tree, addressed by node id.
//
// - A leaf holds up to LEAF_CAP elements. Its count and scores sit together
//   in one Float64Array slot (`lsc`, [n, score0, score1, ...]); its members
//   in the leaf's own string array (`lel[id]`: one array per leaf, because
//   storing into a huge array would make the garbage collector rescan all of
//   it at every young collection); its neighbours in
//   `llink`. A binary search compares scores and reads a member only on a
//   score tie, so the rank of a member with a distinct score touches one or
//   two cache lines of one array.
// - An inner node holds up to INNER_CAP children: in one Float64Array slot
//   (`inr`), its child count, then the number of elements under each child
//   (for ranks), the children's separator scores, and their ids; separator
//   members are in `ike`. A separator is the (score, member) of its child's
//   first element when it was set. It may be stale (that element deleted
//   since) but always bounds the child: every key of child i is >=
//   separator i and < separator i + 1.
// - At 1M members the tree is three inner levels over ~20K leaves; the inner
//   slots (under 1 MB) stay in cache, so a search costs a few misses in one
//   leaf slot.
//
// Small sets are one root leaf whose slot starts at 4 elements and doubles,
// so a 3-member sorted set does not pay for a 64-element leaf. Freed slots go
// to free lists; the pools do not shrink while the set lives.
//
// A position in the tree is a ZPos (leaf id + index), the analogue of a skip
// list node pointer: valid until the tree is next modified.

import {
  type LexRange,
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  type ScoreRange,
  scoreRangeEmpty,
  valueGteMin,
  valueLteMax,
} from "./zranges.ts";

export const LEAF_CAP = 128;
export const INNER_CAP = 64;
/** Below these a node is merged with a sibling when the two fit in one. */
const LEAF_MIN = LEAF_CAP >> 2;
const INNER_MIN = INNER_CAP >> 2;
/** First capacity of a root leaf (it doubles up to LEAF_CAP). */
const LEAF_START = 4;

// Leaf slots. One spare element slot: an insert into a full leaf lands
// first, then the leaf splits.
/** Doubles per leaf in lsc: [n, score × (LEAF_CAP + 1)]. */
const LS = LEAF_CAP + 2;
/** Member slots per leaf array. */
const LE = LEAF_CAP + 1;

// Inner slots: [n, count × W, separator score × W, child id × W], W = INNER_CAP + 1.
const IW = INNER_CAP + 1;
const I_CNT = 1;
const I_KS = 1 + IW;
const I_KID = 1 + 2 * IW;
/** Doubles per inner node in inr. */
const IS = 1 + 3 * IW;

// How a full node splits.
const SPLIT_HALF = 0;
const SPLIT_APPEND = 1;
const SPLIT_PREPEND = 2;

const NONE = -1;

/** A position: element `i` of leaf `leaf`. next()/prev() step through the whole set. */
export class ZPos {
  constructor(
    readonly tree: ZTree,
    public leaf: number,
    public i: number,
  ) {}
  get ele(): string {
    return this.tree.lel[this.leaf]![this.i]!;
  }
  get score(): number {
    return this.tree.lsc[this.leaf * LS + 1 + this.i]!;
  }
  clone(): ZPos {
    return new ZPos(this.tree, this.leaf, this.i);
  }
  /** Steps to the next element; false at the end (the position is then spent). */
  next(): boolean {
    const t = this.tree;
    if (++this.i < t.lsc[this.leaf * LS]!) return true;
    const l = t.llink[this.leaf * 2]!;
    if (l === NONE) return false;
    this.leaf = l;
    this.i = 0;
    return true;
  }
  /** Steps to the previous element; false at the start. */
  prev(): boolean {
    if (--this.i >= 0) return true;
    const t = this.tree;
    const l = t.llink[this.leaf * 2 + 1]!;
    if (l === NONE) return false;
    this.leaf = l;
    this.i = t.lsc[l * LS]! - 1;
    return true;
  }
}

// The path of the last descent: inner node id and child index per level,
// root first. One tree operation runs at a time and none re-enters another.
const pathNode: number[] = [];
const pathIdx: number[] = [];
/** Results of a descent: leaf id, index in it, elements before that index. */
let seekLeaf = 0;
let seekIdx = 0;
let seekRank = 0;

// Monotone "sorts before the target" predicates for the generic descent.
const B_SCORE_BELOW_MIN = 0; // out of a score range, below it
const B_SCORE_LE_MAX = 1; // at or below a score range's max
const B_LEX_BELOW_MIN = 2;
const B_LEX_LE_MAX = 3;
let qScore: ScoreRange | null = null;
let qLex: LexRange | null = null;

/** before() for the score modes (members are not read). */
function beforeScore(mode: number, s: number): boolean {
  return mode === B_SCORE_BELOW_MIN ? !valueGteMin(s, qScore!) : valueLteMax(s, qScore!);
}
/** before() for the lex modes (scores are not read). */
function beforeLex(mode: number, e: string): boolean {
  return mode === B_LEX_BELOW_MIN ? !lexGteMin(e, qLex!) : lexLteMax(e, qLex!);
}

/** before(mode) for the element at a position. */
function beforeAt(mode: number, p: ZPos): boolean {
  return mode < B_LEX_BELOW_MIN ? beforeScore(mode, p.score) : beforeLex(mode, p.ele);
}

/**
 * The first index in [from, to) of a node's keys (scores at sc[sb + i],
 * members at el[eb + i]) for which before(mode) is false, or `to`. Scores
 * are scanned a cache line at a time (see seekKey); members, which are
 * pointers to strings, by binary search.
 */
function lastBefore(mode: number, sc: Float64Array, sb: number, el: string[], eb: number, from: number, to: number): number {
  let lo = from;
  if (mode < B_LEX_BELOW_MIN) {
    while (lo + 8 <= to && beforeScore(mode, sc[sb + lo + 7]!)) lo += 8;
    while (lo < to && beforeScore(mode, sc[sb + lo]!)) lo++;
    return lo;
  }
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beforeLex(mode, el[eb + mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const EMPTY_F64 = new Float64Array(0);

export class ZTree {
  /** Leaf slots: count and scores. */
  lsc = new Float64Array(1 + LEAF_START + 1);
  /** Leaf slots: members. */
  readonly lel: string[][] = [new Array<string>(LEAF_START + 1).fill("")];
  /** Leaf links: [next, prev] per leaf. */
  llink = new Int32Array([NONE, NONE]);
  private leafIds = 1;
  private readonly leafFree: number[] = [];
  /** Inner slots (see the layout above) and separator members. */
  inr = EMPTY_F64;
  readonly ike: string[] = [];
  private innerIds = 0;
  private readonly innerFree: number[] = [];

  /** Root id: a leaf when height is 0, else an inner node. */
  root = 0;
  /** Inner levels above the leaves. */
  height = 0;
  head = 0;
  tail = 0;
  length = 0;

  // --- positions ---------------------------------------------------------

  /** The first element (lowest score), or null when empty. */
  first(): ZPos | null {
    return this.length === 0 ? null : new ZPos(this, this.head, 0);
  }

  /** The last element, or null when empty. */
  last(): ZPos | null {
    return this.length === 0 ? null : new ZPos(this, this.tail, this.lsc[this.tail * LS]! - 1);
  }

  /** Position of a 0-based rank, or null when out of range. */
  at(rank: number): ZPos | null {
    if (rank < 0 || rank >= this.length) return null;
    this.seekRank(rank);
    return new ZPos(this, seekLeaf, seekIdx);
  }

  /** 1-based rank, as zslGetRank; 0 when (score, ele) is not in the tree. */
  getRank(score: number, ele: string): number {
    return this.find(score, ele) ? seekRank + 1 : 0;
  }

  /** Element at a 1-based rank, as zslGetElementByRank; null when out of range. */
  getElementByRank(rank: number): ZPos | null {
    return this.at(rank - 1);
  }

  /** Bytes held by the tree's own arrays (slots in use or free), for MEMORY USAGE. */
  heapBytes(): number {
    let members = 0;
    for (const le of this.lel) members += 16 + le.length * 8;
    return this.lsc.byteLength + this.llink.byteLength + this.inr.byteLength + this.ike.length * 8 + members;
  }

  /** Number of leaves (tests and memory reports). */
  leafCount(): number {
    let n = 0;
    for (let l = this.head; l !== NONE; l = this.llink[l * 2]!) n++;
    return n;
  }

  // --- descents ----------------------------------------------------------

  /**
   * Descends to where (score, ele) is or would be inserted, recording the
   * path: seekLeaf, seekIdx (the first element not below the key) and
   * seekRank (its rank). `present`: the caller knows the element is in the
   * tree, so when no other element of its leaf has its score, its position
   * is known without comparing members (which would read a string that is
   * likely a cache miss in a big set).
   */
  private seekKey(score: number, ele: string, present: boolean): void {
    const inr = this.inr;
    const ike = this.ike;
    let id = this.root;
    let rank = 0;
    for (let d = 0; d < this.height; d++) {
      const base = id * IS;
      const ks = base + I_KS;
      const ke = id * IW;
      // The last child whose separator is <= the key (an existing key that
      // equals a separator lives in that separator's child). A forward scan,
      // a cache line (8 scores) at a time, rather than a binary search: the
      // loads do not depend on each other, so the memory system overlaps
      // them, where a binary search waits for each probe in turn.
      const n = inr[base]!;
      let lo = 1;
      while (lo + 8 <= n && inr[ks + lo + 7]! < score) lo += 8;
      while (lo < n) {
        const s = inr[ks + lo]!;
        if (s < score || (s === score && ike[ke + lo]! <= ele)) lo++;
        else break;
      }
      const k = lo - 1;
      const cb = base + I_CNT;
      for (let j = 0; j < k; j++) rank += inr[cb + j]!;
      pathNode[d] = id;
      pathIdx[d] = k;
      id = inr[base + I_KID + k]!;
    }
    const lsc = this.lsc;
    const base = id * LS + 1;
    const n = lsc[id * LS]!;
    // The first element with a score >= score (scanned as above)...
    let lo = 0;
    while (lo + 8 <= n && lsc[base + lo + 7]! < score) lo += 8;
    while (lo < n && lsc[base + lo]! < score) lo++;
    let hi: number;
    // ...then, in a run of equal scores, the first member >= ele.
    if (lo < n && lsc[base + lo] === score && !(present && (lo + 1 === n || lsc[base + lo + 1] !== score))) {
      hi = lo + 1;
      while (hi < n && lsc[base + hi] === score) hi++;
      const le = this.lel[id]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (le[mid]! < ele) lo = mid + 1;
        else hi = mid;
      }
    }
    seekLeaf = id;
    seekIdx = lo;
    seekRank = rank + lo;
  }

  /** 0-based rank of an element the caller knows is in the tree. */
  rankOf(score: number, ele: string): number {
    this.seekKey(score, ele, true);
    return seekRank;
  }

  /** Removes an element the caller knows is in the tree. */
  deletePresent(score: number, ele: string): void {
    this.seekKey(score, ele, true);
    this.removeAt(seekLeaf, seekIdx);
  }

  /** seekKey, then whether the element there is (score, ele). */
  private find(score: number, ele: string): boolean {
    this.seekKey(score, ele, false);
    const l = seekLeaf;
    const p = seekIdx;
    return p < this.lsc[l * LS]! && this.lsc[l * LS + 1 + p] === score && this.lel[l]![p] === ele;
  }

  /** Descends to a 0-based rank (which must exist), recording the path. */
  private seekRank(rank: number): void {
    const inr = this.inr;
    let id = this.root;
    for (let d = 0; d < this.height; d++) {
      const cb = id * IS + I_CNT;
      let k = 0;
      while (rank >= inr[cb + k]!) rank -= inr[cb + k++]!;
      pathNode[d] = id;
      pathIdx[d] = k;
      id = inr[id * IS + I_KID + k]!;
    }
    seekLeaf = id;
    seekIdx = rank;
  }

  /**
   * The number of elements for which before(mode) holds (a prefix of the
   * order, the predicate being monotone); seekLeaf/seekIdx are left at the
   * first element after that prefix (seekIdx may equal the leaf's count when
   * the prefix ends with the leaf). No path is recorded.
   */
  private countBefore(mode: number): number {
    const inr = this.inr;
    const ike = this.ike;
    let id = this.root;
    let rank = 0;
    for (let d = 0; d < this.height; d++) {
      const base = id * IS;
      const ks = base + I_KS;
      const ke = id * IW;
      const k = lastBefore(mode, inr, ks, ike, ke, 1, inr[base]!) - 1;
      const cb = base + I_CNT;
      for (let j = 0; j < k; j++) rank += inr[cb + j]!;
      id = inr[base + I_KID + k]!;
    }
    const lo = lastBefore(mode, this.lsc, id * LS + 1, this.lel[id]!, 0, 0, this.lsc[id * LS]!);
    seekLeaf = id;
    seekIdx = lo;
    return rank + lo;
  }

  /** The first element after the prefix countBefore found, or null at the end. */
  private afterPrefix(): ZPos | null {
    const p = new ZPos(this, seekLeaf, seekIdx);
    if (seekIdx < this.lsc[seekLeaf * LS]!) return p;
    p.i--;
    return p.next() ? p : null;
  }

  /** The last element of the prefix countBefore found, or null when it is empty. */
  private endOfPrefix(): ZPos | null {
    const p = new ZPos(this, seekLeaf, seekIdx);
    return p.prev() ? p : null;
  }

  // --- score and lex ranges ----------------------------------------------

  /** zslIsInRange: whether some element can be in the range. */
  isInRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r) || this.length === 0) return false;
    const lsc = this.lsc;
    return valueGteMin(lsc[this.tail * LS + lsc[this.tail * LS]!]!, r) && valueLteMax(lsc[this.head * LS + 1]!, r);
  }

  /** 0-based rank of the first element with a score >= (or >) min. */
  rankOfScoreMin(r: ScoreRange): number {
    qScore = r;
    return this.countBefore(B_SCORE_BELOW_MIN);
  }

  /** Number of elements with a score <= (or <) max. */
  countToScoreMax(r: ScoreRange): number {
    qScore = r;
    return this.countBefore(B_SCORE_LE_MAX);
  }

  /** zslFirstInRange: the first element in the range, or null. */
  firstInRange(r: ScoreRange): ZPos | null {
    if (!this.isInRange(r)) return null;
    qScore = r;
    return this.firstIn(B_SCORE_BELOW_MIN, B_SCORE_LE_MAX);
  }

  /** zslLastInRange: the last element in the range, or null. */
  lastInRange(r: ScoreRange): ZPos | null {
    if (!this.isInRange(r)) return null;
    qScore = r;
    return this.lastIn(B_SCORE_BELOW_MIN, B_SCORE_LE_MAX);
  }

  /** The first element not below the range (minMode) if it is within it (maxMode). */
  private firstIn(minMode: number, maxMode: number): ZPos | null {
    this.countBefore(minMode);
    const p = this.afterPrefix();
    return p !== null && beforeAt(maxMode, p) ? p : null;
  }

  /** The last element within the range's max (maxMode) if it is not below it (minMode). */
  private lastIn(minMode: number, maxMode: number): ZPos | null {
    this.countBefore(maxMode);
    const p = this.endOfPrefix();
    return p !== null && !beforeAt(minMode, p) ? p : null;
  }

  /** Number of elements in a score range. */
  countInRange(r: ScoreRange): number {
    if (!this.isInRange(r)) return 0;
    const n = this.countToScoreMax(r) - this.rankOfScoreMin(r);
    return n > 0 ? n : 0;
  }

  /** zslIsInLexRange. */
  isInLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r) || this.length === 0) return false;
    return lexGteMin(this.lel[this.tail]![this.lsc[this.tail * LS]! - 1]!, r) && lexLteMax(this.lel[this.head]![0]!, r);
  }

  /**
   * Lex searches assume the members are in byte order along the tree, which
   * holds when all scores are equal (the only case Redis defines).
   */
  rankOfLexMin(r: LexRange): number {
    qLex = r;
    return this.countBefore(B_LEX_BELOW_MIN);
  }
  countToLexMax(r: LexRange): number {
    qLex = r;
    return this.countBefore(B_LEX_LE_MAX);
  }

  /** zslFirstInLexRange. */
  firstInLexRange(r: LexRange): ZPos | null {
    if (!this.isInLexRange(r)) return null;
    qLex = r;
    return this.firstIn(B_LEX_BELOW_MIN, B_LEX_LE_MAX);
  }

  /** zslLastInLexRange. */
  lastInLexRange(r: LexRange): ZPos | null {
    if (!this.isInLexRange(r)) return null;
    qLex = r;
    return this.lastIn(B_LEX_BELOW_MIN, B_LEX_LE_MAX);
  }

  // --- updates -----------------------------------------------------------

  /** zslInsert: adds (score, ele); the caller guarantees ele is not present. */
  insert(score: number, ele: string): void {
    this.seekKey(score, ele, false);
    const h = this.height;
    const inr = this.inr;
    for (let d = 0; d < h; d++) inr[pathNode[d]! * IS + I_CNT + pathIdx[d]!]++;
    this.length++;
    const leaf = seekLeaf;
    const p = seekIdx;
    const lb = leaf * LS;
    let n = this.lsc[lb]!;
    // Only a small root leaf can lack the room (its slot grows in steps).
    if (lb + n + 2 > this.lsc.length) this.growRootLeaf();
    const lsc = this.lsc;
    const le = this.lel[leaf]!;
    const sb = lb + 1;
    if (p < n) {
      lsc.copyWithin(sb + p + 1, sb + p, sb + n);
      for (let i = n; i > p; i--) le[i] = le[i - 1]!;
    }
    lsc[sb + p] = score;
    le[p] = ele;
    lsc[lb] = ++n;
    if (n > LEAF_CAP) {
      const how =
        p === n - 1 && this.llink[leaf * 2] === NONE ? SPLIT_APPEND : p === 0 && this.llink[leaf * 2 + 1] === NONE ? SPLIT_PREPEND : SPLIT_HALF;
      this.splitLeaf(leaf, how);
    }
  }

  /** zslDelete: removes (score, ele); false when it is not there. */
  delete(score: number, ele: string): boolean {
    if (!this.find(score, ele)) return false;
    this.removeAt(seekLeaf, seekIdx);
    return true;
  }

  /**
   * zslUpdateScore: moves ele (present with curscore) to newscore, in place
   * when its neighbours in the same leaf still bound it.
   */
  updateScore(curscore: number, ele: string, newscore: number): void {
    this.seekKey(curscore, ele, true);
    const leaf = seekLeaf;
    const p = seekIdx;
    const lsc = this.lsc;
    const sb = leaf * LS + 1;
    // Interior positions only: the first element's key may be a separator.
    if (p > 0 && p < lsc[leaf * LS]! - 1 && lsc[sb + p - 1]! < newscore && lsc[sb + p + 1]! > newscore) {
      lsc[sb + p] = newscore;
      return;
    }
    this.removeAt(leaf, p);
    this.insert(newscore, ele);
  }

  /** Rewrites a score in place where the order is unchanged (-0 to 0). */
  setScoreAt(pos: ZPos, score: number): void {
    this.lsc[pos.leaf * LS + 1 + pos.i] = score;
  }

  /**
   * Removes `count` elements from a 0-based rank on, calling onRemove with
   * each member (the zset drops them from its dict). Returns how many.
   */
  deleteRankRange(rank: number, count: number, onRemove: (ele: string) => void): number {
    if (rank < 0) rank = 0;
    if (rank + count > this.length) count = this.length - rank;
    // Leaf by leaf: each step removes the range's share of one leaf.
    for (let left = count; left > 0; ) {
      this.seekRank(rank);
      const le = this.lel[seekLeaf]!;
      const m = Math.min(left, this.lsc[seekLeaf * LS]! - seekIdx);
      for (let i = 0; i < m; i++) onRemove(le[seekIdx + i]!);
      this.removeAt(seekLeaf, seekIdx, m);
      left -= m;
    }
    return count > 0 ? count : 0;
  }

  /** zslDeleteRangeByRank: 1-based start..end inclusive. */
  deleteRangeByRank(start: number, end: number, dict: Map<string, number>): number {
    return this.deleteRankRange(start - 1, end - start + 1, (e) => dict.delete(e));
  }

  /** zslDeleteRangeByScore. */
  deleteRangeByScore(r: ScoreRange, dict: Map<string, number>): number {
    if (this.length === 0) return 0;
    const from = this.rankOfScoreMin(r);
    const to = this.countToScoreMax(r);
    return to > from ? this.deleteRankRange(from, to - from, (e) => dict.delete(e)) : 0;
  }

  /** zslDeleteRangeByLex. */
  deleteRangeByLex(r: LexRange, dict: Map<string, number>): number {
    if (this.length === 0 || lexRangeEmpty(r)) return 0;
    const from = this.rankOfLexMin(r);
    const to = this.countToLexMax(r);
    return to > from ? this.deleteRankRange(from, to - from, (e) => dict.delete(e)) : 0;
  }

  // --- slots ---------------------------------------------------------------

  /** Doubles the slot of a small root leaf (up to a full one). */
  private growRootLeaf(): void {
    const room = this.lsc.length - 1; // element slots, spare included
    const cap = Math.min((room - 1) * 2, LEAF_CAP) + 1;
    const lsc = new Float64Array(1 + cap);
    lsc.set(this.lsc);
    this.lsc = lsc;
    const le = this.lel[0]!;
    while (le.length < cap) le.push("");
  }

  private allocLeaf(): number {
    const id = this.leafFree.length > 0 ? this.leafFree.pop()! : this.leafIds++;
    const need = (id + 1) * LS;
    if (need > this.lsc.length) {
      const lsc = new Float64Array(Math.max(need, this.lsc.length * 2 - (this.lsc.length % LS)));
      lsc.set(this.lsc);
      this.lsc = lsc;
      const llink = new Int32Array(2 * (lsc.length / LS) + 2);
      llink.set(this.llink);
      this.llink = llink;
    }
    if (id === this.lel.length) this.lel.push(new Array<string>(LE).fill(""));
    this.lsc[id * LS] = 0;
    return id;
  }

  private freeLeaf(id: number): void {
    this.lel[id]!.fill("");
    this.leafFree.push(id);
  }

  private allocInner(): number {
    const id = this.innerFree.length > 0 ? this.innerFree.pop()! : this.innerIds++;
    const need = (id + 1) * IS;
    if (need > this.inr.length) {
      const inr = new Float64Array(Math.max(need, this.inr.length * 2));
      inr.set(this.inr);
      this.inr = inr;
    }
    const ike = this.ike;
    while (ike.length < (id + 1) * IW) ike.push("");
    this.inr[id * IS] = 0;
    return id;
  }

  private freeInner(id: number): void {
    const eb = id * IW;
    for (let i = 0; i < IW; i++) this.ike[eb + i] = "";
    this.innerFree.push(id);
  }

  // --- structure ---------------------------------------------------------

  /**
   * Removes elements p..p+m-1 of a leaf (one by default), the path being
   * that of the descent that found it.
   */
  private removeAt(leaf: number, p: number, m = 1): void {
    const h = this.height;
    const inr = this.inr;
    for (let d = 0; d < h; d++) inr[pathNode[d]! * IS + I_CNT + pathIdx[d]!] -= m;
    this.length -= m;
    const lsc = this.lsc;
    const le = this.lel[leaf]!;
    const sb = leaf * LS + 1;
    const old = lsc[leaf * LS]!;
    const n = old - m;
    if (p < n) {
      lsc.copyWithin(sb + p, sb + p + m, sb + old);
      for (let i = p; i < n; i++) le[i] = le[i + m]!;
    }
    for (let i = n; i < old; i++) le[i] = ""; // drop the references
    lsc[leaf * LS] = n;
    if (h > 0 && n < LEAF_MIN) this.mergeLeaf(leaf);
  }

  /** Unlinks a leaf from the leaf list. */
  private unlinkLeaf(leaf: number): void {
    const ll = this.llink;
    const next = ll[leaf * 2]!;
    const prev = ll[leaf * 2 + 1]!;
    if (prev !== NONE) ll[prev * 2] = next;
    else this.head = next;
    if (next !== NONE) ll[next * 2 + 1] = prev;
    else this.tail = prev;
  }

  /**
   * Splits an overfull leaf in halves, or, for inserts at either end of the
   * set (sequential loads: an RDB lists a big zset from its greatest
   * element), keeps the full side full.
   */
  private splitLeaf(leaf: number, how: number): void {
    const right = this.allocLeaf();
    const lsc = this.lsc;
    const n = lsc[leaf * LS]!;
    const mid = how === SPLIT_APPEND ? n - 1 : how === SPLIT_PREPEND ? 1 : n >> 1;
    const sb = leaf * LS + 1;
    lsc.copyWithin(right * LS + 1, sb + mid, sb + n);
    const le = this.lel[leaf]!;
    const re = this.lel[right]!;
    for (let i = mid; i < n; i++) {
      re[i - mid] = le[i]!;
      le[i] = "";
    }
    lsc[right * LS] = n - mid;
    lsc[leaf * LS] = mid;
    const ll = this.llink;
    const next = ll[leaf * 2]!;
    ll[right * 2] = next;
    ll[right * 2 + 1] = leaf;
    if (next !== NONE) ll[next * 2 + 1] = right;
    else this.tail = right;
    ll[leaf * 2] = right;
    this.addChild(this.height - 1, right, lsc[right * LS + 1]!, re[0]!, mid, n - mid, how);
  }

  /**
   * After the child at pathIdx[d] of pathNode[d] split in two (its new
   * counts leftCount, rightCount), inserts the right half after it, and
   * splits upward as needed. d = -1 grows a new root.
   */
  private addChild(d: number, right: number, s: number, e: string, leftCount: number, rightCount: number, how: number): void {
    if (d < 0) {
      const root = this.allocInner();
      const inr = this.inr;
      const b = root * IS;
      inr[b] = 2;
      inr[b + I_KID] = this.root;
      inr[b + I_KID + 1] = right;
      inr[b + I_CNT] = leftCount;
      inr[b + I_CNT + 1] = rightCount;
      inr[b + I_KS + 1] = s;
      this.ike[root * IW + 1] = e;
      this.root = root;
      this.height++;
      return;
    }
    const x = pathNode[d]!;
    const k = pathIdx[d]! + 1;
    const inr = this.inr;
    const ike = this.ike;
    const b = x * IS;
    const eb = x * IW;
    const n = inr[b]!;
    if (k < n) {
      inr.copyWithin(b + I_CNT + k + 1, b + I_CNT + k, b + I_CNT + n);
      inr.copyWithin(b + I_KS + k + 1, b + I_KS + k, b + I_KS + n);
      inr.copyWithin(b + I_KID + k + 1, b + I_KID + k, b + I_KID + n);
      for (let i = n; i > k; i--) ike[eb + i] = ike[eb + i - 1]!;
    }
    inr[b + I_KID + k] = right;
    inr[b + I_CNT + k - 1] = leftCount;
    inr[b + I_CNT + k] = rightCount;
    inr[b + I_KS + k] = s;
    ike[eb + k] = e;
    const total = n + 1;
    inr[b] = total;
    if (total <= INNER_CAP) return;
    // Split this inner node too.
    const mid = how === SPLIT_APPEND && k === total - 1 ? total - 1 : how === SPLIT_PREPEND && k === 1 ? 2 : total >> 1;
    const r = this.allocInner();
    const inr2 = this.inr; // may have moved
    const rb = r * IS;
    const reb = r * IW;
    inr2.copyWithin(rb + I_CNT, b + I_CNT + mid, b + I_CNT + total);
    inr2.copyWithin(rb + I_KS, b + I_KS + mid, b + I_KS + total);
    inr2.copyWithin(rb + I_KID, b + I_KID + mid, b + I_KID + total);
    let leftTotal = 0;
    for (let i = 0; i < mid; i++) leftTotal += inr2[b + I_CNT + i]!;
    let rightTotal = 0;
    for (let i = mid; i < total; i++) {
      rightTotal += inr2[b + I_CNT + i]!;
      ike[reb + i - mid] = ike[eb + i]!;
      ike[eb + i] = "";
    }
    inr2[rb] = total - mid;
    inr2[b] = mid;
    this.addChild(d - 1, r, inr2[rb + I_KS]!, ike[reb]!, leftTotal, rightTotal, how);
  }

  /** An underfull leaf: merged with a sibling when both fit in one leaf. */
  private mergeLeaf(leaf: number): void {
    const d = this.height - 1;
    const x = pathNode[d]!;
    const k = pathIdx[d]!;
    const inr = this.inr;
    const lsc = this.lsc;
    const b = x * IS;
    const xn = inr[b]!;
    const n = lsc[leaf * LS]!;
    let left: number;
    let right: number;
    let rk: number; // index in x of the leaf that goes away
    if (k + 1 < xn && n + lsc[inr[b + I_KID + k + 1]! * LS]! <= LEAF_CAP) {
      left = leaf;
      right = inr[b + I_KID + k + 1]!;
      rk = k + 1;
    } else if (k > 0 && n + lsc[inr[b + I_KID + k - 1]! * LS]! <= LEAF_CAP) {
      left = inr[b + I_KID + k - 1]!;
      right = leaf;
      rk = k;
    } else {
      // No sibling to merge with (a parent with one child): an empty leaf
      // still leaves the tree.
      if (n === 0) {
        this.unlinkLeaf(leaf);
        this.freeLeaf(leaf);
        this.removeChild(d, k);
      }
      return;
    }
    const ln = lsc[left * LS]!;
    const rn = lsc[right * LS]!;
    lsc.copyWithin(left * LS + 1 + ln, right * LS + 1, right * LS + 1 + rn);
    const le = this.lel[left]!;
    const re = this.lel[right]!;
    for (let i = 0; i < rn; i++) le[ln + i] = re[i]!;
    lsc[left * LS] = ln + rn;
    this.unlinkLeaf(right);
    this.freeLeaf(right);
    inr[b + I_CNT + rk - 1] = ln + rn;
    this.removeChild(d, rk);
  }

  /** Removes child k of pathNode[d], merging or collapsing upward as needed. */
  private removeChild(d: number, k: number): void {
    const x = pathNode[d]!;
    const inr = this.inr;
    const ike = this.ike;
    const b = x * IS;
    const eb = x * IW;
    const n = inr[b]! - 1;
    if (k < n) {
      inr.copyWithin(b + I_CNT + k, b + I_CNT + k + 1, b + I_CNT + n + 1);
      inr.copyWithin(b + I_KS + k, b + I_KS + k + 1, b + I_KS + n + 1);
      inr.copyWithin(b + I_KID + k, b + I_KID + k + 1, b + I_KID + n + 1);
      for (let i = k; i < n; i++) ike[eb + i] = ike[eb + i + 1]!;
    }
    ike[eb + n] = "";
    inr[b] = n;
    if (d === 0) {
      // The root: while it has one child, that child becomes the root.
      while (this.height > 0 && inr[this.root * IS] === 1) {
        const old = this.root;
        this.root = inr[old * IS + I_KID]!;
        this.freeInner(old);
        this.height--;
      }
      return;
    }
    // An empty node leaves its parent.
    if (n === 0) {
      this.freeInner(x);
      return this.removeChild(d - 1, pathIdx[d - 1]!);
    }
    if (n >= INNER_MIN) return;
    const p = pathNode[d - 1]!;
    const pk = pathIdx[d - 1]!;
    const pb = p * IS;
    const pn = inr[pb]!;
    let li: number; // index in p of the left node of the pair
    if (pk + 1 < pn && n + inr[inr[pb + I_KID + pk + 1]! * IS]! <= INNER_CAP) li = pk;
    else if (pk > 0 && n + inr[inr[pb + I_KID + pk - 1]! * IS]! <= INNER_CAP) li = pk - 1;
    else return;
    const left = inr[pb + I_KID + li]!;
    const right = inr[pb + I_KID + li + 1]!;
    const lb = left * IS;
    const rb = right * IS;
    const ln = inr[lb]!;
    const rn = inr[rb]!;
    inr.copyWithin(lb + I_CNT + ln, rb + I_CNT, rb + I_CNT + rn);
    inr.copyWithin(lb + I_KS + ln, rb + I_KS, rb + I_KS + rn);
    inr.copyWithin(lb + I_KID + ln, rb + I_KID, rb + I_KID + rn);
    const leb = left * IW;
    const reb = right * IW;
    for (let i = 0; i < rn; i++) ike[leb + ln + i] = ike[reb + i]!;
    // The right node's first child is bounded by the parent's separator.
    inr[lb + I_KS + ln] = inr[pb + I_KS + li + 1]!;
    ike[leb + ln] = ike[p * IW + li + 1]!;
    inr[lb] = ln + rn;
    inr[pb + I_CNT + li] += inr[pb + I_CNT + li + 1]!;
    this.freeInner(right);
    this.removeChild(d - 1, li + 1);
  }

  // --- bulk --------------------------------------------------------------

  /** Calls fn(ele, score) for every element in order. */
  forEach(fn: (ele: string, score: number) => void): void {
    for (let l = this.head; l !== NONE; l = this.llink[l * 2]!) {
      const n = this.lsc[l * LS]!;
      const sb = l * LS + 1;
      const le = this.lel[l]!;
      for (let i = 0; i < n; i++) fn(le[i]!, this.lsc[sb + i]!);
    }
  }

  /** Checks the structure (tests): a description of the first violation, or null. */
  check(): string | null {
    const leaves: number[] = [];
    type Key = [number, string];
    const lt = (a: Key, b: Key) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    const walk = (id: number, depth: number, lo: Key | null, hi: Key | null): number => {
      if (depth === this.height) {
        leaves.push(id);
        const n = this.lsc[id * LS]!;
        for (let i = 0; i < n; i++) {
          const key: Key = [this.lsc[id * LS + 1 + i]!, this.lel[id]![i]!];
          if (lo !== null && lt(key, lo)) throw new Error(`key below its separator in leaf ${id}`);
          if (hi !== null && !lt(key, hi)) throw new Error(`key not below the next separator in leaf ${id}`);
          if (i > 0 && !lt([this.lsc[id * LS + i]!, this.lel[id]![i - 1]!], key)) throw new Error("leaf out of order");
        }
        if (n > LEAF_CAP) throw new Error("overfull leaf");
        if (this.height > 0 && n === 0) throw new Error("empty leaf in a tree");
        return n;
      }
      const b = id * IS;
      const n = this.inr[b]!;
      if (n < 2 && depth === 0) throw new Error("root with fewer than two children");
      if (n < 1 || n > INNER_CAP) throw new Error("bad child count " + n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const clo: Key | null = i === 0 ? lo : [this.inr[b + I_KS + i]!, this.ike[id * IW + i]!];
        const chi: Key | null = i + 1 < n ? [this.inr[b + I_KS + i + 1]!, this.ike[id * IW + i + 1]!] : hi;
        const c = walk(this.inr[b + I_KID + i]!, depth + 1, clo, chi);
        if (c !== this.inr[b + I_CNT + i]) throw new Error(`count ${this.inr[b + I_CNT + i]} != ${c} at depth ${depth}`);
        total += c;
      }
      return total;
    };
    try {
      const total = walk(this.root, 0, null, null);
      if (total !== this.length) return `length ${this.length} != ${total}`;
      if (leaves[0] !== this.head) return "head is not the first leaf";
      if (leaves.at(-1) !== this.tail) return "tail is not the last leaf";
      for (let i = 0; i < leaves.length; i++) {
        if (this.llink[leaves[i]! * 2 + 1] !== (leaves[i - 1] ?? NONE)) return "bad prev link";
        if (this.llink[leaves[i]! * 2] !== (leaves[i + 1] ?? NONE)) return "bad next link";
      }
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  }
}
