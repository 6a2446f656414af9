'use strict';
// Obfuscates one source text for the obfuscated-fixture tests
// (tests/Telltale.Core.Tests/JavaScript/Obfuscation).
//
//   node obfuscate.js <folder holding node_modules/javascript-obfuscator>  < request.json  > obfuscated.js
//
// The request is JSON on standard input, { "code": "...", "options": { ... } }, so no source text is
// ever part of a command line. The library is loaded from the folder named by the one argument, the
// pinned install in the telltale cache, never from whatever happens to be on node's search path.
const path = require('path');

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: node obfuscate.js <install folder> < request.json\n');
  process.exit(2);
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const obfuscator = require(path.join(path.resolve(root), 'node_modules', 'javascript-obfuscator'));
  const result = obfuscator.obfuscate(request.code, request.options);
  process.stdout.write(result.getObfuscatedCode());
});
