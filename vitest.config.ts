import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^loyalty-engine\/analytics$/, replacement: src('analytics/index.ts') },
      { find: /^loyalty-engine\/json-rules-engine$/, replacement: src('interop/jsonRulesEngine.ts') },
      { find: /^loyalty-engine\/report$/, replacement: src('report/index.ts') },
      { find: /^loyalty-engine$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['test/package/**', 'node_modules/**', 'dist/**'],
    pool: 'forks',
    // In CI a JSON report is written too, so .ci/run can print a plain 'N passed, N failed' line.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]]
      : ['default'],
    testTimeout: 60_000,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
