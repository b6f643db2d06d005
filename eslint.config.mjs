// ESLint flat config. The sandbox zone (code that is bundled into workflows,
// src/control included) may not import Node builtins or the Node-only
// Temporal packages; src/control imports no Temporal module at all; only
// src/sdk-internals.ts reaches into the SDK's internal modules; the library
// (src/) imports neither the application nor the tests, benches and scripts,
// has no import cycle, and its production code does not import its testing
// helpers; app/ uses the library through its public entries. Type-only
// cycles and what src/control loads indirectly are checked by
// scripts/import-graph.js, the step of `npm run lint` after ESLint.
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const sandboxAllowedBuiltins = new Set(['assert', 'url', 'util']);
/** What the library may never import: the application, the demo it wires in, and the tooling around it. */
const notLibrary = ['./app', './workflows', './activities', './test', './bench', './scripts'].map((from) => ({
  target: './src',
  from,
  message: 'The library (src/) never imports the application, the demo, tests, benches or scripts.',
}));

const forbiddenBuiltins = builtinModules
  .filter((name) => !name.startsWith('_') && !sandboxAllowedBuiltins.has(name.split('/')[0]))
  .flatMap((name) => [name, `node:${name}`]);

/** Where code runs in the deterministic workflow sandbox. */
const sandboxFiles = [
  'src/index.ts',
  'src/common/**',
  'src/control/**',
  'src/workflow/**',
  'src/workflow-interceptors.ts',
  'workflows/**',
  'test/fixtures/*-workflows.ts',
  'test/fixtures/configured-interceptors.ts',
];
const sandboxBuiltins = forbiddenBuiltins.map((name) => ({
  name,
  message: 'Workflow-zone code runs in the deterministic sandbox: Node builtins are not available.',
}));
const nodeOnlyTemporal = {
  group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
  message: 'Node-only Temporal packages must stay out of the workflow zone.',
};
const sdkInternals = {
  group: ['@temporalio/*/lib/*'],
  message: "The SDK's internal modules are reached only from src/sdk-internals.ts.",
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'coverage/**',
      'test/fixtures/forbidden-import/**',
      // A consumer's project, type-checked against the packed package by test/consumer.test.ts.
      'test/fixtures/consumer/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // No import cycles in the library: each module's dependencies stand below it.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The SDK's internal modules are reached from one module only, whose test names what moved.
    files: ['src/**/*.ts'],
    ignores: ['src/sdk-internals.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sdkInternals] }] },
  },
  {
    files: sandboxFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: sandboxBuiltins, patterns: [nodeOnlyTemporal, sdkInternals] },
      ],
    },
  },
  {
    // The control rules are pure: no Temporal module at all (durations arrive as milliseconds or are read by
    // src/common/duration.ts). scripts/import-graph.js checks what they load through other modules.
    files: ['src/control/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sandboxBuiltins,
          patterns: [
            { group: ['@temporalio/*'], message: 'src/control imports no Temporal module: it is pure.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...notLibrary,
            {
              target: './src',
              from: './src/testing',
              message: 'Production code never imports the testing helpers (src/testing).',
            },
          ],
        },
      ],
    },
  },
  {
    // The testing helpers may import each other; the library rule still holds.
    files: ['src/testing/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: notLibrary }] },
  },
  {
    // The application uses the library as a user does: through its package entries.
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(\\.\\./)+src/(?!(index|workflow-interceptors|workflow|client|activity|worker|http|testing)$)',
              message:
                'app/ imports the library only through its public entries (src/index.ts, src/<entry>/index.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain CommonJS scripts that run before any build.
    files: ['scripts/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
