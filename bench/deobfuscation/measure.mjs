// Scores what each deobfuscator made of the javascript-obfuscator corpus, the same way for every tool, and prints
// the Markdown tables of bench/deobfuscation-compare.sh.
//
//   node measure.mjs WORK FIXTURES PRESET...
//
// WORK holds obfuscated/PRESET/NAME, TOOL/PRESET/NAME (+ .rc, .stderr, .sha256 of every round's output),
// times.tsv ("round tool seconds" per whole-corpus run) and startup.tsv (the same for one trivial file).
// Run from a copy inside the webcrack install, so 'acorn' is the pinned one.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';

const [work, fixtures, ...presets] = process.argv.slice(2);
const tools = ['telltale', 'webcrack'];
const minimumLength = 3;

function parse(code, module) {
  try {
    return acorn.parse(code, {
      ecmaVersion: 'latest',
      sourceType: module ? 'module' : 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: !module,
      allowAwaitOutsideFunction: true,
    });
  } catch {
    return null;
  }
}

function walk(node, visit, parent = null) {
  if (!node || typeof node.type !== 'string') return;
  visit(node, parent);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) walk(child, visit, node);
    } else if (value && typeof value.type === 'string') {
      walk(value, visit, node);
    }
  }
}

const isString = (node) => node?.type === 'Literal' && typeof node.value === 'string';
const isNumeric = (node) =>
  (node?.type === 'Literal' && typeof node.value === 'number')
  || (node?.type === 'UnaryExpression' && isNumeric(node.argument))
  || (node?.type === 'BinaryExpression' && isNumeric(node.left) && isNumeric(node.right));

// javascript-obfuscator's string array: function T() { const a = ['…', …]; T = function () { return a; }; return T(); }.
// Its entries are the obfuscated program's data, not recovered strings, whichever tool leaves it in place.
function stringTables(ast) {
  const arrays = new Set();
  const functions = new Set();
  walk(ast, (node) => {
    if (node.type !== 'FunctionDeclaration' || !node.id) return;
    let reassigned = false;
    const candidates = [];
    walk(node.body, (inner) => {
      if (inner.type === 'AssignmentExpression' && inner.left.type === 'Identifier' && inner.left.name === node.id.name) reassigned = true;
      if (inner.type === 'ArrayExpression' && inner.elements.length > 0 && inner.elements.every(isString)) candidates.push(inner);
    });
    if (reassigned && candidates.length > 0) {
      candidates.forEach((array) => arrays.add(array));
      functions.add(node.id.name);
    }
  });
  return { arrays, functions };
}

// The table's start-up rotation: (function (get, n) { … parseInt(d(0x1a2)) … })(T, 0x3bada). Its lookups are the
// rotation's checksum, run once at start-up, not the program's strings.
function rotationNodes(ast, tables) {
  const nodes = new Set();
  walk(ast, (node) => {
    if (node.type === 'CallExpression' && (node.callee.type === 'FunctionExpression' || node.callee.type === 'ArrowFunctionExpression')
      && node.arguments.some((a) => a.type === 'Identifier' && tables.functions.has(a.name))) {
      walk(node, (inner) => nodes.add(inner));
    }
  });
  return nodes;
}

function textsOf(ast) {
  const tables = stringTables(ast).arrays;
  const texts = new Set();
  walk(ast, (node, parent) => {
    if (isString(node) && !(parent && tables.has(parent))) texts.add(node.value);
    if (node.type === 'TemplateElement' && typeof node.value.cooked === 'string') texts.add(node.value.cooked);
  });
  return texts;
}

// A string-array lookup: f(0x1a2), f(-0x5 + 0x10, 0x3), and with rc4 encoding one short key, f(0x1a2, 'Wk]n').
// Counted in all, and apart those inside the table's rotation.
function stringArrayCalls(ast) {
  const rotation = rotationNodes(ast, stringTables(ast));
  const count = { all: 0, rotation: 0 };
  walk(ast, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.arguments.length === 0) return;
    const numeric = node.arguments.filter(isNumeric).length;
    const keys = node.arguments.filter((a) => isString(a) && a.value.length <= 8).length;
    if (numeric >= 1 && keys <= 1 && numeric + keys === node.arguments.length) {
      count.all++;
      if (rotation.has(node)) count.rotation++;
    }
  });
  return count;
}

// A property whose value is a function with a single return: javascript-obfuscator's proxy functions.
const isProxyFunction = (value) =>
  (value?.type === 'FunctionExpression' || value?.type === 'ArrowFunctionExpression')
  && (value.body.type !== 'BlockStatement' || (value.body.body.length === 1 && value.body.body[0].type === 'ReturnStatement'));

