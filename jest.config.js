/** Tests run as native ES modules (`NODE_OPTIONS=--experimental-vm-modules`, see package.json). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  // libpq's PG* variables are removed before each test file: nothing is inherited from the machine.
  setupFiles: ['<rootDir>/__tests__/helpers/clean-env.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.lint.json', useESM: true }]
  },
  // Every test file starts its own PostgreSQL cluster; two workers keep the machine responsive.
  maxWorkers: 2,
  testTimeout: 180_000,
  verbose: true
}
