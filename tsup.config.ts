import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      analytics: 'src/analytics/index.ts',
      'json-rules-engine': 'src/interop/jsonRulesEngine.ts',
      report: 'src/report/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // The CLI (below) is built into the same folder at the same time: keep its files.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
  },
  {
    // The `loyalty-engine` command: Node only, ESM, its own file. It imports the library by its
    // package name (self-reference through `exports`), so no library code is copied into it and
    // nothing of it reaches the library entries.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
    external: [/^loyalty-engine(\/.*)?$/],
  },
]);
