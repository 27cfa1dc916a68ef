// Reads a `matches` pattern (JavaScript syntax, Unicode mode, already known valid) into a tree of sets, assertions, sequences, alternatives and repetitions.
import { complement, digit, dot, property, single, space, union, word, type CodeSet } from "./sets.js";

export type RegexNode =
  | { readonly kind: "set"; readonly set: CodeSet }
  /** 0 `^`, 1 `$`, 2 `\b`, 3 `\B`: the runtime's assertion kinds. */
  | { readonly kind: "assert"; readonly which: 0 | 1 | 2 | 3 }
  | { readonly kind: "seq"; readonly items: readonly RegexNode[] }
  | { readonly kind: "alt"; readonly items: readonly RegexNode[] }
  | { readonly kind: "repeat"; readonly body: RegexNode; readonly min: number; readonly max: number };

/** A valid pattern the linear matcher cannot run, with a short reason and a way out. */
export class Unsupported extends Error {
  constructor(
    message: string,
    readonly help: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** Groups nest at most this deep: the compiler walks them recursively. */
const MAX_GROUP_DEPTH = 100;

const backreference = (): Unsupported => new Unsupported("it uses a backreference", "match without the backreference, e.g. list the alternatives");
const lookaround = (): Unsupported =>
  new Unsupported("it uses a lookaround assertion", 'test the condition separately, e.g. `s matches "a" and not (s matches "ab")`');

const code = (s: string): number => s.codePointAt(0) as number;

/** Parses a pattern `new RegExp(pattern, "u")` accepts; throws `Unsupported` for backreferences, lookaround and deep nesting. */
export function parseRegex(pattern: string): RegexNode {
  return new Parser(pattern).parse();
}

class Parser {
  private readonly cps: number[];
  private at = 0;

  constructor(pattern: string) {
    this.cps = Array.from(pattern, code);
  }

  parse(): RegexNode {
    const node = this.alternatives(0);
    if (this.at < this.cps.length) throw this.unreadable();
    return node;
  }

  private unreadable(): Unsupported {
    return new Unsupported(`the matcher cannot read the pattern at offset ${this.at}`, "rewrite the pattern with simpler syntax");
  }

  private peek(offset = 0): string {
    const c = this.cps[this.at + offset];
    return c === undefined ? "" : String.fromCodePoint(c);
  }

  private next(): number {
    const c = this.cps[this.at++];
    if (c === undefined) throw this.unreadable();
    return c;
  }

  private eat(s: string): boolean {
    if (this.peek() !== s) return false;
    this.at++;
    return true;
  }

  private alternatives(depth: number): RegexNode {
    const items = [this.sequence(depth)];
    while (this.eat("|")) items.push(this.sequence(depth));
    return items.length === 1 ? (items[0] as RegexNode) : { kind: "alt", items };
  }

  private sequence(depth: number): RegexNode {
    const items: RegexNode[] = [];
    while (this.at < this.cps.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.quantified(this.term(depth)));
    return items.length === 1 ? (items[0] as RegexNode) : { kind: "seq", items };
  }

  private term(depth: number): RegexNode {
    const c = this.next();
    switch (String.fromCodePoint(c)) {
      case "^":
        return { kind: "assert", which: 0 };
      case "$":
        return { kind: "assert", which: 1 };
      case ".":
        return { kind: "set", set: dot };
      case "[":
        return { kind: "set", set: this.characterClass() };
      case "(":
        return this.group(depth + 1);
      case "\\":
        return this.atomEscape();
      default:
        return { kind: "set", set: single(c) };
    }
  }

  private group(depth: number): RegexNode {
    if (depth > MAX_GROUP_DEPTH) {
      throw new Unsupported(`its groups nest more than ${MAX_GROUP_DEPTH} deep`, "flatten the pattern's groups", true);
    }
    if (this.eat("?")) {
      if (this.peek() === "=" || this.peek() === "!") throw lookaround();
      if (this.eat("<")) {
        if (this.peek() === "=" || this.peek() === "!") throw lookaround();
        while (this.next() !== code(">"));
      } else if (!this.eat(":")) throw this.unreadable();
    }
    const body = this.alternatives(depth);
    if (!this.eat(")")) throw this.unreadable();
    return body;
  }

  private quantified(atom: RegexNode): RegexNode {
    let min: number;
    let max: number;
    if (this.eat("*")) [min, max] = [0, Infinity];
    else if (this.eat("+")) [min, max] = [1, Infinity];
    else if (this.eat("?")) [min, max] = [0, 1];
    else if (this.eat("{")) {
      min = this.number();
      max = this.eat(",") ? (this.peek() === "}" ? Infinity : this.number()) : min;
      if (!this.eat("}")) throw this.unreadable();
    } else return atom;
    this.eat("?"); // a lazy quantifier matches the same strings; only which match is found first differs
    return { kind: "repeat", body: atom, min, max };
  }

  private number(): number {
    let digits = "";
    while (/[0-9]/.test(this.peek())) digits += String.fromCodePoint(this.next());
    if (digits === "") throw this.unreadable();
    return Number(digits);
  }

  private atomEscape(): RegexNode {
    const c = this.peek();
    if (c === "b" || c === "B") {
      this.at++;
      return { kind: "assert", which: c === "b" ? 2 : 3 };
    }
    if (/[1-9]/.test(c) || c === "k") throw backreference();
    return { kind: "set", set: this.escape() };
  }

  /** The set an escape after `\` stands for, in or out of a class (`\b` in a class is handled by the caller). */
  private escape(): CodeSet {
    const c = String.fromCodePoint(this.next());
    switch (c) {
      case "d":
        return digit;
      case "D":
        return complement(digit);
      case "w":
        return word;
      case "W":
        return complement(word);
      case "s":
        return space;
      case "S":
        return complement(space);
      case "p":
      case "P": {
        if (!this.eat("{")) throw this.unreadable();
        let name = "";
        while (this.peek() !== "}") name += String.fromCodePoint(this.next());
        this.at++;
        return c === "p" ? property(name) : complement(property(name));
      }
      default:
        return single(this.characterEscape(c));
    }
  }

  private characterEscape(c: string): number {
    switch (c) {
      case "f":
        return 0x0c;
      case "n":
        return 0x0a;
      case "r":
        return 0x0d;
      case "t":
        return 0x09;
      case "v":
        return 0x0b;
      case "0":
        return 0;
      case "c":
        return this.next() % 32;
      case "x":
        return this.hex(2);
      case "u": {
        if (this.eat("{")) {
          let digits = "";
          while (this.peek() !== "}") digits += String.fromCodePoint(this.next());
          this.at++;
          return parseInt(digits, 16);
        }
        const unit = this.hex(4);
        // `\uD83D\uDE00` is one code point in Unicode mode.
        if (unit >= 0xd800 && unit <= 0xdbff && this.peek() === "\\" && this.peek(1) === "u" && /[dD][c-fC-F]/.test(this.peek(2) + this.peek(3))) {
          const mark = this.at;
          this.at += 2;
          const low = this.hex(4);
          if (low >= 0xdc00 && low <= 0xdfff) return (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          this.at = mark;
        }
        return unit;
      }
      default:
        return code(c); // an identity escape: `\.`, `\/`, `\-`
    }
  }

  private hex(length: number): number {
    let digits = "";
    for (let i = 0; i < length; i++) digits += String.fromCodePoint(this.next());
    return parseInt(digits, 16);
  }

  private characterClass(): CodeSet {
    const negate = this.eat("^");
    const parts: CodeSet[] = [];
    while (!this.eat("]")) {
      const from = this.classAtom();
      if (typeof from === "number" && this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "") {
        this.at++;
        const to = this.classAtom();
        if (typeof to !== "number") throw this.unreadable();
        parts.push([from, to]);
      } else parts.push(typeof from === "number" ? single(from) : from);
    }
    const set = union(...parts);
    return negate ? complement(set) : set;
  }

  /** One class member: a code point (which may open a range) or a class escape's set. */
  private classAtom(): number | CodeSet {
    const c = this.next();
    if (c !== code("\\")) return c;
    if (this.eat("b")) return 0x08;
    if (/^[dDwWsSpP]$/.test(this.peek())) return this.escape();
    return this.characterEscape(String.fromCodePoint(this.next()));
  }
}
