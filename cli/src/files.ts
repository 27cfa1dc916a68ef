// Reads and writes policy files for the CLI, turning every failure into a one-line message instead of a stack trace.
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

/** A file's text, or why it could not be read. */
export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * Reads a policy file as strict UTF-8 (a leading byte order mark is dropped, as editors do,
 * so columns match theirs). Given a missing `x.apol`, the message is "cannot read `x.apol`: no such file".
 */
export function readSource(path: string): ReadResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, message: `cannot read \`${path}\`: ${reasonOf(error)}` };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: `cannot read \`${path}\`: not valid UTF-8 ${invalidAt(bytes)}; save it as UTF-8` };
  }
}

/** Where the first byte that is not UTF-8 is, as `at line L, column C (byte B)`: what an editor or `xxd` can find. */
function invalidAt(bytes: Uint8Array): string {
  // Decoding with replacement leaves the text before the first bad sequence exact; a U+FFFD the file itself spells
  // (EF BF BD) is skipped by checking the bytes it stands at.
  const text = new TextDecoder("utf-8").decode(bytes);
  const encoder = new TextEncoder();
  for (let index = text.indexOf("\uFFFD"); index >= 0; index = text.indexOf("\uFFFD", index + 1)) {
    const byte = encoder.encode(text.slice(0, index)).length;
    if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) continue;
    const before = text.slice(0, index);
    const line = before.split("\n").length;
    const column = index - before.lastIndexOf("\n");
    return `at line ${line}, column ${column} (byte ${byte})`;
  }
  return "";
}

/** Replaces a file's contents; returns why it failed, or `undefined` on success. */
export function writeSource(path: string, text: string): string | undefined {
  try {
    writeFileSync(path, text);
    return undefined;
  } catch (error) {
    return `cannot write \`${path}\`: ${reasonOf(error)}`;
  }
}

/**
 * Writes a generated file without following a symbolic link at `path`: a link there is refused
 * (it could point anywhere, and writing through it would change that file instead), and the text
 * goes to a new file beside it that is then renamed over `path`, which replaces a link created
 * meanwhile instead of following it. Returns why it failed, or `undefined` on success.
 */
export function writeOutput(path: string, text: string): string | undefined {
  try {
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
      return `cannot write \`${path}\`: it is a symbolic link; remove it, or choose another --out folder`;
  } catch (error) {
    return `cannot write \`${path}\`: ${reasonOf(error)}`;
  }
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    // `wx` creates the file or fails: it never opens an existing file or link.
    writeFileSync(temporary, text, { flag: "wx" });
    renameSync(temporary, path);
    return undefined;
  } catch (error) {
    rmSync(temporary, { force: true });
    return `cannot write \`${path}\`: ${reasonOf(error)}`;
  }
}

/** The common system errors in words; anything rarer keeps Node's own message. */
function reasonOf(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
    case "ENOTDIR":
      return "no such file";
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
