#!/usr/bin/env node
// The loyalty-engine command: report, simulate, lint. Node-only code lives in src/cli/ (the
// library entries stay free of Node built-ins); it uses the library through its package name.
import { run } from './run.js';

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `loyalty-engine: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 70;
  },
);