// javascript-obfuscator's proxy objects, built literally, const o = { 'KUxcV': function (a, b) { return a(b); } }, or
// key by key, const o = {}; o[d(0x1a2)] = function (a, b) { return a + b; }; and the calls made through them, whatever
// spells the key: o.KUxcV(f, x), o['KUxcV'](f, x), o[d(0x1a3)](f, x).
function proxyCalls(ast) {
  const objects = new Set();
  const proxies = new Set();
  walk(ast, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'ObjectExpression') {
      objects.add(node.id.name);
      if (node.init.properties.some((p) => p.type === 'Property' && isProxyFunction(p.value))) proxies.add(node.id.name);
    }
  });
  walk(ast, (node) => {
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.object.type === 'Identifier'
      && objects.has(node.left.object.name) && isProxyFunction(node.right)) {
      proxies.add(node.left.object.name);
    }
  });
  let count = 0;
  walk(ast, (node) => {
    const callee = node.type === 'CallExpression' ? node.callee : null;
    if (callee?.type === 'MemberExpression' && callee.object.type === 'Identifier' && proxies.has(callee.object.name)) count++;
  });
  return count;
}

// Every node of the program: what is left to read, next to the original's count.
function size(ast) {
  let count = 0;
  walk(ast, () => { count++; });
  return count;
}

const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null);
const names = readdirSync(fixtures).filter((n) => /\.(m?js)$/.test(n)).sort();
const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);
const share = (part, whole) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);
const ratio = (a, b) => (b === 0 ? '–' : `${(a / b).toFixed(2)}`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

const rows = [];
const notes = [];
for (const preset of presets) {
  for (const name of names) {
    const module = name.endsWith('.mjs');
    const original = parse(readFileSync(join(fixtures, name), 'utf8'), module);
    const obfuscated = parse(readFileSync(join(work, 'obfuscated', preset, name), 'utf8'), module);
    const wanted = [...textsOf(original)].filter((t) => t.length >= minimumLength);
    const baseline = stringArrayCalls(original).all + proxyCalls(original);
    if (baseline > 0) notes.push(`${name}: ${baseline} call(s) of the counted shapes in the original`);
    const input = { arrays: stringArrayCalls(obfuscated), proxies: proxyCalls(obfuscated), texts: textsOf(obfuscated) };
    for (const tool of ['input', ...tools]) {
      let ast = obfuscated;
      let failed = false;
      let incomplete = false;
      let seconds = NaN;
      if (tool !== 'input') {
        const output = join(work, tool, preset, name);
        const rc = read(`${output}.rc`)?.trim();
        ast = rc === '0' ? parse(read(output) ?? '', module) : null;
        incomplete = /incomplete/.test(read(`${output}.stderr`) ?? '');
        seconds = median((read(`${output}.seconds`) ?? '').split('\n').filter(Boolean).map(Number));
        if (new Set((read(`${output}.sha256`) ?? '').split('\n').filter(Boolean)).size > 1) {
          notes.push(`${tool} ${preset} ${name}: output differs between rounds`);
        }
        if (!ast) {
          failed = true;
          notes.push(`${tool} ${preset} ${name}: ${rc === '0' ? 'output does not parse' : `exit ${rc}`}: ${(read(`${output}.stderr`) ?? '').trim().split('\n').slice(-1)[0]}`);
          ast = obfuscated; // a failed run leaves the reader with the obfuscated file
        }
      }
      const texts = tool === 'input' ? input.texts : textsOf(ast);
      const arrays = tool === 'input' ? input.arrays : stringArrayCalls(ast);
      rows.push({
        preset, name, tool, seconds,
        wanted: wanted.length,
        recovered: wanted.filter((t) => texts.has(t)).length,
        arraysIn: input.arrays.all,
        arraysLeft: arrays.all,
        programIn: input.arrays.all - input.arrays.rotation,
        programLeft: arrays.all - arrays.rotation,
        proxiesIn: input.proxies,
        proxiesLeft: tool === 'input' ? input.proxies : proxyCalls(ast),
        nodes: size(ast),
        originalNodes: size(original),
        failed: failed ? 1 : 0,
        incomplete: incomplete ? 1 : 0,
      });
    }
  }
}

// "left / input (share undone)" for one pair of columns.
const undone = (r, left, input) => `${sum(r, left)} / ${sum(r, input)} (${share(sum(r, input) - sum(r, left), sum(r, input))})`;
const rate = (r, left, input) => (sum(r, input) === 0 ? NaN : 1 - sum(r, left) / sum(r, input));

function table(selected, title) {
  const lines = [`#### ${title}`, '',
    '| tool | strings recovered | string-array calls left / input (resolved) | the same outside the rotation | proxy calls left / input (inlined) | AST nodes / original | failed | incomplete |',
    '|---|---:|---:|---:|---:|---:|---:|---:|'];
  const byTool = {};
  for (const tool of ['input', ...tools]) {
    const r = selected.filter((row) => row.tool === tool);
    byTool[tool] = {
      strings: sum(r, 'recovered') / Math.max(1, sum(r, 'wanted')),
      resolved: rate(r, 'arraysLeft', 'arraysIn'),
      program: rate(r, 'programLeft', 'programIn'),
      inlined: rate(r, 'proxiesLeft', 'proxiesIn'),
      nodes: sum(r, 'nodes') / sum(r, 'originalNodes'),
    };
    const label = tool === 'input' ? 'obfuscated input (no tool)' : tool;
    lines.push(`| ${label} | ${sum(r, 'recovered')} / ${sum(r, 'wanted')} (${share(sum(r, 'recovered'), sum(r, 'wanted'))}) `
      + `| ${undone(r, 'arraysLeft', 'arraysIn')} | ${undone(r, 'programLeft', 'programIn')} | ${undone(r, 'proxiesLeft', 'proxiesIn')} `
      + `| ${(sum(r, 'nodes') / sum(r, 'originalNodes')).toFixed(2)} `
      + `| ${tool === 'input' ? '' : sum(r, 'failed')} | ${tool === 'input' ? '' : sum(r, 'incomplete')} |`);
  }
  const t = byTool.telltale;
  const w = byTool.webcrack;
  const fraction = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? '–' : ratio(a, b));
  lines.push(`| **telltale / webcrack** | **${fraction(t.strings, w.strings)}** | **${fraction(t.resolved, w.resolved)}** | **${fraction(t.program, w.program)}** | **${fraction(t.inlined, w.inlined)}** | ${ratio(t.nodes, w.nodes)} | | |`, '');
  return lines.join('\n');
}

