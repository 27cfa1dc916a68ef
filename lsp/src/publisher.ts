// Publishes each document's diagnostics (the checker's at once, the lints' right after, and the last test run's while the text it ran is current), or answers them to a client that pulls them.
import type { Diagnostic } from "vscode-languageserver";
import { hasErrors, lintsKnown, lintsOf, type Analysis } from "./analysis.js";
import { lspDiagnostics } from "./diagnostics.js";

export interface PublisherOptions {
  /** How long a document must stay unchanged after its check before it is linted (longer when its last lints took longer, see `analyzed`). */
  readonly lintDelayMs: number;
  /** Sends the complete diagnostics of the analysis's document, replacing what was sent before. */
  send(analysis: Analysis, diagnostics: Diagnostic[]): void;
  /** Whether no change came after `analysis`: a later analysis is on its way otherwise. */
  isCurrent(analysis: Analysis): boolean;
  /** Whether the analysis's diagnostics are pushed: false when the client pulls them (`report`), and nothing is sent. */
  pushes(analysis: Analysis): boolean;
  /** Whether a client that pulls can be asked to pull again (`refresh`); if not, a pull waits for the lints. */
  canRefresh(): boolean;
  /** Asks a client that pulls to pull the diagnostics of its open documents again. */
  refresh(): void;
  /** The clock that times the lints, in milliseconds; `performance.now` by default. */
  readonly now?: () => number;
}

/** A document's diagnostics as a pull request answers them, named by `resultId` so an unchanged answer can say so. */
export interface PulledReport {
  readonly resultId: string;
  readonly items: Diagnostic[];
}

/** What a client that pulls was last answered for a document. */
interface Pulled {
  readonly analysis: Analysis;
  /** Whether the answer included the lints (none if the analysis had errors). */
  readonly linted: boolean;
  /** Whether it included at least one lint warning. */
  readonly lints: boolean;
}

/** What was last published for a document. */
interface Shown {
  readonly analysis: Analysis;
  /** Whether it included at least one lint warning. */
  readonly lints: boolean;
  /** The diagnostics of the tests run on `analysis`, by title. */
  readonly tests: ReadonlyMap<string, readonly Diagnostic[]>;
  /** How many test runs were recorded for the document: a pulled report's `resultId` changes with each. */
  readonly runs: number;
}

/**
 * Lints cost a fraction of a check, and neither an error nor the next keystroke should wait
 * for them, so a document without errors is published twice: the checker's diagnostics as
 * soon as they are known, then with the lints once the document has stayed unchanged for
 * `lintDelayMs` (a change before that brings its own analysis, and the lints wait for it).
 * A document that was showing lint warnings is published once, with its new lints, so that
 * they do not blink off and on again.
 *
 * Lints compare rules with each other, so they cannot be redone for just the rule an edit
 * touched, and a large policy's take longer than its incremental check (on a 5,000-line policy,
 * several times longer): while they run, no keystroke is checked and no completion answered. So
 * a document waits to be linted at least as long as its last lints took: a pause that short in
 * typing is likely to end before lints that long would.
 */
export class DiagnosticsPublisher {
  private readonly shown = new Map<string, Shown>();
  /** Names each analysis a report was made of, for `resultId`. */
  private readonly ids = new WeakMap<Analysis, number>();
  private nextId = 0;
  /** How long each document's last lints took, in milliseconds. */
  private readonly lintMs = new Map<string, number>();
  private readonly pulled = new Map<string, Pulled>();

  constructor(private readonly options: PublisherOptions) {}

  /** A document was analyzed. */
  analyzed(analysis: Analysis): void {
    if (!this.options.pushes(analysis)) {
      // A pull answered without the lints (`report`) is asked again once they are known.
      if (!hasErrors(analysis) && this.options.canRefresh())
        this.lintLater(analysis, (lints) => {
          const pulled = this.pulled.get(analysis.uri);
          if (lints.length > 0 && pulled?.analysis === analysis && !pulled.linted) this.options.refresh();
        });
      return;
    }
    if (hasErrors(analysis)) {
      this.publish(analysis, false);
      return;
    }
    if (this.shown.get(analysis.uri)?.lints !== true) this.publish(analysis, false);
    this.lintLater(analysis, (lints) => {
      const shown = this.shown.get(analysis.uri);
      const unchanged = shown?.analysis === analysis && !shown.lints && lints.length === 0;
      if (!unchanged) this.publish(analysis, true);
    });
  }

