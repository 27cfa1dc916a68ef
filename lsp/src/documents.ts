// The document store: every open or indexed `.apol` file, its current text and its analysis, with an explicit lifecycle.
import { lex, LineIndex, RuleChecks, type Ast } from "@apol/compiler";
import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type Analysis, type PolicySource } from "./analysis.js";
import { declarationAround } from "./declaration-chunk.js";
import { IncrementalParser, startsShape } from "./incremental-parse.js";
import { policyUriOf } from "./test-files.js";

/** Where a document's text comes from: the editor (open), or the disk (indexed from the workspace, not open). */
export type DocumentSource = "editor" | "disk";

/** A document's current text, which may be newer than its analysis. */
export interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly index: LineIndex;
}

export interface StoreOptions {
  /**
   * The longest a document waits after its last change before it is analyzed on its own
   * (requests analyze sooner); a document whose last analysis took less waits only that long.
   */
  readonly debounceMs: number;
  /** Receives each new analysis, e.g. to publish its diagnostics. */
  onAnalyzed(analysis: Analysis, source: DocumentSource): void;
  /** Told when a document leaves the store, e.g. to clear its diagnostics. */
  onRemoved(uri: string): void;
  /** Told when the compiler threw on a document (it should not; the document then has no analysis). */
  onError(uri: string, error: unknown): void;
  /**
   * The URIs whose declarations an analysis used, besides a test file's policy (which the store
   * knows). apol has no imports yet, so the default is none; once it has, a change to a file
   * re-analyzes the files that import it.
   */
  dependenciesOf?(analysis: Analysis): readonly string[];
  /**
   * The text of a file the store does not hold, or `undefined` if it cannot be read: the policy
   * of a test file, when the editor does not have it open and the workspace has not indexed it.
   * Without it, such a policy counts as missing.
   */
  readDisk?(uri: string): string | undefined;
}

interface Entry {
  source: DocumentSource;
  /** Mutable: incremental changes update it in place. */
  readonly document: TextDocument;
  /** The latest analysis; stale while `stale` is set. */
  analysis: Analysis | undefined;
  stale: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  dependencies: readonly string[];
  snapshot: Snapshot | undefined;
  /** Keeps the parses of the declarations of the last analysis, for the next one. */
  readonly parser: IncrementalParser;
  /** Keeps the checks of the rules of the last full analysis, for the next one. */
  readonly rules: RuleChecks;
  /** The declarations-only analysis of the current text, while `analysis` is stale (see `declarations`). */
  declarations: Analysis | undefined;
  /** While `analysis` is stale: the one rule or test of it that every change since fell inside, with its growth (see `insideOne`). */
  edited: (Inside & { readonly decl: Ast.Declaration }) | undefined;
  /** Requests waiting for the analysis of the current text. */
  readonly waiting: ((analysis: Analysis | undefined) => void)[];
  /** How long the last analysis took, in milliseconds; `undefined` before the first. */
  lastRunMs: number | undefined;
  /** When the editor last changed the document (`performance.now()`); `undefined` before the first change. */
  changedAt: number | undefined;
}