const out = [];
for (const preset of presets) out.push(table(rows.filter((r) => r.preset === preset), `${preset} (${names.length} files)`));
out.push(table(rows, `all presets (${names.length * presets.length} files)`));

const timings = (file) => (read(join(work, file)) ?? '').trim().split('\n').filter(Boolean).map((l) => l.split(/\s+/))
  .map(([round, tool, seconds]) => ({ round: Number(round), tool, seconds: Number(seconds) }));
const times = timings('times.tsv');
const startup = timings('startup.tsv');
const rounds = [...new Set(times.map((t) => t.round))].sort((a, b) => a - b);
const files = names.length * presets.length;
out.push('#### Wall time, whole corpus (one process per file)', '',
  `| round | ${tools.join(' | ')} | telltale / webcrack |`, `|---|${tools.map(() => '---:|').join('')}---:|`);
for (const round of rounds) {
  const of = (tool) => times.find((t) => t.round === round && t.tool === tool)?.seconds ?? NaN;
  out.push(`| ${round} | ${tools.map((tool) => `${of(tool).toFixed(2)} s`).join(' | ')} | ${ratio(of('telltale'), of('webcrack'))} |`);
}
const med = (list, tool) => median(list.filter((t) => t.tool === tool).map((t) => t.seconds));
out.push(`| **median** | ${tools.map((tool) => `**${med(times, tool).toFixed(2)} s**`).join(' | ')} | **${ratio(med(times, 'telltale'), med(times, 'webcrack'))}** |`);
out.push(`| start-up (one trivial file, median) | ${tools.map((tool) => `${med(startup, tool).toFixed(3)} s`).join(' | ')} | ${ratio(med(startup, 'telltale'), med(startup, 'webcrack'))} |`);
const net = (tool) => med(times, tool) - files * med(startup, tool);
out.push(`| median less ${files} start-ups | ${tools.map((tool) => `${net(tool).toFixed(2)} s`).join(' | ')} | ${ratio(net('telltale'), net('webcrack'))} |`, '');
for (const preset of presets) {
  const per = (tool) => sum(rows.filter((r) => r.preset === preset && r.tool === tool), 'seconds');
  out.push(`- ${preset}: per-file medians summed, telltale ${per('telltale').toFixed(2)} s, webcrack ${per('webcrack').toFixed(2)} s (${ratio(per('telltale'), per('webcrack'))})`);
}
out.push('');

if (notes.length > 0) out.push('Notes:', '', ...[...new Set(notes)].map((n) => `- ${n}`), '');

out.push('<details><summary>Per file</summary>', '',
  '| preset | file | tool | strings | string-array calls left / input | outside the rotation | proxy calls left / input | AST nodes / original | median wall |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  out.push(`| ${row.preset} | ${row.name} | ${row.tool} | ${row.recovered} / ${row.wanted} | ${row.arraysLeft} / ${row.arraysIn} `
    + `| ${row.programLeft} / ${row.programIn} | ${row.proxiesLeft} / ${row.proxiesIn} | ${(row.nodes / row.originalNodes).toFixed(2)} | ${Number.isNaN(row.seconds) ? '' : `${row.seconds.toFixed(2)} s`} |`);
}
out.push('', '</details>');
process.stdout.write(`${out.join('\n')}\n`);
