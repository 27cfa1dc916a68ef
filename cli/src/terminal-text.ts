// Text from outside (a server's schemas, an approval file) made safe to print on a terminal.

/** `text` with every C0 and C1 control character written as a `\uXXXX` escape: a raw one could move the cursor or restyle the terminal. */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
