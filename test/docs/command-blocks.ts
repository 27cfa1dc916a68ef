// The shell blocks of a Markdown document that run `apol`, as commands, with the sample of output shown right after each.

export interface CommandBlock {
  /** The document's path from the repository root. */
  readonly doc: string;
  /** The line of the block's opening fence. */
  readonly line: number;
  /** The commands in order: continued lines joined, comments dropped, `a && b` as two commands. */
  readonly commands: readonly string[];
  /** The ` ```text ` block that follows with nothing but blank lines between: what the last command prints. */
  readonly sample?: string;
}

/** A command that runs `apol`, itself or through `npx`. */
const runsApol = /^(?:npx\s+)?apol\s/;

function commandsOf(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.replace(/\s+#\s.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .flatMap((line) => line.split(/\s+&&\s+/));
}

/** The ` ```sh ` blocks of `markdown` with at least one command that runs `apol`. */
export function commandBlocks(markdown: string, doc: string): CommandBlock[] {
  const fences = [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\n/gm)].map((m) => ({
    info: (m[1] ?? "").trim(),
    code: m[2] ?? "",
    start: m.index,
    end: m.index + m[0].length,
  }));
  const found: CommandBlock[] = [];
  fences.forEach((fence, i) => {
    if (fence.info !== "sh") return;
    const commands = commandsOf(fence.code);
    if (!commands.some((c) => runsApol.test(c))) return;
    const next = fences[i + 1];
    const sampled = next?.info === "text" && markdown.slice(fence.end, next.start).trim() === "";
    found.push({ doc, line: markdown.slice(0, fence.start).split("\n").length, commands, ...(sampled ? { sample: next.code } : {}) });
  });
  return found;
}

/**
 * Whether `printed` is what `sample` shows: line for line, where a line that is just `...` stands for any number of lines
 * (at the start, in the middle or at the end of the sample).
 */
export function shows(printed: string, sample: string): boolean {
  const lines = printed.replace(/\n$/, "").split("\n");
  const runs: string[][] = [[]];
  for (const line of sample.replace(/\n$/, "").split("\n")) {
    if (line.trim() === "...") runs.push([]);
    else runs.at(-1)?.push(line);
  }
  const matchAt = (run: readonly string[], at: number) => at + run.length <= lines.length && run.every((l, k) => lines[at + k] === l);
  const first = runs[0] ?? [];
  if (!matchAt(first, 0)) return false;
  let at = first.length;
  if (runs.length === 1) return at === lines.length;
  for (const run of runs.slice(1, -1)) {
    let found = -1;
    for (let i = at; i + run.length <= lines.length && found < 0; i++) if (matchAt(run, i)) found = i;
    if (found < 0) return false;
    at = found + run.length;
  }
  const last = runs.at(-1) ?? [];
  return lines.length - last.length >= at && matchAt(last, lines.length - last.length);
}
