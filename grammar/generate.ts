// `npm run generate`: writes grammar/apol.tmLanguage.json from the compiler's token table.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { grammarText } from "./tm-grammar.js";

/** Where the generated grammar lives; a test compares it with a fresh generation. */
export const grammarPath = fileURLToPath(new URL("./apol.tmLanguage.json", import.meta.url));

writeFileSync(grammarPath, grammarText());
process.stdout.write(`wrote ${grammarPath}\n`);