  /** Lints `analysis` once its document has been quiet long enough (see the class), if no change came meanwhile, and hands `done` the findings. */
  private lintLater(analysis: Analysis, done: (lints: ReturnType<typeof lintsOf>) => void): void {
    setTimeout(
      () => {
        if (!this.options.isCurrent(analysis)) return;
        const known = lintsKnown(analysis);
        const now = this.options.now ?? (() => performance.now());
        const started = now();
        const lints = lintsOf(analysis);
        if (!known) this.lintMs.set(analysis.uri, now() - started);
        done(lints);
      },
      Math.max(this.options.lintDelayMs, Math.ceil(this.lintMs.get(analysis.uri) ?? 0)),
    );
  }

  /**
   * Tests ran on `analysis`: their diagnostics join the document's until its text changes.
   * With `all`, they replace those of earlier runs; otherwise they replace only those of the same tests.
   */
  testsRan(analysis: Analysis, outcomes: ReadonlyMap<string, readonly Diagnostic[]>, all: boolean): void {
    if (!this.options.isCurrent(analysis)) return;
    const shown = this.shown.get(analysis.uri);
    const earlier = shown?.analysis === analysis && !all ? shown.tests : new Map<string, readonly Diagnostic[]>();
    this.publish(analysis, true, new Map([...earlier, ...outcomes]));
  }

  /**
   * The diagnostics of the current `analysis` for a client that pulls them, with those of the
   * tests run on it. As when pushing, the lints wait for the document to be quiet when the client
   * can be asked to pull again once they are known (`analyzed`), unless the document was showing
   * lint warnings, which would blink off; the checker's diagnostics do not wait for them.
   */
  report(analysis: Analysis): PulledReport {
    let id = this.ids.get(analysis);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(analysis, id);
    }
    const tests = this.testsOf(analysis);
    const linted = !this.options.canRefresh() || hasErrors(analysis) || lintsKnown(analysis) || this.pulled.get(analysis.uri)?.lints === true;
    this.pulled.set(analysis.uri, { analysis, linted, lints: linted && lintsOf(analysis).length > 0 });
    return {
      resultId: `${id}.${this.shown.get(analysis.uri)?.runs ?? 0}${linted ? "" : ".unlinted"}`,
      items: [...lspDiagnostics(analysis, linted), ...[...tests.values()].flat()],
    };
  }

  /** A document left the store; the caller clears its diagnostics. */
  removed(uri: string): void {
    this.shown.delete(uri);
    this.lintMs.delete(uri);
    this.pulled.delete(uri);
  }

  /** Publishes the diagnostics of `analysis`, with those of the tests run on it (`ran`, when a run just ended). */
  private publish(analysis: Analysis, withLints: boolean, ran?: ReadonlyMap<string, readonly Diagnostic[]>): void {
    const tests = ran ?? this.testsOf(analysis);
    const runs = (this.shown.get(analysis.uri)?.runs ?? 0) + (ran ? 1 : 0);
    if (!this.options.pushes(analysis)) {
      this.shown.set(analysis.uri, { analysis, lints: false, tests, runs });
      return;
    }
    const lints = withLints && lintsOf(analysis).length > 0;
    this.shown.set(analysis.uri, { analysis, lints, tests, runs });
    this.options.send(analysis, [...lspDiagnostics(analysis, withLints), ...[...tests.values()].flat()]);
  }

  /** The test diagnostics still valid for `analysis`: those of runs on this very analysis. */
  private testsOf(analysis: Analysis): ReadonlyMap<string, readonly Diagnostic[]> {
    const shown = this.shown.get(analysis.uri);
    return shown?.analysis === analysis ? shown.tests : new Map();
  }
}
