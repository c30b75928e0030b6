// Smoke test of the built package (run after `npm run build`): import from Node ESM, require from
// Node CJS, bundle for the browser with esbuild and check that no Node built-in and, for the
// analytics entry, nothing of the engine or json-rules-engine gets in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const fail = (msg) => {
  console.error(`FAIL ${msg}`);
  process.exitCode = 1;
};

// Node resolves the package by its own name from inside the package (self-reference via `exports`).
const esm = await import('loyalty-engine');
const esmAnalytics = await import('loyalty-engine/analytics');
const require = createRequire(join(root, 'package.json'));
const cjs = require('loyalty-engine');
const cjsAnalytics = require('loyalty-engine/analytics');
for (const [name, mod] of [
  ['esm', esm],
  ['cjs', cjs],
]) {
  if (typeof mod.LoyaltyError !== 'function' || typeof mod.isLoyaltyError !== 'function')
    fail(`${name}: no LoyaltyError`);
}
for (const [name, mod] of [
  ['esm analytics', esmAnalytics],
  ['cjs analytics', cjsAnalytics],
]) {
  if (typeof mod.isLoyaltyError !== 'function') fail(`${name}: no isLoyaltyError`);
}
const interop = await import('loyalty-engine/json-rules-engine');
const interopCjs = require('loyalty-engine/json-rules-engine');
for (const mod of [interop, interopCjs]) {
  if (typeof mod.registerLoyaltyOperators !== 'function')
    fail('json-rules-engine entry: no registerLoyaltyOperators');
}
for (const mod of [await import('loyalty-engine/report'), require('loyalty-engine/report')]) {
  if (typeof mod.renderReport !== 'function' || typeof mod.buildReport !== 'function')
    fail('report entry: no buildReport/renderReport');
}
const e = new cjs.LoyaltyError('INTERNAL', 'x');
if (!esm.isLoyaltyError(e)) fail('an error from the CJS build is not recognised by the ESM build');
console.log(
  `ok   node esm: ${Object.keys(esm).length} exports, analytics ${Object.keys(esmAnalytics).length}`,
);
console.log(
  `ok   node cjs: ${Object.keys(cjs).length} exports, analytics ${Object.keys(cjsAnalytics).length}`,
);

// The CLI (bin loyalty-engine): a Node-only file of its own that uses the library by its package
// name, so none of the library is copied into it and none of it reaches the library entries.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, pkg.bin['loyalty-engine']);
const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim();
if (version !== pkg.version) fail(`cli --version printed ${version}`);
const help = execFileSync(bin, ['report', '--help'], { encoding: 'utf8' });
if (!help.startsWith('Usage: loyalty-engine report')) fail('cli report --help');
const cliCode = readFileSync(bin, 'utf8');
if (!cliCode.startsWith('#!/usr/bin/env node')) fail('cli: no shebang');
if (
  !/from "loyalty-engine\/report"/.test(cliCode) ||
  /function (compileCondition|fitBgNbd|renderReport)\b/.test(cliCode)
)
  fail('cli: should import the library by name, not bundle it');
for (const f of readdirSync(join(root, 'dist')).filter((n) => /\.(c?js)$/.test(n) && !n.startsWith('cli.'))) {
  if (/src\/cli\/|loyalty-engine <command>/.test(readFileSync(join(root, 'dist', f), 'utf8')))
    fail(`dist/${f} contains CLI code`);
}
console.log(`ok   cli: ${pkg.bin['loyalty-engine']} ${version}, executable, imports the library by name`);

mkdirSync(join(root, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, '.tmp', 'bundle-'));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
try {
  for (const [entry, forbidden] of [
    ['loyalty-engine', []],
    ['loyalty-engine/analytics', ['json-rules-engine', 'createEngine', 'compileCondition', 'jsonpath']],
    ['loyalty-engine/json-rules-engine', ['node_modules/json-rules-engine']],
    ['loyalty-engine/report', ['json-rules-engine', 'createEngine', 'compileCondition', 'jsonpath']],
  ]) {
    const input = join(dir, 'entry.mjs');
    writeFileSync(input, `export * from '${entry}';\n`);
    const meta = join(dir, 'meta.json');
    const out = join(dir, 'out.js');
    execFileSync(
      'npx',
      [
        'esbuild',
        input,
        '--bundle',
        '--platform=browser',
        '--format=esm',
        `--outfile=${out}`,
        `--metafile=${meta}`,
        '--log-level=error',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    const inputs = Object.keys(JSON.parse(readFileSync(meta, 'utf8')).inputs);
    const code = readFileSync(out, 'utf8');
    const nodeImports = inputs.filter((i) => builtins.has(i) || i.startsWith('node:'));
    if (nodeImports.length > 0)
      fail(`${entry}: browser bundle pulls Node built-ins ${nodeImports.join(', ')}`);
    for (const f of forbidden) {
      if (inputs.some((i) => i.includes(f)) || code.includes(f))
        fail(`${entry}: browser bundle contains "${f}"`);
    }
    console.log(
      `ok   browser bundle of ${entry}: ${code.length} bytes, ${inputs.length} inputs, no Node built-in`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
