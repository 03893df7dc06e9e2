// Native ESM mode (NestJS 12 ships ES modules only): run through `pnpm test`, which sets
// NODE_OPTIONS=--experimental-vm-modules.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@insights/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    // Subpath exports (package.json `exports`), from source as the development condition resolves them.
    '^@insights/testkit/redis-cluster$': '<rootDir>/packages/testkit/src/redis-cluster.mjs',
    '^@insights/testkit/([a-z-]+)$': '<rootDir>/packages/testkit/src/$1.ts',
    '^@insights/api/testing$': '<rootDir>/apps/api/src/testing.ts',
    // libphonenumber-js ships its metadata as `*.json.js` modules: keep those names whole.
    '^(\\.{1,2}/.*\\.json\\.js)$': '$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': swc },
};

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,packages}/*/src/**/*.spec.ts', '<rootDir>/test/ops/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,packages}/*/test/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,packages}/*/test/**/*.e2e-spec.ts'] },
    // Fault injection (killed workers, Redis and Postgres outages): `pnpm test:faults`.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
    // The queue and cache suites again, unchanged, on a Redis Cluster the run starts for itself
    // (`pnpm test:cluster`, which sets TEST_REDIS_CLUSTER=1 for global-setup).
    {
      ...common,
      displayName: 'cluster',
      testMatch: [
        '<rootDir>/apps/api/test/{queue,batch,job-events}.e2e-spec.ts',
        '<rootDir>/apps/api/test/{export,cached-read}.int-spec.ts',
        '<rootDir>/apps/api/test/**/*.cluster-spec.ts',
      ],
    },
    // The insights page in Chromium against the real stack: `pnpm test:browser` (one file at a time).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
