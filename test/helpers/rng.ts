// A deterministic pseudo-random generator (LCG) for generated test inputs:
// the same seed gives the same sequence, so a failure can be replayed.

/** Numbers in [0, 1) from the seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
