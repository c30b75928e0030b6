// TypeDoc: the API reference of the three package entries, generated into .tmp/api (not committed)
// by `npm run docs`. Every warning is an error, so a broken {@link}, a public type that names an
// unexported one, or a bad tag fails the build (and CI).
/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'loyalty-engine',
  entryPoints: ['src/index.ts', 'src/analytics/index.ts', 'src/interop/jsonRulesEngine.ts'],
  out: '.tmp/api',
  tsconfig: 'tsconfig.json',
  readme: 'none',
  excludePrivate: true,
  // No links to source files: they would need a hosted git remote, which clones and CI lack (and
  // TypeDoc warns, which fails the build).
  disableSources: true,
  excludeInternal: true,
  // Undocumented members are listed (without text) rather than hidden.
  excludeNotDocumented: false,
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: {
    notExported: true,
    invalidLink: true,
    rewrittenLink: true,
    unusedMergeModuleWith: true,
    // Many members are self-explaining; requiring a comment on each would be noise.
    notDocumented: false,
  },
  // Types inferred from the internal zod schemas (Program, ProgramInput, EarningRule, LoyaltyEvent,
  // LoyaltyEventInput, PurchaseLine) carry `@useDeclaredType`, so the reference shows their
  // resolved fields rather than the unexported schemas. Anything not exported fails the build.
  intentionallyNotExported: [],
};

export default config;
