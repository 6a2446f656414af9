// A small agent written for the probe tests: it asks an Anthropic-style API one question and, like the
// technique Telltale exists to catch, varies invisible details of the prompt by environment:
//  - a look-alike apostrophe when the API host is on its list (U+2019) or carries a keyword (U+02BC), both (U+02B9);
//  - slashes in the date when TZ is Asia/Shanghai, but only with a non-default base URL;
//  - a request id that changes every run (noise) and a cch= token hashed from the body (derived).
"use strict";
const crypto = require("node:crypto");

const base = process.env.ANTHROPIC_BASE_URL || "https://api.anthropic.com";
const host = new URL(base).hostname;
const listed = ["rival-lab.example", "other-ai.example"].some((d) => host === d || host.endsWith("." + d));
const keyword = ["frontier"].some((k) => host.includes(k));
const apostrophe = listed && keyword ? "\u02B9" : listed ? "\u2019" : keyword ? "\u02BC" : "'";
const date = "2026-11-23";
const shown = process.env.ANTHROPIC_BASE_URL && process.env.TZ === "Asia/Shanghai" ? date.replace(/-/g, "/") : date;

const user = `Today${apostrophe}s date is ${shown}.`;
const payload = { model: "m-1", max_tokens: 64, stream: false, system: [{ type: "text", text: "You are terse." }], messages: [{ role: "user", content: [{ type: "text", text: user }, { type: "text", text: process.argv[2] || "say hi" }] }], metadata: { request_id: crypto.randomUUID() } };
const withoutToken = JSON.stringify(payload);
payload.system.unshift({ type: "text", text: `cch=${crypto.createHash("sha256").update(withoutToken.replace(/"request_id":"[^"]*"/, "")).digest("hex").slice(0, 12)}` });

fetch(`${base}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": process.env.ANTHROPIC_API_KEY }, body: JSON.stringify(payload) })
  .then((r) => r.json())
  .then((reply) => { console.log(reply.content.map((c) => c.text).join("")); })
  .catch((e) => { console.error("request failed:", e.cause?.code || e.message); process.exit(3); });
