// Applies a language's typographic rules to HTML with Typograf (sitebuild/typography.py drives it).
// Protocol: one JSON request per stdin line {"text": "...", "locale": [...], "enable": [...],
// "disable": [...]}, one JSON reply per stdout line {"text": "..."} or {"error": "..."}, in order.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(process.env.ITDL_NODE_MODULES + "/");
const Typograf = require("typograf");
const typografs = new Map();

function typograf(locale, enable, disable) {
  const key = JSON.stringify([locale, enable, disable]);
  if (!typografs.has(key)) {
    typografs.set(key, new Typograf({ locale, enableRule: enable, disableRule: disable }));
  }
  return typografs.get(key);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { text, locale, enable, disable } = JSON.parse(line);
  let reply;
  try {
    reply = { text: typograf(locale, enable || [], disable || []).execute(text) };
  } catch (err) {
    reply = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
