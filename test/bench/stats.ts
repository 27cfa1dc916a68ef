// Summary statistics over timing samples (nanoseconds or milliseconds; the unit passes through).

/** The value at quantile `q` (0..1) of `sorted`, which must be sorted ascending and non-empty (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error("quantile of no samples");
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of `samples` (any order); sorts a copy. */
export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}
