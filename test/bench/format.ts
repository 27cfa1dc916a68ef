// Number formatting shared by the report and the targets: durations, ratios, sizes, counts.

const group = (n: number, digits = 0): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `42 ns`, `12.3 µs`, `4.56 ms` or `1.23 s`, from nanoseconds. */
export function ns(value: number): string {
  if (value < 1e3) return `${group(value)} ns`;
  if (value < 1e6) return `${group(value / 1e3, value < 1e4 ? 2 : 1)} µs`;
  if (value < 1e9) return `${group(value / 1e6, value < 1e7 ? 2 : 1)} ms`;
  return `${group(value / 1e9, 2)} s`;
}

/** Milliseconds as `0.42 ms`, `12.3 ms` or `1,234 ms`. */
export function ms(value: number): string {
  return `${group(value, value < 1 ? 2 : value < 100 ? 1 : 0)} ms`;
}

/** A ratio: `1.23×` below 10, `45.6×` below 100, `1,234×` above. */
export function times(value: number): string {
  return `${group(value, value < 10 ? 2 : value < 100 ? 1 : 0)}×`;
}

/** A whole count with thousands separators. */
export function count(value: number): string {
  return group(Math.round(value));
}

/** `18.1 KB` or `1.85 MB`, from bytes. */
export function bytes(value: number): string {
  return value < 1e6 ? `${group(value / 1e3, 1)} KB` : `${group(value / 1e6, 2)} MB`;
}
