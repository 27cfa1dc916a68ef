// The apol grammar as a pure chevrotain CstParser with error recovery; one instance, built once and reused.
import { CstParser, tokenMatcher, type CstNode, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import * as t from "./tokens.js";
import type { DeclarationCstNode, PolicyFileCstNode } from "./cst.js";
import { messageProvider } from "./messages.js";

/**
 * Grammar, from loosest to tightest binding:
 *
 *   expression  = or
 *   or          = and ("or" and)*
 *   and         = not ("and" not)*
 *   not         = "not" not | comparison
 *   comparison  = additive [(CMP | "in" | "not" "in" | "like" | "matches"
 *                            | "startsWith" | "endsWith" | "contains") additive]
 *   additive    = multiplicative (("+" | "-") multiplicative)*
 *   multiplicative = unary (("*" | "/") unary)*
 *   unary       = "-" unary | primary
 *   primary     = literal | list | object | "(" expression ")" | history | quantifier | call | path
 */
/** Keywords that start a top-level declaration; lists stop at them so recovery resumes there. */
const declarationKeywords: ReadonlySet<TokenType> = new Set([t.Policy, t.Enum, t.Tool, t.Const, t.Def, t.Rule, t.Test]);
const shapeKeywords: ReadonlySet<TokenType> = new Set([t.Agent, t.User, t.Context, t.Resource]);

/** The parts of chevrotain's CST builder (its `TreeBuilder` trait) that the overrides below use, which its typings leave out. */
interface TreeBuilderInternals {
  readonly CST_STACK: CstNode[];
  setInitialNodeLocation(node: object): void;
  setNodeLocationFromNode(location: object | undefined, from: object | undefined): void;
  cstPostNonTerminal(ruleCstResult: CstNode, ruleName: string): void;
}

class ApolParser extends CstParser {
  constructor() {
    super([...t.allTokens], {
      recoveryEnabled: true,
      maxLookahead: 3,
      // Every CST node records its first and last offsets as it is built, so spans cost nothing later.
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messageProvider,
    });
    this.performSelfAnalysis();
  }

  /**
   * Starts a rule's CST node. chevrotain's own gives each node `Object.create(null)` for its children, which V8
   * keeps as a hash table (dictionary mode): large to allocate and slow to read. An object literal gets a shape
   * per set of children instead; no rule or token is named after an `Object.prototype` member, so a child list
   * is `undefined` until added either way.
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const internals = this as unknown as TreeBuilderInternals;
    const node = { name: fullRuleName, children: {} };
    internals.setInitialNodeLocation(node);
    internals.CST_STACK.push(node);
  }

  /** Where `parseTokens` sends each finished top-level declaration, if anywhere: see `cstPostNonTerminal`. */
  private declarationSink: ((node: DeclarationCstNode) => void) | undefined;

  /**
   * Adds a finished rule's node to its parent's children; a top-level declaration goes to `declarationSink`
   * instead, when there is one. Nothing reads a declaration's node after this (recovery only flags the node
   * it returns, before its parent gets it), so it can be built into the AST at once: the file's CST then never
   * holds more than the declaration being parsed, and its nodes die young, where the garbage collector is
   * cheapest, instead of all surviving to the end of the file and being copied on every collection.
   */
  protected cstPostNonTerminal(ruleCstResult: CstNode, ruleName: string): void {
    const internals = this as unknown as TreeBuilderInternals;
    const sink = this.declarationSink;
    if (sink !== undefined && ruleName === "declaration" && internals.CST_STACK.length === 1) {
      internals.setNodeLocationFromNode(internals.CST_STACK[0]?.location, ruleCstResult.location);
      sink(ruleCstResult as DeclarationCstNode);
      return;
    }
    (CstParser.prototype as unknown as TreeBuilderInternals).cstPostNonTerminal.call(this, ruleCstResult, ruleName);
  }

  public policyFile = this.RULE("policyFile", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  private declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.policyHeader) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.shapeDecl) },
      { ALT: () => this.SUBRULE(this.toolDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.predicateDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
    ]);
  });

  /**
   * The name a declaration introduces. Any word is taken, so `rule allow { ... }` keeps
   * its body; `cst-to-ast` reports a keyword used as a name.
   */
  private declName = this.RULE("declName", () => {
    this.CONSUME(t.AnyName);
  });

  private policyHeader = this.RULE("policyHeader", () => {
    this.CONSUME(t.Policy);
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Timezone);
      this.CONSUME(t.StringLiteral);
    });
  });

  private enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(t.Enum);
    this.SUBRULE(this.declName);
    this.CONSUME(t.LBrace);
    this.MANY({
      // A declaration keyword ends the list: `enum E { a, b` followed by `rule r` is a missing `}`.
      GATE: () => !this.atDeclaration(),
      DEF: () => {
        this.CONSUME(t.AnyName);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RBrace);
  });

  private shapeDecl = this.RULE("shapeDecl", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Agent) },
      { ALT: () => this.CONSUME(t.User) },
      { ALT: () => this.CONSUME(t.Context) },
      { ALT: () => this.CONSUME(t.Resource) },
    ]);
    this.SUBRULE(this.recordType);
  });

  private recordType = this.RULE("recordType", () => {
    this.CONSUME(t.LBrace);
    this.MANY({
      GATE: this.atField,
      DEF: () => {
        this.SUBRULE(this.field);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RBrace);
  });

  /** A declaration starts here: `rule`, `tool`, ..., or a shape keyword followed by `{`. */
  private atDeclaration = (): boolean => {
    const next = this.LA(1).tokenType;
    return declarationKeywords.has(next) || (shapeKeywords.has(next) && this.LA(2).tokenType === t.LBrace);
  };

  /**
   * A field starts with a name and then `:` or `?`. Looking two tokens ahead keeps a
   * missing `)` or `}` from turning the next declaration's keywords into fields.
   */
  private atField = (): boolean => {
    const next = this.LA(2).tokenType;
    return next === t.Colon || next === t.Question;
  };

  private field = this.RULE("field", () => {
    this.CONSUME(t.AnyName);
    this.OPTION(() => this.CONSUME(t.Question));
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeExpr);
  });

  /** A type, or a union of them: `string | string[]`. */
  private typeExpr = this.RULE("typeExpr", () => {
    this.SUBRULE(this.listTypeExpr);
    this.MANY(() => {
      this.CONSUME(t.Pipe);
      this.SUBRULE2(this.listTypeExpr);
    });
  });

  /** A name, a record or a parenthesised type, then any number of `[]`. */
  private listTypeExpr = this.RULE("listTypeExpr", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.SUBRULE(this.recordType) },
      {
        ALT: () => {
          this.CONSUME(t.LParen);
          this.SUBRULE(this.typeExpr);
          this.CONSUME(t.RParen);
        },
      },
    ]);
    this.MANY(() => {
      this.CONSUME(t.LBracket);
      this.CONSUME(t.RBracket);
    });
  });

  private toolDecl = this.RULE("toolDecl", () => {
    this.CONSUME(t.Tool);
    // A tool's name may be quoted, as MCP servers spell them (`"create-issue"`).
    this.OR([{ ALT: () => this.SUBRULE(this.declName) }, { ALT: () => this.CONSUME(t.StringLiteral) }]);
    this.CONSUME(t.LParen);
    this.MANY({
      GATE: this.atField,
      DEF: () => {
        this.SUBRULE(this.field);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RParen);
    this.MANY2(() => this.SUBRULE(this.toolClause));
  });

  private toolClause = this.RULE("toolClause", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Tags);
          this.SUBRULE(this.nameList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Tier);
          this.CONSUME(t.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Returns);
          this.CONSUME(t.AnyName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Output);
          this.SUBRULE(this.typeExpr);
        },
      },
    ]);
  });

  /** `a, b, c`: tags and labels. */
  private nameList = this.RULE("nameList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.AnyName) });
  });

  private constDecl = this.RULE("constDecl", () => {
    this.CONSUME(t.Const);
    this.SUBRULE(this.declName);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** `def NAME(param: Type, ...) = EXPR`: a named predicate. */
  private predicateDecl = this.RULE("predicateDecl", () => {
    this.CONSUME(t.Def);
    this.SUBRULE(this.declName);
    this.CONSUME(t.LParen);
    this.MANY({
      GATE: this.atField,
      DEF: () => {
        this.SUBRULE(this.param);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** A predicate's parameter: `name: Type` (never optional: a caller always passes a value). */
  private param = this.RULE("param", () => {
    // A keyword is taken, and reported, as for a declaration's name: the body could never read it.
    this.SUBRULE(this.declName);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeExpr);
  });

  private ruleDecl = this.RULE("ruleDecl", () => {
    this.CONSUME(t.Rule);
    this.SUBRULE(this.declName);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleItem));
    this.CONSUME(t.RBrace);
  });

  private ruleItem = this.RULE("ruleItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.effectLine) },
      {
        ALT: () => {
          this.CONSUME(t.When);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Unless);
          this.SUBRULE2(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Approvals);
          this.CONSUME(t.NumberLiteral);
          this.CONSUME(t.Of);
          this.SUBRULE(this.primary);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Expires);
          this.CONSUME(t.Duration);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Reason);
          this.CONSUME(t.StringLiteral);
        },
      },
    ]);
  });

  private effectLine = this.RULE("effectLine", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Allow) },
      { ALT: () => this.CONSUME(t.Deny) },
      { ALT: () => this.CONSUME(t.Review) },
      { ALT: () => this.CONSUME(t.Redact) },
    ]);
    this.SUBRULE(this.targetList);
    this.OPTION(() => {
      this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.redactPath) });
    });
  });

  /** Targets separated by commas; the two-token lookahead stops before `, 1h` in `count(x, 1h)`. */
  private targetList = this.RULE("targetList", () => {
    this.SUBRULE(this.target);
    this.MANY({
      // chevrotain decides on the `,` alone; a window after it belongs to `count`/`seen`. So does what was
      // meant as one: a number (`3600`, `1 hour`, `1.5h`) or a last quoted word (`"1h"`), which the window reports.
      GATE: () => {
        const next = this.LA(2).tokenType;
        if (next === t.Duration || next === t.Session || next === t.NumberLiteral) return false;
        return !(next === t.StringLiteral && this.LA(3).tokenType === t.RParen);
      },
      DEF: () => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.target);
      },
    });
  });

  private target = this.RULE("target", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(t.Tagged);
          this.CONSUME(t.AnyName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Tier);
          this.CONSUME(t.Comparison);
          this.CONSUME(t.NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME(t.Star) },
    ]);
  });

  /** `output.a[*].b` (a field of the tool's output) or `args.card.number` (an argument, masked in the log). */
  private redactPath = this.RULE("redactPath", () => {
    this.OR1([{ ALT: () => this.CONSUME(t.Output) }, { ALT: () => this.CONSUME(t.Args) }]);
    this.AT_LEAST_ONE(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.Dot);
            this.CONSUME(t.AnyName);
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.LBracket);
            this.CONSUME(t.Star);
            this.CONSUME(t.RBracket);
          },
        },
      ]);
    });
  });

  private testDecl = this.RULE("testDecl", () => {
    this.CONSUME(t.Test);
    this.CONSUME(t.StringLiteral);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.testStatement));
    this.CONSUME(t.RBrace);
  });

  private testStatement = this.RULE("testStatement", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.Agent) },
            { ALT: () => this.CONSUME(t.User) },
            { ALT: () => this.CONSUME(t.Context) },
            { ALT: () => this.CONSUME(t.Resource) },
          ]);
          this.SUBRULE(this.objectLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Now);
          this.CONSUME(t.StringLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.History);
          this.CONSUME(t.LBrace);
          this.MANY(() => this.SUBRULE(this.testCall));
          this.CONSUME(t.RBrace);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Observe);
          this.SUBRULE(this.expression);
          this.OPTION(() => {
            this.CONSUME(t.Labels);
            this.SUBRULE(this.nameList);
          });
        },
      },
      { ALT: () => this.SUBRULE2(this.testCall) },
      {
        // `approve` is a word only here: a keyword would take it from tools named `approve`.
        GATE: () => this.LA(1).image === t.approveWord,
        ALT: () => {
          this.CONSUME2(t.Identifier);
          this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME2(t.StringLiteral) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Expect);
          this.OR4([
            {
              // `expect output VALUE`: what the model reads of the latest call's output. `output` is never an effect.
              GATE: () => this.LA(1).tokenType === t.Output,
              IGNORE_AMBIGUITIES: true,
              ALT: () => {
                this.CONSUME(t.Output);
                this.SUBRULE2(this.expression);
              },
            },
            {
              ALT: () => {
                this.CONSUME(t.AnyName);
                this.OPTION2(() => {
                  this.CONSUME(t.By);
                  this.OR3([{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.ReservedRuleName) }]);
                });
              },
            },
          ]);
        },
      },
    ]);
  });

  private testCall = this.RULE("testCall", () => {
    this.CONSUME(t.Call);
    this.OR([{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.StringLiteral) }]);
    this.CONSUME(t.LParen);
    this.MANY({
      GATE: this.atEntry,
      DEF: () => {
        this.SUBRULE(this.objectEntry);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RParen);
    this.OPTION4({
      // `unchecked` is a word only here: a keyword would take it from tools and arguments named `unchecked`.
      GATE: () => this.LA(1).image === t.uncheckedWord,
      DEF: () => this.CONSUME2(t.Identifier),
    });
    this.OPTION2(() => {
      this.CONSUME(t.Returns);
      this.SUBRULE(this.expression);
    });
    this.OPTION3(() => {
      this.CONSUME(t.Labels);
      this.SUBRULE(this.nameList);
    });
  });

  // ---------------------------------------------------------------- expressions

  public expression = this.RULE("expression", () => {
    this.SUBRULE(this.orExpr);
  });

  private orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  private notAlternatives?: IOrAlt<unknown>[];
  private notExpr = this.RULE("notExpr", () => {
    this.OR(
      (this.notAlternatives ??= [
        {
          ALT: () => {
            this.CONSUME(t.Not);
            this.SUBRULE(this.notExpr);
          },
        },
        { ALT: () => this.SUBRULE(this.comparison) },
      ]),
    );
  });

  private comparisonAlternatives?: IOrAlt<unknown>[];
  private comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR(
        (this.comparisonAlternatives ??= [
          {
            // A type test: `args.company is string[]`.
            ALT: () => {
              this.CONSUME(t.Is);
              this.SUBRULE(this.typeExpr);
            },
          },
          { ALT: () => this.comparisonTail() },
        ]),
      );
    });
  });

  /** A comparison operator and its right operand (inlined into `comparison`). */
  private comparisonTail = (): void => {
    this.OR2([
      { ALT: () => this.CONSUME(t.Comparison) },
      // Recovery: `=` where `==` was meant; `cst-to-ast` reports it with a fix.
      { ALT: () => this.CONSUME(t.Equals) },
      { ALT: () => this.CONSUME(t.In) },
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.CONSUME2(t.In);
        },
      },
      { ALT: () => this.CONSUME(t.Like) },
      { ALT: () => this.CONSUME(t.Matches) },
      { ALT: () => this.CONSUME(t.StartsWith) },
      { ALT: () => this.CONSUME(t.EndsWith) },
      { ALT: () => this.CONSUME(t.Contains) },
    ]);
    this.SUBRULE2(this.additive);
  };

  private additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Plus) }, { ALT: () => this.CONSUME(t.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Star) }, { ALT: () => this.CONSUME(t.Slash) }]);
      this.SUBRULE2(this.unary);
    });
  });

  private unaryAlternatives?: IOrAlt<unknown>[];
  private unary = this.RULE("unary", () => {
    this.OR(
      (this.unaryAlternatives ??= [
        {
          ALT: () => {
            this.CONSUME(t.Minus);
            this.SUBRULE(this.unary);
          },
        },
        { ALT: () => this.SUBRULE(this.primary) },
      ]),
    );
  });

  private primaryAlternatives?: IOrAlt<unknown>[];
  private primary = this.RULE("primary", () => {
    this.OR(
      (this.primaryAlternatives ??= [
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        { ALT: () => this.CONSUME(t.Duration) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
        { ALT: () => this.SUBRULE(this.listLit) },
        { ALT: () => this.SUBRULE(this.objectLit) },
        {
          ALT: () => {
            this.CONSUME(t.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(t.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.historyCall) },
        { ALT: () => this.SUBRULE(this.sumCall) },
        { ALT: () => this.SUBRULE(this.quantifier) },
        { ALT: () => this.SUBRULE(this.call) },
        { ALT: () => this.SUBRULE(this.path) },
      ]),
    );
  });

  private listLit = this.RULE("listLit", () => {
    this.CONSUME(t.LBracket);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(t.RBracket);
  });

  private objectLit = this.RULE("objectLit", () => {
    this.CONSUME(t.LBrace);
    this.MANY({
      GATE: this.atEntry,
      DEF: () => {
        this.SUBRULE(this.objectEntry);
        this.OPTION(() => this.CONSUME(t.Comma));
      },
    });
    this.CONSUME(t.RBrace);
  });

  /** An entry is a key and `:`; see `atField`. */
  private atEntry = (): boolean => this.LA(2).tokenType === t.Colon;

  private objectEntry = this.RULE("objectEntry", () => {
    this.OR([{ ALT: () => this.CONSUME(t.AnyName) }, { ALT: () => this.CONSUME(t.StringLiteral) }]);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  /** `count(TARGETS [where E], WINDOW)` and `seen(...)`. */
  private historyCall = this.RULE("historyCall", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Count) }, { ALT: () => this.CONSUME(t.Seen) }]);
    this.CONSUME(t.LParen);
    this.SUBRULE(this.targetList);
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(t.Comma);
    this.SUBRULE(this.window);
    this.CONSUME(t.RParen);
  });

  /** `sum(TOOL.ARG [where E], WINDOW)`. */
  private sumCall = this.RULE("sumCall", () => {
    this.CONSUME(t.Sum);
    this.CONSUME(t.LParen);
    this.OR([{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.StringLiteral) }]);
    this.CONSUME(t.Dot);
    this.CONSUME(t.AnyName);
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(t.Comma);
    this.SUBRULE(this.window);
    this.CONSUME(t.RParen);
  });

  private window = this.RULE("window", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Duration) }, { ALT: () => this.CONSUME(t.Session) }]);
  });

  /** `any(x in LIST: EXPR)` and `all(...)`. */
  private quantifier = this.RULE("quantifier", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Any) }, { ALT: () => this.CONSUME(t.All) }]);
    this.CONSUME(t.LParen);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.In);
    this.SUBRULE(this.expression);
    this.CONSUME(t.Colon);
    this.SUBRULE2(this.expression);
    this.CONSUME(t.RParen);
  });

  private call = this.RULE("call", () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(t.RParen);
  });

  // `tool send(...)`, `user { ... }` or a test's `now "..."` on the next line starts a declaration or
  // statement, not a path: a `const` missing its value must not swallow it.
  private notBlock = (): boolean => this.LA(2).tokenType !== t.LBrace;
  private notDeclaration = (): boolean => !tokenMatcher(this.LA(2), t.AnyName);
  private notTimestamp = (): boolean => this.LA(2).tokenType !== t.StringLiteral;

  private pathAlternatives?: IOrAlt<unknown>[];
  private path = this.RULE("path", () => {
    const { notBlock, notDeclaration, notTimestamp } = this;
    this.OR(
      (this.pathAlternatives ??= [
        { ALT: () => this.CONSUME(t.Identifier) },
        { ALT: () => this.CONSUME(t.Args) },
        { GATE: notBlock, ALT: () => this.CONSUME(t.Agent) },
        { GATE: notBlock, ALT: () => this.CONSUME(t.User) },
        { GATE: notBlock, ALT: () => this.CONSUME(t.Context) },
        { GATE: notBlock, ALT: () => this.CONSUME(t.Resource) },
        { GATE: notDeclaration, ALT: () => this.CONSUME(t.Tool) },
        { GATE: notTimestamp, ALT: () => this.CONSUME(t.Now) },
        { ALT: () => this.CONSUME(t.It) },
      ]),
    );
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME(t.AnyName);
    });
  });
}

/** The one parser instance: `performSelfAnalysis` is the expensive part, so it runs once per process. */
export const parser = new ApolParser();

/**
 * Parses tokens into a CST, returning chevrotain's recognition errors alongside. Given `onDeclaration`, each
 * top-level declaration's node goes to it, in source order, as soon as it is parsed, and not into the file's node.
 */
export function parseTokens(tokens: IToken[], onDeclaration?: (node: DeclarationCstNode) => void): { cst: PolicyFileCstNode; errors: IRecognitionException[] } {
  parser.input = tokens;
  parser["declarationSink"] = onDeclaration;
  try {
    // chevrotain types every rule's result as a bare `CstNode`; the `policyFile` rule builds a `policyFile` node.
    const cst = parser.policyFile() as PolicyFileCstNode;
    return { cst, errors: parser.errors };
  } finally {
    parser["declarationSink"] = undefined;
  }
}
