// Two projects: `unit` needs nothing but node; `integration` (*.itg.test.ts) needs the
// real engine + registry that scripts/testbench.ts starts and describes in the environment.
const shared = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }
    ]
  },
  roots: ['<rootDir>/test']
}

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.itg\\.test\\.ts$']
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.itg.test.ts'],
      // Side by side with --maxWorkers=2: each worker past the first gets a bench of its own (engine,
      // registry), since suites wipe the engine; see test/support/worker-benches.js.
      testEnvironment: '<rootDir>/test/support/bench-environment.js',
      globalSetup: '<rootDir>/test/support/worker-benches.setup.js',
      globalTeardown: '<rootDir>/test/support/worker-benches.teardown.js'
    }
  ],
  testTimeout: 300000,
  // Not under the temp directory: `npm test` gives each run a temp directory of its own
  // (scripts/testbench.ts), and the transform cache should outlive it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest'
}
