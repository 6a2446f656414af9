'use strict';
// Bundles one package's files for the bundled-fixture tests (tests/Telltale.Core.Tests/JavaScript/Bundling).
//
//   node bundle.js <folder holding node_modules/esbuild and node_modules/webpack>  < request.json  > bundle.js
//
// The request is JSON on standard input,
//   { "files": { "relative/path.js": "text", ... }, "entry": "index.js", "bundler": "esbuild" | "webpack", "format": "cjs" | "esm" }
// so no source text is ever part of a command line. The files are written to a fresh temporary folder, bundled
// the way a package author ships a production build for node, and the one output file is written to standard
// output. The bundlers are loaded from the folder named by the one argument, the pinned install in the telltale
// cache, never from whatever happens to be on node's search path.
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: node bundle.js <install folder> < request.json\n');
  process.exit(2);
}

const installed = (name) => require(path.join(path.resolve(root), 'node_modules', name));

/** A package path such as `lib/a.js`, refused when it would land outside the temporary folder. */
function within(folder, relative) {
  const target = path.resolve(folder, relative);
  if (path.isAbsolute(relative) || !target.startsWith(folder + path.sep)) {
    throw new Error(`file path ${JSON.stringify(relative)} leaves the package folder`);
  }
  return target;
}

/**
 * The package's own files are bundled; anything imported by a bare name (an npm dependency such as
 * `@anthropic-ai/sdk`) stays an external require/import, as in a library's node build. The fixtures do not ship
 * their dependencies, and the covert code under test is the package's, not its dependencies'.
 */
const isDependency = (request) => !request.startsWith('.') && !path.isAbsolute(request);

async function esbuild(folder, entry, format) {
  // The JavaScript API finds its native binary in the platform package (@esbuild/linux-x64, an optional
  // dependency) by itself, so an install with scripts off (npm ci --ignore-scripts) needs no ESBUILD_BINARY_PATH.
  const result = await installed('esbuild').build({
    absWorkingDir: folder,
    entryPoints: [path.join(folder, entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    format,
    packages: 'external',
    sourcemap: false,
    write: false,
    outfile: path.join(folder, 'dist', 'bundle.js'),
    logLevel: 'silent',
  });
  if (result.outputFiles.length !== 1) {
    throw new Error(`esbuild wrote ${result.outputFiles.length} files, not one`);
  }
  return result.outputFiles[0].text;
}

function webpack(folder, entry, format) {
  if (format !== 'cjs') {
    // webpack's ES module output is still experimental (experiments.outputModule); the corpus covers CommonJS only.
    throw new Error(`webpack bundles are built as CommonJS only, not ${format}`);
  }
  const compiler = installed('webpack')({
    mode: 'production',
    target: 'node',
    context: folder,
    entry: `./${entry}`,
    output: {
      path: path.join(folder, 'dist'),
      filename: 'bundle.js',
      // A library type keeps the entry's exports: without one, webpack treats the entry as an application whose
      // exports nobody reads, and tree-shakes every exported function that the entry does not itself call.
      library: { type: 'commonjs2' },
    },
    externals: [({ request }, callback) => (isDependency(request) ? callback(null, `commonjs ${request}`) : callback())],
    devtool: false,
    // Leave __dirname, __filename and global as node has them rather than webpack's stand-ins.
    node: false,
    performance: { hints: false },
  });
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) {
          reject(error);
        } else if (stats.hasErrors()) {
          reject(new Error(stats.toString({ all: false, errors: true, warnings: true })));
        } else {
          resolve(fs.readFileSync(path.join(folder, 'dist', 'bundle.js'), 'utf8'));
        }
      });
    });
  });
}

async function bundle(request) {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'telltale-bundle-')));
  try {
    for (const [relative, text] of Object.entries(request.files)) {
      const target = within(folder, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text, 'utf8');
    }
    within(folder, request.entry);
    switch (request.bundler) {
      case 'esbuild':
        return await esbuild(folder, request.entry, request.format);
      case 'webpack':
        return await webpack(folder, request.entry, request.format);
      default:
        throw new Error(`unknown bundler ${JSON.stringify(request.bundler)}; expected esbuild or webpack`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  bundle(JSON.parse(Buffer.concat(chunks).toString('utf8'))).then(
    (output) => process.stdout.write(output),
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    });
});
