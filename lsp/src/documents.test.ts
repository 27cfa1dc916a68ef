import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Analysis } from "./analysis.js";
import { DocumentStore, quietMs, type DocumentSource, type StoreOptions } from "./documents.js";

/** A store whose events are recorded, with fake timers driving the debounce. */
function recordingStore(options: Partial<StoreOptions> = {}) {
  const analyzed: { uri: string; version: number | null; text: string; source: DocumentSource }[] = [];
  const removed: string[] = [];
  const store = new DocumentStore({
    debounceMs: 100,
    onAnalyzed: (a: Analysis, source) => analyzed.push({ uri: a.uri, version: a.version, text: a.text, source }),
    onRemoved: (uri) => removed.push(uri),
    onError: (uri, error) => {
      throw new Error(`unexpected compiler failure on ${uri}: ${String(error)}`);
    },
    ...options,
  });
  return { store, analyzed, removed };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the document lifecycle", () => {
  it("analyzes a changed document once its changes pause (debounced)", () => {
    const { store, analyzed } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    vi.advanceTimersByTime(50);
    store.change("file:///a.apol", 2, [{ text: "policy b\n" }]);
    vi.advanceTimersByTime(50);
    store.change("file:///a.apol", 3, [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 8 } }, text: "c" }]);
    expect(analyzed).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(analyzed).toEqual([{ uri: "file:///a.apol", version: 3, text: "policy c\n", source: "editor" }]);
  });

  it("waits before an analysis only while changes come quicker than the wait, and never longer than the last analysis took", () => {
    expect(quietMs(100, undefined)).toBe(100);
    expect(quietMs(100, 30.2)).toBe(31);
    expect(quietMs(100, 300)).toBe(100);
    // Keys 120 ms apart on a policy whose analysis takes 80 ms: waiting 50 ms would only make each analysis end after the next key
    // (it waits only for the requests sent with the change, such as completion, which need no analysis).
    expect(quietMs(50, 80, 120)).toBe(10);
    expect(quietMs(50, 4, 120)).toBe(4);
    // Keys 30 ms apart (a held key): the wait lets a burst cost one analysis.
    expect(quietMs(50, 80, 30)).toBe(50);
  });

  it("analyzes at once when a request needs the current text", () => {
    const { store, analyzed } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    expect(store.analysis("file:///a.apol")?.checked.symbols.policyName).toBe("a");
    expect(analyzed.map((a) => a.version)).toEqual([1]);
    vi.advanceTimersByTime(1000);
    expect(analyzed.length).toBe(1);
  });

  it("tells whether an analysis is still of the current text", () => {
    const { store } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    const first = store.analysis("file:///a.apol") as Analysis;
    expect(store.isCurrent(first)).toBe(true);
    store.change("file:///a.apol", 2, [{ text: "policy b\n" }]);
    expect(store.isCurrent(first)).toBe(false);
    const second = store.analysis("file:///a.apol") as Analysis;
    expect([store.isCurrent(first), store.isCurrent(second)]).toEqual([false, true]);
    store.close("file:///a.apol", undefined);
    expect(store.isCurrent(second)).toBe(false);
  });

  it("gives completion the declarations of the current text while its full analysis is pending", () => {
    const { store, analyzed } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    store.analysis("file:///a.apol");
    store.change("file:///a.apol", 2, [{ text: 'policy a\ntool fetch(url: string)\nrule r { allow fetch when args.url == "x" }\n' }]);
    const declarations = store.declarations("file:///a.apol");
    expect(declarations?.version).toBe(2);
    expect([...(declarations?.checked.symbols.tools.keys() ?? [])]).toEqual(["fetch"]);
    expect(declarations?.checked.rules).toEqual([]);
    expect(analyzed.map((a) => a.version)).toEqual([1]);
    expect(store.analysis("file:///a.apol")?.checked.rules.length).toBe(1);
    expect(store.declarations("file:///a.apol")).toBe(store.analysis("file:///a.apol"));
  });

  it("gives the outline the current text's parse while its full analysis is pending, even inside one rule", () => {
    const { store, analyzed } = recordingStore();
    const uri = "file:///a.apol";
    store.open(uri, 1, "policy a\ntool t()\nrule r {\n  allow t\n}\nrule s {\n  deny t\n}\n");
    const first = store.analysis(uri) as Analysis;
    expect(store.outline(uri)).toBe(first);
    // A line typed inside `r` moves `s` down: the outline has it where it now is, with no rule checked again.
    store.change(uri, 2, [{ range: { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } }, text: '\n  reason "ok"' }]);
    const outline = store.outline(uri) as Analysis;
    expect(outline.version).toBe(2);
    const s = outline.ast.declarations.find((d) => d.kind === "RuleDecl" && d.name.text === "s");
    expect(s && outline.index.position(s.span.start).line).toBe(7);
    expect(outline.checked.rules).toEqual([]);
    expect(analyzed.map((a) => a.version)).toEqual([1]);
    expect(store.outline(uri)).toBe(outline);
    expect(store.outline(uri)).not.toBe(first);
    const second = store.analysis(uri);
    expect(analyzed.map((a) => a.version)).toEqual([1, 2]);
    expect(store.outline(uri)).toBe(second);
  });

  it("gives completion the last analysis while every change since fell inside one rule or test, which declare no names", () => {
    const { store } = recordingStore();
    const uri = "file:///a.apol";
    store.open(
      uri,
      1,
      'policy a\ntool fetch(url: string)\nrule r {\n  allow fetch when args.url == "x"\n}\ntest "t" {\n  call fetch(url: "x")\n  expect allow\n}\n',
    );
    const first = store.analysis(uri) as Analysis;
    const at = (line: number, character: number) => ({ line, character });
    // Typing in the rule, then deleting in it: the tools are those of the analysis.
    store.change(uri, 2, [{ range: { start: at(3, 24), end: at(3, 24) }, text: " and args." }]);
    store.change(uri, 3, [{ range: { start: at(3, 30), end: at(3, 34) }, text: "" }]);
    expect(store.declarations(uri)).toBe(first);
    // A line that starts a declaration, typed into the rule, declares a tool: the text's declarations are checked again.
    store.change(uri, 4, [{ range: { start: at(3, 30), end: at(3, 30) }, text: "\ntool deploy()\n" }]);
    const typed = store.declarations(uri);
    expect(typed).not.toBe(first);
    expect([...(typed?.checked.symbols.tools.keys() ?? [])]).toEqual(["fetch", "deploy"]);
    // After the next analysis: a comment opened in a test could hide what follows; an edit outside any rule or test could declare anything.
    const second = store.analysis(uri) as Analysis;
    store.change(uri, 5, [{ range: { start: at(8, 2), end: at(8, 2) }, text: "/* " }]);
    expect(store.declarations(uri)).not.toBe(second);
    const third = store.analysis(uri) as Analysis;
    store.change(uri, 6, [{ range: { start: at(1, 5), end: at(1, 5) }, text: "x" }]);
    expect([...(store.declarations(uri)?.checked.symbols.tools.keys() ?? [])]).toEqual(["xfetch", "deploy"]);
    expect(third.version).toBe(5);
  });

  it("tells a `/*` in a string, which opens no comment, from one that does", () => {
    const { store } = recordingStore();
    const uri = "file:///a.apol";
    store.open(uri, 1, 'policy a\ntool read(path: string)\nrule r {\n  deny read when args.path like "/srv/*/data"\n}\nrule s {\n  allow read\n}\n');
    const first = store.analysis(uri) as Analysis;
    const at = (line: number, character: number) => ({ line, character });
    // Deleting `path` after `args.` in a rule whose glob has a `/*`: still typing inside the rule.
    store.change(uri, 2, [{ range: { start: at(3, 22), end: at(3, 26) }, text: "" }]);
    expect(store.declarations(uri)).toBe(first);
    // Deleting the glob's opening quote: its `/*` now opens a comment that runs over `s`.
    const second = store.analysis(uri) as Analysis;
    store.change(uri, 3, [{ range: { start: at(3, 28), end: at(3, 29) }, text: "" }]);
    expect(store.declarations(uri)).not.toBe(second);
  });

  it("places a test file's changes after its policy when it gives completion the last analysis", () => {
    const { store } = recordingStore();
    store.open("file:///t/p.apol", 1, "policy p\ntool fetch(url: string)\n");
    const uri = "file:///t/p.test.apol";
    store.open(uri, 1, 'test "t" {\n  call fetch(url: "x")\n  expect allow\n}\n');
    const first = store.analysis(uri) as Analysis;
    store.change(uri, 2, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 14 } }, text: " by" }]);
    expect(store.declarations(uri)).toBe(first);
    store.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "tool deploy()\n" }]);
    expect(store.declarations(uri)).not.toBe(first);
  });

  it("lets a request wait for the analysis of the current text without running it", async () => {
    const { store, analyzed } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    const waiting = store.whenCurrent("file:///a.apol");
    store.change("file:///a.apol", 2, [{ text: "policy b\n" }]);
    expect(analyzed).toEqual([]);
    vi.advanceTimersByTime(100);
    expect((await waiting)?.version).toBe(2);
    expect(analyzed.map((a) => a.version)).toEqual([2]);
  });

  it("hands a closed document back to its disk copy, or removes it", () => {
    const { store, analyzed, removed } = recordingStore();
    store.open("file:///w/a.apol", 1, "policy edited\n");
    store.open("file:///elsewhere.apol", 1, "policy x\n");
    store.close("file:///w/a.apol", "policy on_disk\n");
    store.close("file:///elsewhere.apol", undefined);
    vi.advanceTimersByTime(100);
    expect(store.has("file:///elsewhere.apol")).toBe(false);
    expect(removed).toEqual(["file:///elsewhere.apol"]);
    expect(analyzed).toEqual([{ uri: "file:///w/a.apol", version: null, text: "policy on_disk\n", source: "disk" }]);
  });

  it("lets the editor's text win over the disk's while a document is open", () => {
    const { store } = recordingStore();
    store.open("file:///w/a.apol", 4, "policy editor\n");
    store.index("file:///w/a.apol", "policy disk\n");
    store.unindex("file:///w/a.apol");
    expect(store.analysis("file:///w/a.apol")?.text).toBe("policy editor\n");
  });

  it("re-analyzes the documents that depend on a changed one", () => {
    // No apol file depends on another yet; the store takes the dependency relation as a parameter.
    const { store, analyzed } = recordingStore({ dependenciesOf: (a) => (a.uri === "file:///main.apol" ? ["file:///lib.apol"] : []) });
    store.index("file:///lib.apol", "policy lib\n");
    store.index("file:///main.apol", "policy main\n");
    vi.advanceTimersByTime(100);
    expect(store.dependents("file:///lib.apol")).toEqual(["file:///main.apol"]);
    analyzed.length = 0;
    store.open("file:///lib.apol", 1, "policy lib2\n");
    vi.advanceTimersByTime(200);
    expect(analyzed.map((a) => a.uri)).toEqual(["file:///lib.apol", "file:///main.apol"]);
  });

  it("waits after a change no longer than the document's last analysis took, and a burst still costs one analysis", () => {
    const { store, analyzed } = recordingStore();
    store.open("file:///a.apol", 1, "policy a\n");
    vi.advanceTimersByTime(99);
    expect(analyzed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(analyzed.map((a) => a.version)).toEqual([1]);
    // The fake clock stands still while the compiler runs: the analysis took 0 ms, so the next change waits 0 ms, not 100.
    store.change("file:///a.apol", 2, [{ text: "policy b\n" }]);
    store.change("file:///a.apol", 3, [{ text: "policy c\n" }]);
    expect(analyzed.map((a) => a.version)).toEqual([1]);
    vi.advanceTimersByTime(0);
    expect(analyzed.map((a) => a.version)).toEqual([1, 3]);
  });

  it("analyzes a test file after its policy, the editor's copy before the disk's, and again when the policy is analyzed", () => {
    const disk = new Map([["file:///w/p.apol", "policy p\ntool t()\n"]]);
    const { store, analyzed } = recordingStore({ readDisk: (uri) => disk.get(uri) });
    const tests = 'test "x" {\n  call t()\n  expect deny\n}\n';
    store.open("file:///w/p.test.apol", 1, tests);
    expect(store.analysis("file:///w/p.test.apol")?.text).toBe(`policy p\ntool t()\n\n${tests}`);
    expect(store.dependencies("file:///w/p.test.apol")).toEqual(["file:///w/p.apol"]);
    analyzed.length = 0;
    store.open("file:///w/p.apol", 1, "policy p\ntool t()\nrule r { allow t }\n");
    vi.advanceTimersByTime(100);
    expect(analyzed.map((a) => a.uri)).toEqual(["file:///w/p.apol"]);
    vi.advanceTimersByTime(100);
    expect(analyzed.map((a) => [a.uri, a.text])).toEqual([
      ["file:///w/p.apol", "policy p\ntool t()\nrule r { allow t }\n"],
      ["file:///w/p.test.apol", `policy p\ntool t()\nrule r { allow t }\n\n${tests}`],
    ]);
    expect(store.dependents("file:///w/p.apol")).toEqual(["file:///w/p.test.apol"]);
  });

  it("analyzes a test file alone when its policy is neither in the store nor on disk", () => {
    const { store } = recordingStore({ readDisk: () => undefined });
    store.open("file:///w/q.test.apol", 1, 'test "x" {}\n');
    const analysis = store.analysis("file:///w/q.test.apol");
    expect([analysis?.text, analysis?.policy, analysis?.diagnostics.map((d) => d.message)]).toEqual([
      'test "x" {}\n',
      { uri: "file:///w/q.apol", index: undefined },
      ["no policy `q.apol` beside this test file"],
    ]);
  });
});
