// The workspace folders: finds every `.apol` file under them and reads files from disk for the document store.
import { readdir, readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Folders never worth searching for policies. */
const skipped: ReadonlySet<string> = new Set(["node_modules", ".git", "dist"]);

/** The workspace's folders, as file system paths. */
export class Workspace {
  private readonly folders = new Set<string>();

  /** Adds a folder given as a `file:` URI; other schemes are ignored. */
  addFolder(uri: string): void {
    const path = toPath(uri);
    if (path !== undefined) this.folders.add(path);
  }

  removeFolder(uri: string): void {
    const path = toPath(uri);
    if (path !== undefined) this.folders.delete(path);
  }

  /** Whether a URI names an `.apol` file inside one of the folders. */
  contains(uri: string): boolean {
    const path = toPath(uri);
    if (path === undefined || !path.endsWith(".apol")) return false;
    return [...this.folders].some((folder) => path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
  }

  /** The disk text of a workspace file, or undefined if it is not one or cannot be read. */
  read(uri: string): string | undefined {
    return this.contains(uri) ? readFileUri(uri) : undefined;
  }

  /** Every `.apol` file under the folders, as URIs with their text; unreadable files and folders are skipped. */
  async files(): Promise<{ uri: string; text: string }[]> {
    const out: { uri: string; text: string }[] = [];
    for (const folder of this.folders) await collect(folder, out);
    return out;
  }
}

/** The disk text of any `file:` URI, inside the workspace or not, or undefined if it cannot be read. */
export function readFileUri(uri: string): string | undefined {
  const path = toPath(uri);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

async function collect(folder: string, out: { uri: string; text: string }[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name) && !entry.name.startsWith(".")) await collect(path, out);
    } else if (entry.isFile() && entry.name.endsWith(".apol")) {
      try {
        out.push({ uri: pathToFileURL(path).href, text: await readFile(path, "utf8") });
      } catch {
        // A file that vanished or cannot be read is simply not indexed.
      }
    }
  }
}

function toPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
