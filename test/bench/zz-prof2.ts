import { parse, resolve, check } from "@apol/compiler";
import { IncrementalParser } from "../../lsp/src/incremental-parse.js";
import { generatePolicy } from "./frontend-policy.js";
let text = "";
for (let r = 100; ; r += 10) { text = generatePolicy(r); if (text.split("\n").length >= 5000) break; }
const p = new IncrementalParser();
p.parse(text);
const mid = text.indexOf("\nrule ", text.length / 2) + 6;
const ast = parse(text).ast;
let tp=0, tc=0;
for (let i = 0; i < 40; i++) {
  const t2 = i % 2 ? text : text.slice(0, mid) + "(" + text.slice(mid);
  let t = performance.now(); p.parse(t2); tp += performance.now() - t;
  t = performance.now(); check(resolve(ast).output); tc += performance.now() - t;
}
console.log(tp/40, tc/40);
