// Reads one recorded typing cycle of test/vscode/latency.ts: which text's diagnostics each change of the squiggles showed, and so when each key's first came.

/** One typed key that changed the text, and when the editor first showed diagnostics of a text that includes it. */
export interface EditSample {
  /** `appear`: the key that makes the error; `change`: a key that changes it; `fix`: the key that removes it. */
  readonly kind: "appear" | "change" | "fix";
  /** From sending the key to the first squiggles of this text or a later one. */
  readonly latencyMs: number;
  /** From sending the key to the page's keydown: how busy the page was. */
  readonly inputDelayMs: number;
  /** Whether the squiggles of exactly this text were ever shown (rather than skipped for a later text's). */
  readonly shown: boolean;
}

/** An error squiggle as the editor draws it: its line's top and its left edge and width, in pixels. */
export interface Squiggle {
  readonly top: number;
  readonly left: number;
  readonly width: number;
}

/** What the page recorded during one cycle, all times on the page's clock. */
export interface CycleRecording {
  /** When each key was sent: the typo's characters (text versions 1..n), then the fix (version n + 1). */
  readonly sent: readonly number[];
  /** When the page saw each of those keys. */
  readonly keydowns: readonly number[];
  /** Every change of the editor's error squiggles, in order, starting with the state before the first key. */
  readonly changes: readonly { readonly t: number; readonly squiggles: readonly Squiggle[] }[];
  /** The top of the line typed on, the width of a character, and the length of the name the typo extends. */
  readonly lineTop: number;
  readonly charWidth: number;
  readonly nameLength: number;
}

/** Which text's squiggle `squiggles` is: i for the one error of the text with i typo characters (1..typoLength), else undefined. */
export function squiggleVersion(
  squiggles: readonly Squiggle[],
  at: { readonly lineTop: number; readonly charWidth: number; readonly nameLength: number; readonly typoLength: number },
): number | undefined {
  if (squiggles.length !== 1) return undefined;
  const [s] = squiggles as [Squiggle];
  const typed = Math.round(s.width / at.charWidth) - at.nameLength;
  return Math.abs(s.top - at.lineTop) < 1 && typed >= 1 && typed <= at.typoLength ? typed : undefined;
}

/**
 * Each text the typing makes has one error, an unknown argument as wide as the name, so a squiggle's width says which
 * text's diagnostics the editor shows: version i for i typo characters. "No squiggle" shows the fixed text only after
 * the last error squiggle (they have been seen to vanish for a moment while the text still had its error: a flicker).
 * A squiggle as wide as the name alone is the last one VS Code moved with the deletion: no version's.
 */
export function analyzeCycle(recording: CycleRecording): { samples: EditSample[]; flickers: number } {
  const { sent, keydowns, changes, lineTop, charWidth, nameLength } = recording;
  const fixVersion = sent.length;
  const typoLength = fixVersion - 1;
  const fixedAt = keydowns[typoLength] as number;
  const version = (squiggles: readonly Squiggle[]) => squiggleVersion(squiggles, { lineTop, charWidth, nameLength, typoLength });
  const lastError = changes.map((c) => c.squiggles.length > 0).lastIndexOf(true);
  const flickers = changes.filter((c, i) => i < lastError && c.squiggles.length === 0 && c.t > (sent[0] as number)).length;
  const shown = changes.map((c, i) => ({ t: c.t, version: i > lastError && c.t > fixedAt ? fixVersion : version(c.squiggles) }));
  const samples = sent.map((t, i): EditSample => {
    const v = i + 1;
    const first = shown.find((s) => s.t >= t && s.version !== undefined && s.version >= v);
    if (!first) throw new Error(`no diagnostics ever included key ${v} of ${fixVersion}`);
    return {
      kind: v === 1 ? "appear" : v === fixVersion ? "fix" : "change",
      latencyMs: first.t - t,
      inputDelayMs: (keydowns[i] as number) - t,
      shown: shown.some((s) => s.version === v && s.t >= t),
    };
  });
  return { samples, flickers };
}
