/**
 * A small seeded pseudo-random generator, so the same seed yields byte-identical sample data.
 * The uniform stream uses only 32-bit integer arithmetic. Normal deviates also go through
 * `Math.log` and `Math.cos`, whose last bits could in principle differ between Node versions.
 */

/** A stream of uniform and standard normal deviates fixed by its seed. */
export interface SeededRandom {
  /** Returns a uniform deviate in [0, 1). */
  uniform(): number;
  /** Returns a standard normal deviate (mean 0, standard deviation 1). */
  normal(): number;
  /** Returns an integer in [min, max], both ends included. */
  integer(min: number, max: number): number;
}

/**
 * Creates a generator from a 32-bit seed. The core is the Mulberry32 step (Tommy Ettinger,
 * public domain): a Weyl sequence with increment 0x6d2b79f5, scrambled by two multiply-xorshift
 * rounds. Normal deviates come from the Box-Muller transform.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    // 1 - u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    return radius * Math.cos(2 * Math.PI * uniform());
  };

  const integer = (min: number, max: number): number =>
    min + Math.floor(uniform() * (max - min + 1));

  return { uniform, normal, integer };
}

/**
 * Derives an independent 32-bit seed for one labelled stream (a site name, say) with the
 * FNV-1a hash, so adding or dropping a site leaves the other sites' data unchanged.
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5;
  for (const character of `${seed >>> 0}:${label}`) {
    hash ^= character.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
