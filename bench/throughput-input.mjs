// Builds one throughput input for bench/throughput.sh out of whole real files (see the recipe there).
//
//   node --experimental-vm-modules throughput-input.mjs TARGET_BYTES OUT BASE_FILE_OR_- < candidates
//
// candidates: one "label<TAB>path" a line. With a base (an ES-module bundle, kept whole at the top level),
// OUT is an ES module; without one it is a classic script. Every added file is wrapped as
// `;(function(){\n…\n})();` so its top-level names stay its own, and is only taken if that wrapped text
// parses in OUT's mode (a sloppy-mode file is not valid in a module; an ES module never is valid inside a
// function). Largest files first, so the input is made of few big bundles, as a real bundle is, rather
// than of thousands of small modules; a file is skipped if it would take OUT past TARGET + 2%.
// Prints OUT's manifest (bytes, label) on stdout.
import fs from "node:fs";
import vm from "node:vm";
import crypto from "node:crypto";

const [targetArg, out, baseArg] = process.argv.slice(2);
const target = Number(targetArg);
const ceiling = Math.floor(target * 1.02);
const base = baseArg && baseArg !== "-" ? baseArg : null;
const module = base !== null;

const parses = (text) => {
  try {
    // Construction parses (and links nothing), which is all the check needs.
    if (module) new vm.SourceTextModule(text);
    else new vm.Script(text);
    return true;
  } catch {
    return false;
  }
};

const candidates = fs.readFileSync(0, "utf8").split("\n").filter(Boolean)
  .map((line) => { const [label, path] = line.split("\t"); return { label, path, size: fs.statSync(path).size }; })
  .sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));

const parts = [];
const manifest = [];
const seen = new Set();
let total = 0;
if (base) {
  const text = fs.readFileSync(base, "utf8").replace(/\n?$/, "\n");
  parts.push(text);
  total += Buffer.byteLength(text);
  manifest.push(`${Buffer.byteLength(text)}\t${base} (whole, ES module, top level)`);
}
for (const c of candidates) {
  if (total >= target * 0.98) break;
  const glue = Buffer.byteLength(";(function(){\n\n})();\n");
  if (total + c.size + glue > ceiling) continue;
  const text = fs.readFileSync(c.path, "utf8");
  // A shebang is only legal as a file's first bytes, so such a file cannot be wrapped whole.
  if (text.startsWith("#!")) continue;
  const hash = crypto.createHash("sha256").update(text).digest("hex");
  if (seen.has(hash)) continue;
  const wrapped = `;(function(){\n${text}\n})();\n`;
  if (!parses(wrapped)) continue;
  seen.add(hash);
  parts.push(wrapped);
  total += Buffer.byteLength(wrapped);
  manifest.push(`${Buffer.byteLength(wrapped)}\t${c.label}`);
}
if (total < target * 0.95) {
  console.error(`only ${total} bytes of real code fit for a target of ${target}; add candidates to the recipe`);
  process.exit(1);
}
fs.writeFileSync(out, parts.join(""));
console.log(manifest.join("\n"));
