// Writes the tree bench/inventory.sh reads: INSTALLS nvm Node installs of one user, each with PACKAGES global
// packages (one in ten scoped), and EXTENSIONS VS Code extensions. Manifests are small and valid, as npm writes them.
//
//   node bench/inventory-tree.mjs TREE [INSTALLS] [PACKAGES] [EXTENSIONS]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [tree, installs = '50', packages = '200', extensions = '300'] = process.argv.slice(2);
if (!tree) {
  console.error('usage: node bench/inventory-tree.mjs TREE [INSTALLS] [PACKAGES] [EXTENSIONS]');
  process.exit(2);
}

const home = join(tree, 'home', 'bench');
for (let i = 0; i < Number(installs); i++) {
  const nodeModules = join(home, '.nvm', 'versions', 'node', `v20.${i}.0`, 'lib', 'node_modules');
  for (let p = 0; p < Number(packages); p++) {
    const name = p % 10 === 0 ? `@scope-${p % 7}/tool-${p}` : `tool-${p}`;
    const folder = join(nodeModules, ...name.split('/'));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: `1.${i}.${p}`, description: 'bench package', bin: { [`tool-${p}`]: 'cli.js' }, license: 'MIT' }, null, 2));
    writeFileSync(join(folder, 'cli.js'), '#!/usr/bin/env node\n');
  }
}

for (let e = 0; e < Number(extensions); e++) {
  const folder = join(home, '.vscode', 'extensions', `publisher-${e % 20}.extension-${e}-1.0.${e}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ publisher: `publisher-${e % 20}`, name: `extension-${e}`, version: `1.0.${e}`, engines: { vscode: '^1.90.0' } }, null, 2));
}
