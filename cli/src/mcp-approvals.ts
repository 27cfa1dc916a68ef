// Reads signed approvals from a folder for `apol mcp`: each new `*.json` file (one `apol approve` line or several) goes to the enforcer.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Enforcer } from "@apol/runtime";
import type { Io } from "./command.js";
import { terminalText } from "./terminal-text.js";

/** How often the folder is read. */
const POLL_MS = 250;

/**
 * Hands every approval in a new `*.json` file of `folder` to the enforcer (which checks its signature), reporting each
 * outcome on stderr; returns the function that stops watching. A file is read once, when it first appears complete.
 */
export function watchApprovals(folder: string, enforcer: Enforcer, io: Io): () => void {
  const seen = new Set<string>();
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      let names: string[];
      try {
        names = readdirSync(folder).filter((name) => name.endsWith(".json") && !seen.has(name));
      } catch {
        return;
      }
      for (const name of names) {
        const lines = readFileSync(join(folder, name), "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "");
        // `apol approve --out` writes the whole line at once; a file without its newline yet is read on a later poll.
        if (lines.length === 0) continue;
        seen.add(name);
        for (const line of lines) await approve(line, name, enforcer, io);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  return () => clearInterval(timer);
}

/** One approval line to the enforcer. */
async function approve(line: string, file: string, enforcer: Enforcer, io: Io): Promise<void> {
  let approval: unknown;
  try {
    approval = JSON.parse(line);
  } catch {
    io.stderr.write(`apol mcp: \`${terminalText(file)}\` is not an approval (not JSON); write it with \`apol approve --out\`\n`);
    return;
  }
  const review = typeof approval === "object" && approval !== null && "review" in approval ? String(approval.review) : "";
  const state = await enforcer.approveAsync(review, approval);
  io.stderr.write(`apol mcp: approval in \`${terminalText(file)}\`: ${terminalText(state.reason)}\n`);
}
