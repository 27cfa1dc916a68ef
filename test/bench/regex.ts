// `matches` on the built packages: the exponential patterns on hostile text, and ordinary patterns against JavaScript's RegExp in the same run.
import { compileRegex, isRegexProblem } from "../../compiler/dist/regex/compile.js";
import { regex, type Regex } from "../../runtime/dist/evaluate/regex.js";
import { seeded } from "./prng.js";
import { median } from "./stats.js";

/** One pattern on one text: apol's time per test, and RegExp's when it is safe to run (never on the hostile texts). */
export interface RegexRow {
  readonly pattern: string;
  readonly text: string;
  readonly chars: number;
  readonly matched: boolean;
  readonly apolNs: number;
  readonly regExpNs?: number;
}

export interface RegexReport {
  /** The patterns, on the text it timed and on 100 KB of the same kind. */
  readonly pathological: readonly RegexRow[];
  /** A large pattern whose DFA cannot be cached, on text that visits its states. */
  readonly worst: RegexRow;
  /** Patterns policies use, on the texts they see: both engines. */
  readonly ordinary: readonly RegexRow[];
}

const big = 100_000;

/** Pattern, a short description of the text, the text, and its 100 KB counterpart. */
const pathological: readonly [string, string, string, string][] = [
  ["^(a+){30}$", "a×31 then !", `${"a".repeat(31)}!`, `${"a".repeat(big - 1)}!`],
  ["a*a*a*a*a*a*a*b", "a×60", "a".repeat(60), "a".repeat(big)],
  ["^(a|a){40}$", "a×39 then !", `${"a".repeat(39)}!`, `${"a".repeat(big - 1)}!`],
  ["^(a+){1,10}$", "a×39 then !", `${"a".repeat(39)}!`, `${"a".repeat(big - 1)}!`],
  ["^((a|aa))*$", "a×39 then !", `${"a".repeat(39)}!`, `${"a".repeat(big - 1)}!`],
  ["^(.*?,){11}P$", ",×39 then Q", `${",".repeat(39)}Q`, `${",".repeat(big - 1)}Q`],
  ["\\s+$", "space×99 then x", `${" ".repeat(99)}x`, `${" ".repeat(big - 1)}x`],
];

/**
 * The worst case for this engine rather than for backtracking: a DFA with 2^995 states, so the cache
 * thrashes and each code point costs a full NFA step over about 1,000 NFA states (the bound is n × m).
 */
const worst: readonly [string, string, string] = ["[ab]*a[ab]{995}$", "random a/b ×10K", randomAb(10_000)];

function randomAb(length: number): string {
  const random = seeded(20261207);
  return Array.from({ length }, () => (random.chance(0.5) ? "a" : "b")).join("");
}

const ordinary: readonly [string, string][] = [
  ["\\brm\\s+-(rf|fr)\\b", "cd /srv/app && rm -rf ./build/cache"],
  ["^git [a-z]+$", "git status"],
  ["^\\s*(insert|update|delete|drop|alter)\\b", "select id, name from users where id = 42"],
  ["^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "ana.lopez+billing@mail.example.com"],
  ["^https://[^/]+\\.example\\.com/", "https://api.example.com/v1/items?page=2"],
  ["\\.pdf$", "/home/ana/reports/2026-q3.pdf"],
  ["^\\p{Lu}\\p{Ll}+$", "Zürich"],
  ["(?:password|secret|token)\\s*[:=]", "log in with user=ana and note=hello world"],
];

function compiled(pattern: string): Regex {
  const program = compileRegex(pattern);
  if (isRegexProblem(program)) throw new Error(`${pattern}: ${program.message}`);
  return regex(program);
}

/** Median nanoseconds per `test` over batches sized to about a millisecond each, after a warm-up. */
function time(test: (s: string) => boolean, text: string): number {
  let reps = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) test(text);
    if (Number(process.hrtime.bigint() - start) > 1e6 || reps >= 1 << 20) break;
    reps *= 2;
  }
  const batches: number[] = [];
  for (let b = 0; b < 15; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) test(text);
    batches.push(Number(process.hrtime.bigint() - start) / reps);
  }
  return median(batches);
}

function row(pattern: string, label: string, text: string, withRegExp: boolean): RegexRow {
  const matcher = compiled(pattern);
  const matched = matcher.test(text);
  const native = new RegExp(pattern, "u");
  if (withRegExp && native.test(text) !== matched) throw new Error(`${pattern} on ${label}: apol and RegExp disagree`);
  return {
    pattern,
    text: label,
    chars: text.length,
    matched,
    apolNs: time((s) => matcher.test(s), text),
    ...(withRegExp ? { regExpNs: time((s) => native.test(s), text) } : {}),
  };
}

export function benchRegex(): RegexReport {
  return {
    pathological: pathological.flatMap(([pattern, label, short, long]) => [
      row(pattern, label, short, false),
      row(pattern, `${label.replace(/×\d+/, "×100K")}`, long, false),
    ]),
    worst: row(...worst, false),
    ordinary: ordinary.map(([pattern, text]) => row(pattern, JSON.stringify(text), text, true)),
  };
}
