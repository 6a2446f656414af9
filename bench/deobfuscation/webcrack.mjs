// Runs webcrack on one file through its library API, as the compare bench runs every tool: one process per file.
//
//   node webcrack.mjs IN OUT
//
// Run from a copy inside the webcrack install (bench/deobfuscation-compare.sh puts it there), so 'webcrack'
// resolves to the pinned package and nothing else on the machine. Default options, as its README's first example.
import { readFile, writeFile } from 'node:fs/promises';
import { webcrack } from 'webcrack';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: node webcrack.mjs IN OUT\n');
  process.exit(2);
}

const result = await webcrack(await readFile(input, 'utf8'));
await writeFile(output, result.code);
