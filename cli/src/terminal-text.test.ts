// Control characters from outside text are escaped before they reach a terminal.
import { expect, it } from "vitest";
import { terminalText } from "./terminal-text.js";

it("escapes C0 and C1 controls and keeps everything else", () => {
  expect(terminalText("a\u001b[2Jb\u009bc\ttab é")).toBe("a\\u001b[2Jb\\u009bc\\u0009tab é");
});
