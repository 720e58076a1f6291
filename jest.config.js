// Unit tests sit beside the code and run without root; integration tests
// (real etcd, redis, network namespaces, marina processes) live in
// test/integration. A test beside the code that needs root (netns, nft,
// iptables, sysctl) is tagged by its name, `*.root.test.ts`, and runs in the
// integration project (test/README.md).
// ts-jest only transpiles (tsconfig isolatedModules): deploy/test.sh type-checks the
// whole tree (tsc -p tsconfig.json --noEmit) before the tests run.
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const ROOT_TESTS = '\\.root\\.test\\.ts$';
// test helpers' safety nets run after each file's own afterAll hooks (test/helpers/file-end-environment.js)
const testEnvironment = '<rootDir>/test/helpers/file-end-environment.js';
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment,
      transform,
      roots: ['<rootDir>/lib', '<rootDir>/services', '<rootDir>/cli'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ROOT_TESTS],
    },
    {
      displayName: 'integration',
      testEnvironment,
      transform,
      roots: ['<rootDir>/test/integration', '<rootDir>/lib', '<rootDir>/services', '<rootDir>/cli'],
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '**/*.root.test.ts'],
    },
    // failure drills (test/drills/README.md): the short form runs with every test; the full form
    // (full.test.ts, the 3-host local cluster) is skipped unless MARINA_DRILLS=full
    {
      displayName: 'drills',
      testEnvironment,
      transform,
      roots: ['<rootDir>/test/drills'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
