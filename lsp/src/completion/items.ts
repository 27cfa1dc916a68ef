// The completion list being built: one replace range, each label once, and a way to say a context allows nothing else.
import { InsertTextFormat, type CompletionItem, type CompletionItemKind, type Range } from "vscode-languageserver";
import { toMarkdown, type Description } from "../describe.js";
import { placeholder } from "./context.js";

export class Items {
  private readonly byLabel = new Map<string, CompletionItem>();
  private closed = false;
  constructor(private readonly range: Range) {}

  add(label: string, kind: CompletionItemKind, description?: Description | string, options: { snippet?: string; insert?: string; first?: boolean } = {}): void {
    if (this.closed || this.byLabel.has(label) || label === "" || label === placeholder) return;
    const detail = typeof description === "string" ? description : description?.detail;
    const newText = options.snippet ?? options.insert ?? label;
    this.byLabel.set(label, {
      label,
      kind,
      ...(detail ? { detail } : {}),
      ...(typeof description === "object" ? { documentation: { kind: "markdown", value: toMarkdown(description) } } : {}),
      ...(options.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(options.first ? { sortText: `0_${label}`, preselect: true } : {}),
      textEdit: { range: this.range, newText },
    });
  }

  /** Replaces every item with those `fill` adds, and refuses later ones: the context allows nothing else. */
  only(fill: () => void): void {
    this.byLabel.clear();
    this.closed = false;
    fill();
    this.closed = true;
  }

  list(): CompletionItem[] {
    return [...this.byLabel.values()];
  }
}
