/**
 * "Did you mean" suggestions for site names. AERONET names are case-sensitive
 * (`SKUKUZA_AEROPORT` and `Skukuza` are two sites), so the comparison ignores case to find the
 * name a person meant, and the suggestion gives its exact spelling.
 */

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;

  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Returns the name closest to `name` ignoring case, within max(2, length / 3) edits; else the
 * first name that starts with `name` (at least 3 characters), so `Tamanrasset` finds
 * `Tamanrasset_INM`; else null. Ties go to the name first in `names`.
 */
export function suggestSiteName(name: string, names: Iterable<string>): string | null {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  let firstExtension: string | null = null;
  for (const candidate of names) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(target, lower);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
    if (firstExtension === null && target.length >= 3 && lower.startsWith(target)) {
      firstExtension = candidate;
    }
  }
  return best ?? firstExtension;
}
