// The reference definition of provenance (docs/session-state.md), naively: each string against each labelled content, no index.

/** The length of a window of normal form... */
const WINDOW = 16;
/** ...and content's windows start at every STRIDE-th code unit of its normal form. */
const STRIDE = 4;

/** Whitespace dropped, each remaining UTF-16 code unit lower-cased on its own (kept when its lower case is longer). */
export function normalForm(text: string): string {
  let out = "";
  for (const unit of text.split("")) {
    if (/\s/.test(unit)) continue;
    const lower = unit.toLowerCase();
    out += lower.length === 1 ? lower : unit;
  }
  return out;
}

/** Words between whitespace and separators, less trailing `.:!?/`, of 4+ code units with a digit, `@`, `.` or `/`, in normal form. */
export function tokensOf(text: string): string[] {
  return text
    .split(/[\s"'`()<>[\]{},;|=&*\u0000]/)
    .map((word) => word.replace(/[.:!?/]+$/, ""))
    .filter((word) => word.length >= 4 && /[0-9@./]/.test(word))
    .map(normalForm);
}

/** Whether `s` carries `content`: the normal form of `s` contains one of the content's windows, or they share a token. */
export function carries(s: string, content: string): boolean {
  const mine = normalForm(s);
  const theirs = normalForm(content);
  for (let p = 0; p + WINDOW <= theirs.length; p += STRIDE) if (mine.includes(theirs.slice(p, p + WINDOW))) return true;
  const contentTokens = tokensOf(content);
  return tokensOf(s).some((token) => contentTokens.includes(token));
}
