// A line diff (Myers' O(ND) algorithm): turns "old text, new text" into the few line edits an editor should apply.
import type { Span } from "@apol/compiler";

/** Replace the lines `[oldStart, oldEnd)` of the old text with the lines `[newStart, newEnd)` of the new. */
export interface LineHunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** Lines with their line breaks, so joining them gives the text back. */
export function splitKeepingBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Beyond this many differing lines, one hunk covers them all: the trace would cost too much memory. */
const maxDistance = 2000;

/** The hunks turning `a` into `b`, in order, none touching another. */
export function diffLines(a: readonly string[], b: readonly string[]): LineHunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middle = myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const hunks = middle ?? [{ oldStart: 0, oldEnd: a.length - prefix - suffix, newStart: 0, newEnd: b.length - prefix - suffix }];
  return hunks
    .filter((h) => h.oldEnd > h.oldStart || h.newEnd > h.newStart)
    .map((h) => ({ oldStart: h.oldStart + prefix, oldEnd: h.oldEnd + prefix, newStart: h.newStart + prefix, newEnd: h.newEnd + prefix }));
}

/** Myers' shortest edit script as hunks, or undefined past `maxDistance`. */
function myers(a: readonly string[], b: readonly string[]): LineHunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    if (d > maxDistance) return undefined;
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[max + k - 1] as number) < (v[max + k + 1] as number)) ? (v[max + k + 1] as number) : (v[max + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk the trace back from the end, collecting the matched (unchanged) line pairs.
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const w = trace[d] as Int32Array;
    const k = x - y;
    const prevK = k === -d || (k !== d && (w[max + k - 1] as number) < (w[max + k + 1] as number)) ? k + 1 : k - 1;
    const prevX = w[max + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) matches.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) matches.push([--x, --y]);
  matches.reverse();
  const hunks: LineHunk[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const [i, j] of [...matches, [n, m] as [number, number]]) {
    if (i > oldAt || j > newAt) hunks.push({ oldStart: oldAt, oldEnd: i, newStart: newAt, newEnd: j });
    oldAt = i + 1;
    newAt = j + 1;
  }
  return hunks;
}

/** Hunks as edits of the old text: the offset span of each hunk's old lines and its new lines' text. */
export function hunkEdits(hunks: readonly LineHunk[], oldLines: readonly string[], newLines: readonly string[]): { span: Span; newText: string }[] {
  const starts = [0];
  for (const line of oldLines) starts.push((starts[starts.length - 1] as number) + line.length);
  return hunks.map((hunk) => ({
    span: { start: starts[hunk.oldStart] as number, end: starts[hunk.oldEnd] as number },
    newText: newLines.slice(hunk.newStart, hunk.newEnd).join(""),
  }));
}
