import { analyze } from "../../lsp/src/analysis.js";
import { IncrementalParser } from "../../lsp/src/incremental-parse.js";
import { generatePolicy } from "./frontend-policy.js";
let text = "";
for (let r = 100; ; r += 10) { text = generatePolicy(r); if (text.split("\n").length >= 5000) break; }
const p = new IncrementalParser();
analyze("file:///a.apol", 1, text, undefined, p);
const mid = text.indexOf("\nrule ", text.length / 2) + 6;
for (let i = 0; i < 8; i++) {
  const t2 = i % 2 ? text : text.slice(0, mid) + "(" + text.slice(mid);
  let t = performance.now(); analyze("file:///a.apol", 1, t2, undefined); const full = performance.now() - t;
  t = performance.now(); const pp = p.parse(t2); const inc = performance.now() - t;
  t = performance.now(); analyze("file:///a.apol", 1, t2, undefined, p); const incA = performance.now() - t;
  console.log({ full: full.toFixed(0), incParse: inc.toFixed(0), incAnalyze: incA.toFixed(0) });
}
