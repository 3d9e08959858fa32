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
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.itg.test.ts'] }
  ],
  testTimeout: 300000
}
