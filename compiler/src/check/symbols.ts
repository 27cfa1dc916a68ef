// The symbol table `resolve` builds from a policy's declarations, and the references `check` records against it.
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import { typeToString, weekdayEnum, type FieldType, type Type } from "./types.js";

export interface EnumSymbol {
  readonly name: string;
  readonly decl: ast.EnumDecl;
  readonly members: readonly string[];
}

export interface FieldSymbol extends FieldType {
  readonly name: string;
  readonly decl: ast.Field;
}

export interface ShapeSymbol {
  readonly shape: ast.ShapeKind;
  readonly decl: ast.ShapeDecl;
  readonly fields: ReadonlyMap<string, FieldSymbol>;
  /** The shape as a record type. */
  readonly type: Type;
}

export interface ToolSymbol {
  readonly name: string;
  readonly decl: ast.ToolDecl;
  /** Arguments in declaration order. */
  readonly params: ReadonlyMap<string, FieldSymbol>;
  readonly tags: readonly string[];
  /** Risk tier 0-3; 0 when undeclared. */
  readonly tier: number;
  /** The taint label its output carries, if any. */
  readonly returns?: string;
  /** The declared shape of its output; `json` when undeclared. */
  readonly output: Type;
  /** Whether `output` was declared (redaction paths are checked only then). */
  readonly outputDeclared: boolean;
}

/** A constant's value, evaluated at compile time. */
export type ConstValue = string | number | boolean | { readonly enumMember: string; readonly enum: string } | readonly ConstValue[];

export interface ConstSymbol {
  readonly name: string;
  readonly decl: ast.ConstDecl;
  readonly type: Type;
  readonly value: ConstValue;
}

export interface ParamSymbol {
  readonly name: string;
  readonly decl: ast.Param;
  readonly type: Type;
}

/** A named predicate: a condition over its parameters, inlined where it is called. */
export interface PredicateSymbol {
  readonly name: string;
  readonly decl: ast.PredicateDecl;
  /** Parameters in declaration order (a duplicate name is reported; it keeps its position, the body reads the first). */
  readonly params: readonly ParamSymbol[];
}

/** Every declaration of a policy, by kind and name. */
export interface Symbols {
  readonly policyName: string;
  readonly timezone?: string;
  readonly enums: ReadonlyMap<string, EnumSymbol>;
  /** Enum names by member symbol (a symbol may belong to several enums). */
  readonly membersToEnums: ReadonlyMap<string, readonly string[]>;
  readonly shapes: ReadonlyMap<ast.ShapeKind, ShapeSymbol>;
  /** Tools in declaration order. */
  readonly tools: ReadonlyMap<string, ToolSymbol>;
  /** Each tool's position in declaration order. */
  readonly toolOrder: ReadonlyMap<string, number>;
  readonly consts: ReadonlyMap<string, ConstSymbol>;
  readonly predicates: ReadonlyMap<string, PredicateSymbol>;
  readonly rules: ReadonlyMap<string, ast.RuleDecl>;
}

/** What a name in the source refers to; the language server's definitions and references come from these. */
export type SymbolRef =
  | { readonly kind: "tool"; readonly name: string }
  | { readonly kind: "tag"; readonly name: string }
  | { readonly kind: "argument"; readonly tool: string; readonly name: string }
  | { readonly kind: "field"; readonly shape: ast.ShapeKind; readonly path: readonly string[] }
  | { readonly kind: "enum"; readonly name: string }
  | { readonly kind: "member"; readonly enum: string; readonly name: string }
  | { readonly kind: "const"; readonly name: string }
  | { readonly kind: "predicate"; readonly name: string }
  | { readonly kind: "parameter"; readonly predicate: string; readonly name: string }
  | { readonly kind: "rule"; readonly name: string }
  | { readonly kind: "variable"; readonly name: string; readonly declaredAt: Span };

/** One occurrence of a name, declaration or use. */
export interface Reference {
  readonly span: Span;
  readonly target: SymbolRef;
  readonly declaration: boolean;
}

/** A predicate's signature as the editor and diagnostics show it: `internal(address: string) -> bool`. */
export function predicateSignature(predicate: PredicateSymbol): string {
  return `${predicate.name}(${predicate.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(", ")}) -> bool`;
}

/** The symbols of an enum: a declared one, or the built-in `Weekday` of `now.weekday`. */
export function enumMembers(name: string, symbols: Symbols): readonly string[] {
  return name === weekdayEnum.name ? weekdayEnum.members : (symbols.enums.get(name)?.members ?? []);
}
