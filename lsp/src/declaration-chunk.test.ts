import { describe, expect, it } from "vitest";
import { declarationAround } from "./declaration-chunk.js";
import { parseMarkers } from "./test-support/markers.js";

/** The chunk around the document's `<|>`, as text. */
function chunk(marked: string): string {
  const { text, positions } = parseMarkers(marked);
  const span = declarationAround(text, positions[0] as number);
  return text.slice(span.start, span.end);
}

describe("the declaration around the cursor", () => {
  it("runs from the line that starts the declaration to the line that starts the next", () => {
    expect(chunk("policy p\ntool t()\nrule r {\n  allow t\n  when <|>\n}\nrule s { deny t }\n")).toBe("rule r {\n  allow t\n  when \n}\n");
  });

  it("does not take a path that starts a line for a shape declaration", () => {
    expect(chunk("policy p\nuser { id: string }\nrule r {\n  allow t\n  when x and\nuser.id == <|>\n}\n")).toBe(
      "rule r {\n  allow t\n  when x and\nuser.id == \n}\n",
    );
    expect(chunk("policy p\nuser {<|> id: string }\nrule r { allow t }\n")).toBe("user { id: string }\n");
  });

  it("gives the text from the top of the file when no declaration starts above the cursor", () => {
    expect(chunk("// header\n<|>\ntool t()\n")).toBe("// header\n\n");
  });

  it("keeps the line being typed with the declaration above it", () => {
    expect(chunk("policy p\nrule r { allow t }\nru<|>")).toBe("rule r { allow t }\nru");
  });
});