/**
 * The lifecycle of one document:
 *
 *     open / index ──► changed ──(debounce elapses, or a request needs it)──► analyzed
 *                        ▲                                                      │
 *                        └──────── change, or a dependency was re-analyzed ◄────┘
 *
 * `changed`: the text is newer than the analysis. `analyzed`: the analysis is of the current
 * text and `onAnalyzed` has seen it. Closing an open document hands it back to the disk copy
 * (when the workspace has one) or removes it.
 *
 * A test file (`NAME.test.apol`) depends on its policy: it is analyzed after the policy's text
 * (the store's copy, else the disk's), and again whenever the policy is.
 */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: StoreOptions) {}

  /** The editor opened a document: the editor's text wins over the disk's from now on. */
  open(uri: string, version: number, text: string): void {
    this.replace(uri, "editor", TextDocument.create(uri, "apol", version, text));
  }

  /** The editor changed an open document (incremental or full changes, in order). */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const entry = this.entries.get(uri);
    if (!entry || entry.source !== "editor") return;
    // A rule or test being typed leaves the declarations as they were: note that before the text moves on.
    let inside: Inside | undefined = entry.stale ? entry.edited : entry.analysis && { decl: undefined, grown: 0 };
    for (const change of changes) {
      inside = inside && insideOne(entry, inside, change);
      TextDocument.update(entry.document, [change], version);
    }
    const now = performance.now();
    const sinceLast = entry.changedAt === undefined ? undefined : now - entry.changedAt;
    entry.changedAt = now;
    this.markChanged(uri, entry, sinceLast);
    entry.edited = inside?.decl === undefined ? undefined : { decl: inside.decl, grown: inside.grown };
  }

  /** The editor closed a document: it falls back to `diskText` (a workspace file) or leaves the store. */
  close(uri: string, diskText: string | undefined): void {
    const entry = this.entries.get(uri);
    if (!entry || entry.source !== "editor") return;
    if (diskText === undefined) this.remove(uri);
    else this.replace(uri, "disk", TextDocument.create(uri, "apol", 0, diskText));
  }

  /** A workspace file was found or changed on disk; ignored while the editor has it open. */
  index(uri: string, text: string): void {
    const entry = this.entries.get(uri);
    if (entry?.source === "editor") return;
    if (entry && entry.document.getText() === text) return;
    this.replace(uri, "disk", TextDocument.create(uri, "apol", 0, text));
  }

  /** A workspace file was deleted; an open document stays until the editor closes it. */
  unindex(uri: string): void {
    if (this.entries.get(uri)?.source === "disk") this.remove(uri);
  }

  /** Whether the store holds the document. */
  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** Every document in the store. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The current text of a document, with a line index (cached per version). */
  snapshot(uri: string): Snapshot | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.snapshot || entry.snapshot.version !== entry.document.version || entry.snapshot.text !== entry.document.getText()) {
      const text = entry.document.getText();
      entry.snapshot = { uri, version: entry.document.version, text, index: new LineIndex(text) };
    }
    return entry.snapshot;
  }

  /** The analysis of the current text, analyzing now if a change is pending. */
  analysis(uri: string): Analysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (entry.stale) this.run(uri, entry);
    return entry.analysis;
  }

  /**
   * The analysis of the current text, once the debounce has made it: a request waits for it
   * without blocking the server, so a burst of changes costs one check, not one per request.
   */
  whenCurrent(uri: string): Promise<Analysis | undefined> {
    const entry = this.entries.get(uri);
    if (!entry) return Promise.resolve(undefined);
    if (!entry.stale) return Promise.resolve(entry.analysis);
    return new Promise((resolve) => entry.waiting.push(resolve));
  }

  /**
   * The names and types the current text declares, for completion: the analysis when it is
   * current or when every change since fell inside one rule or test (which declares no tool,
   * type or const), else the text's declarations checked alone (tools, types and consts, not
   * rules), which takes a fraction of a full check, so completion never answers from an older text.
   */
  declarations(uri: string): Analysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.stale || entry.edited !== undefined) return entry.analysis;
    return this.declarationsOfText(uri, entry);
  }

  /**
   * The current text's parse and declarations, for the features that read no rule's check (the
   * outline, folding): the analysis when it is current, else the text's declarations checked
   * alone (see `declarations`), so these never wait for the debounce and the full re-check.
   */
  outline(uri: string): Analysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    return entry.stale ? this.declarationsOfText(uri, entry) : entry.analysis;
  }

  /** Whether `analysis` is of its document's current text: no change came after it. */
  isCurrent(analysis: Analysis): boolean {
    const entry = this.entries.get(analysis.uri);
    return entry !== undefined && !entry.stale && entry.analysis === analysis;
  }

  /** The documents `uri`'s analysis used (none until the language has imports). */
  dependencies(uri: string): readonly string[] {
    return this.entries.get(uri)?.dependencies ?? [];
  }

  /** The documents whose analyses used `uri` (none until the language has imports). */
  dependents(uri: string): string[] {
    return [...this.entries].filter(([, e]) => e.dependencies.includes(uri)).map(([u]) => u);
  }

  /** Stops every pending analysis. */
  dispose(): void {
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      for (const wake of entry.waiting.splice(0)) wake(undefined);
    }
    this.entries.clear();
  }

  /** The declarations-only analysis of the current text, made once per text; the last analysis if the compiler threw. */
  private declarationsOfText(uri: string, entry: Entry): Analysis | undefined {
    if (entry.declarations === undefined) {
      try {
        const version = entry.source === "editor" ? entry.document.version : null;
        const current = this.snapshot(uri) as Snapshot;
        entry.declarations = analyze(uri, version, current.text, this.policyOf(uri), { parser: entry.parser, depth: "declarations", lines: current.index });
      } catch (error) {
        this.options.onError(uri, error);
        return entry.analysis;
      }
    }
    return entry.declarations;
  }

  /** For a test file, its policy's text: the store's copy, else the disk's; `undefined` for other documents. */
  private policyOf(uri: string): PolicySource | undefined {
    const policy = policyUriOf(uri);
    if (policy === undefined) return undefined;
    return { uri: policy, text: this.entries.get(policy)?.document.getText() ?? this.options.readDisk?.(policy) };
  }

  private replace(uri: string, source: DocumentSource, document: TextDocument): void {
    const previous = this.entries.get(uri);
    if (previous) clearTimeout(previous.timer);
    const entry: Entry = {
      source,
      document,
      analysis: undefined,
      stale: true,
      timer: undefined,
      dependencies: testedPolicy(uri),
      snapshot: undefined,
      parser: new IncrementalParser(),
      rules: new RuleChecks(),
      declarations: undefined,
      edited: undefined,
      waiting: [],
      lastRunMs: previous?.lastRunMs,
      changedAt: undefined,
    };
    if (previous) entry.waiting.push(...previous.waiting.splice(0));
    this.entries.set(uri, entry);
    this.markChanged(uri, entry);
  }

  private remove(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(uri);
    for (const wake of entry.waiting.splice(0)) wake(undefined);
    this.options.onRemoved(uri);
    for (const dependent of this.dependents(uri)) this.markChanged(dependent, this.entries.get(dependent) as Entry);
  }

  /** The document's text changed (`sinceLast` milliseconds after the editor's last change, for a change of the editor's). */
  private markChanged(uri: string, entry: Entry, sinceLast?: number): void {
    entry.stale = true;
    entry.declarations = undefined;
    entry.edited = undefined;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        if (this.entries.get(uri) === entry && entry.stale) this.run(uri, entry);
      },
      quietMs(this.options.debounceMs, entry.lastRunMs, sinceLast),
    );
  }

  private run(uri: string, entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.stale = false;
    entry.declarations = undefined;
    entry.edited = undefined;
    const version = entry.source === "editor" ? entry.document.version : null;
    const started = performance.now();
    try {
      const current = this.snapshot(uri) as Snapshot;
      entry.analysis = analyze(uri, version, current.text, this.policyOf(uri), { parser: entry.parser, rules: entry.rules, lines: current.index });
      entry.lastRunMs = performance.now() - started;
    } catch (error) {
      entry.analysis = undefined;
      entry.dependencies = testedPolicy(uri);
      this.options.onError(uri, error);
      for (const wake of entry.waiting.splice(0)) wake(undefined);
      return;
    }
    for (const wake of entry.waiting.splice(0)) wake(entry.analysis);
    entry.dependencies = [...testedPolicy(uri), ...(this.options.dependenciesOf?.(entry.analysis) ?? [])];
    this.options.onAnalyzed(entry.analysis, entry.source);
    for (const dependent of this.dependents(uri)) this.markChanged(dependent, this.entries.get(dependent) as Entry);
  }
}

