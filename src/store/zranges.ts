// Score and member intervals of the sorted set range commands (Redis's
// zrangespec and zlexrangespec) and the comparisons they are tested with.

/** A score interval (Redis's zrangespec): min/max with exclusive flags. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

// Lexicographic bounds "-" and "+" are these sentinels (Redis's
// shared.minstring / shared.maxstring): they contain a char above 255, so no
// member (a latin1 string) can ever be equal to them.
export const LEX_MIN = "\u0100-";
export const LEX_MAX = "\u0100+";

/** A member interval (Redis's zlexrangespec). */
export interface LexRange {
  min: string;
  max: string;
  minex: boolean;
  maxex: boolean;
}

/** Redis's sdscmplex: byte order, with "-" below and "+" above everything. */
export function cmpLex(a: string, b: string): number {
  if (a === b) return 0;
  if (a === LEX_MIN || b === LEX_MAX) return -1;
  if (a === LEX_MAX || b === LEX_MIN) return 1;
  return a < b ? -1 : 1;
}

export function valueGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
export function valueLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}
export function lexGteMin(v: string, r: LexRange): boolean {
  return r.minex ? cmpLex(v, r.min) > 0 : cmpLex(v, r.min) >= 0;
}
export function lexLteMax(v: string, r: LexRange): boolean {
  return r.maxex ? cmpLex(v, r.max) < 0 : cmpLex(v, r.max) <= 0;
}

/** zslIsInRange's test on the range alone: false when no value can be in it. */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

/** zslIsInLexRange's test on the range alone. */
export function lexRangeEmpty(r: LexRange): boolean {
  const c = cmpLex(r.min, r.max);
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}
