// Tool names as MCP servers spell them (`create-issue`, `github.search`, `fs/read`): which are allowed, and how apol writes one.
import type { Name } from "../ast/ast.js";
import { encodeString } from "./literals.js";
import { keywords } from "./tokens.js";

/** At most this many characters, as MCP's tool-name guidance allows. */
const maxToolNameLength = 128;

const allowed = /^[A-Za-z0-9_./-]+$/;
const bare = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot name a tool (empty, too long, or a character outside letters, digits, `_`, `-`, `.`, `/`), or undefined. */
export function toolNameProblem(name: string): string | undefined {
  if (name === "") return "a tool name cannot be empty";
  if (name.length > maxToolNameLength) return `a tool name has at most ${maxToolNameLength} characters`;
  if (!allowed.test(name)) return "a tool name has only letters, digits, `_`, `-`, `.` and `/`";
  return undefined;
}

/** Whether `name` can be written without quotes: an identifier that is not a keyword. */
export function isBareToolName(name: string): boolean {
  return bare.test(name) && !Object.hasOwn(keywords, name);
}

/** How apol writes the tool `name`: bare where it can (`send_email`), else quoted (`"create-issue"`). */
export function spellToolName(name: string): string {
  return isBareToolName(name) ? name : encodeString(name);
}

/** A tool name as the author wrote it, quotes included, for diagnostics that name what was written. */
export function writtenToolName(name: Name): string {
  return name.quoted ? encodeString(name.text) : name.text;
}
