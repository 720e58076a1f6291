// Unit tests sit beside the code; integration tests (real etcd, redis,
// network namespaces, marina processes) live in test/integration.
// ts-jest only transpiles (tsconfig isolatedModules): deploy/setup.sh type-checks the
// whole tree with tsc before the tests run.
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/lib', '<rootDir>/services', '<rootDir>/cli'],
      testMatch: ['**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
    },
    {
      // failure drills (test/drills/README.md): the short form runs here; full.test.ts only with MARINA_DRILLS=full
      displayName: 'drills',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/drills'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
