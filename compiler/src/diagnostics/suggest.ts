// Did-you-mean: the one place every name lookup finds its closest candidate.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so
 * `sned` is one edit from `send`), giving up early once it exceeds `max`.
 */
function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `name`, if it is a plausible typo: a case-insensitive match,
 * an edit distance of at most a third of the name's length (at least 1), or, for names
 * of three or more characters, a candidate the name abbreviates (`adm` for `admin`) or
 * that abbreviates the name (`sun` for `sunday`).
 * Ties go to the candidate listed first, so results are deterministic.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const candidateLower = candidate.toLowerCase();
    let score: number;
    if (candidateLower === lower) score = 0;
    else {
      const distance = editDistance(lower, candidateLower, limit);
      if (distance <= limit) score = distance;
      else if (name.length >= 3 && candidateLower.startsWith(lower)) score = limit + 0.5;
      else if (candidate.length >= 3 && lower.startsWith(candidateLower)) score = limit + 0.75;
      else continue;
    }
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
