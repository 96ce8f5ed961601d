// Typesets TeX with KaTeX for the site build (sitebuild/katex.py drives it).
// Protocol: one JSON request per stdin line {"tex": "...", "display": true|false},
// one JSON reply per stdout line {"html": "..."} or {"error": "..."}, in order.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(process.env.ITDL_NODE_MODULES + "/");
const katex = require("katex");
const macros = JSON.parse(process.env.KATEX_MACROS || "{}");

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { tex, display } = JSON.parse(line);
  let reply;
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      output: "htmlAndMathml",
      throwOnError: true,
      strict: "error",
      trust: false,
      macros: { ...macros },
    });
    reply = { html };
  } catch (err) {
    reply = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