/** The changes since an analysis: none yet (`decl` unset), or all inside `decl`, which has grown by `grown` characters. */
interface Inside {
  readonly decl: Ast.Declaration | undefined;
  readonly grown: number;
}

/**
 * Where `change` (about to be applied to the entry's document) leaves the changes since the
 * entry's analysis: all still strictly inside one rule or test of it, or `undefined`. The change
 * must also leave that declaration one piece for the incremental parser (no declaration line
 * typed into it, no comment opened that could run past it, no shape line below that an error
 * could pull in), so every other declaration parses as it did.
 */
function insideOne(entry: Entry, known: Inside, change: TextDocumentContentChangeEvent): Inside | undefined {
  const analysis = entry.analysis;
  if (!analysis || !("range" in change)) return undefined;
  const start = entry.document.offsetAt(change.range.start);
  const end = entry.document.offsetAt(change.range.end);
  const shift = analysis.boundary;
  const decl = known.decl ?? analysis.ast.declarations.find((d) => d.span.start - shift < start && end < d.span.end - shift);
  if (!decl || (decl.kind !== "RuleDecl" && decl.kind !== "TestDecl")) return undefined;
  const from = decl.span.start - shift;
  if (!(from < start && end < decl.span.end - shift + known.grown)) return undefined;
  const grown = known.grown + change.text.length - (end - start);
  const text = entry.document.getText();
  const after = text.slice(0, start) + change.text + text.slice(end);
  const chunk = declarationAround(after, start);
  const onePiece =
    chunk.start === from && chunk.end >= decl.span.end - shift + grown && !hasBlockComment(after.slice(from, chunk.end)) && !startsShape(after, chunk.end);
  return onePiece ? { decl, grown } : undefined;
}

/** Whether a declaration's text has a block comment, which could run past it; a `/*` in a string (a glob's `"/srv/*"`) opens none. */
function hasBlockComment(text: string): boolean {
  return text.includes("/*") && lex(text).comments.some((c) => c.tokenType.name === "BlockComment");
}

/**
 * How long a changed document waits before its analysis: the debounce, or less when the last
 * analysis was quicker. The wait only saves work when a keystroke comes before the analysis
 * would have finished, so waiting longer than an analysis takes only delays the squiggle; and
 * none when this change came longer than that wait after the one before (`sinceLast`): the
 * next key is then not expected within the wait either (typing at 120 ms a key on a 5,000-line
 * policy, the wait made each analysis end after the next key, and a client that pulls
 * diagnostics cancels its pull at every key, so no squiggle showed until the typing stopped),
 * beyond the few milliseconds that let the requests sent with the change through first.
 */
export function quietMs(debounceMs: number, lastRunMs: number | undefined, sinceLast?: number): number {
  const quiet = lastRunMs === undefined ? debounceMs : Math.min(debounceMs, Math.ceil(lastRunMs));
  return sinceLast !== undefined && sinceLast >= quiet ? Math.min(quiet, requestsFollowMs) : quiet;
}

/**
 * The wait that is always kept: an editor sends the requests a keystroke makes (completion after
 * `.`, signature help after `(`) right behind its change, and these need no analysis, so they are
 * read and answered before one starts.
 */
const requestsFollowMs = 10;

/** A test file's dependency on its policy; none for other documents. */
function testedPolicy(uri: string): string[] {
  const policy = policyUriOf(uri);
  return policy === undefined ? [] : [policy];
}
