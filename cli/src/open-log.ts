// Opens the signed decision log that `--log LOG --log-key PRIVATE_KEY` name, for the commands that write one (`replay`, `mcp`).
import { readFileSync } from "node:fs";
import { AuditLog, type LogOptions } from "@apol/audit";

/** The log, nothing when neither option is given, or the one-line usage error. */
export function openLog(
  file: string | undefined,
  keyFile: string | undefined,
  options: Omit<LogOptions, "path" | "privateKey">,
): AuditLog | string | undefined {
  if (file === undefined && keyFile === undefined) return undefined;
  if (file === undefined || keyFile === undefined) return "`--log` and `--log-key` go together: the log's checkpoints are signed";
  let privateKey: string;
  try {
    privateKey = readFileSync(keyFile, "utf8");
  } catch {
    return `cannot read the key \`${keyFile}\``;
  }
  try {
    return new AuditLog({ path: file, privateKey, ...options });
  } catch (error) {
    return `cannot open the log \`${file}\`: ${error instanceof Error ? error.message : String(error)}`;
  }
}
