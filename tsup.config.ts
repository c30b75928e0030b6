import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    analytics: 'src/analytics/index.ts',
    'json-rules-engine': 'src/interop/jsonRulesEngine.ts',
    report: 'src/report/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
});
