// Lint: rules that catch real faults (unhandled promises, unused code, `any`, accidental globals), not style;
// Prettier owns the layout. The layering rules of ../shared/docs/architecture.md are the `layer` blocks at the end
// (what each folder may import); scripts/check-imports.mjs adds what a per-file rule cannot see (cycles, and that
// the pages' entries never reach TensorFlow.js).
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The model layer's public entries (CONTRIBUTING.md): index.ts is the door; info.ts is the part pages may load
// without TensorFlow.js; nano/ the Fashion-MNIST application; node.ts Node's files (command lines only); internal.ts
// the parts the profiler times on their own (its builders only).
const modelPast = (...entries) => ({
  regex: `(^|/)model/(?!(${entries.join('|')})$)`,
  message: `outside src/model, import the model layer through its public entries only (here: model/${entries.join(', model/')}); add an export there rather than reaching past it (CONTRIBUTING.md)`,
});
const never = (folders, why) => ({
  regex: `(^|/)(${folders.join('|')})/`,
  message: `${why} (../shared/docs/architecture.md; CONTRIBUTING.md)`,
});
const BROWSER_DOORS = ['index', 'info', 'nano', 'nano/index'];
const WORKER_CODE = {
  regex: '(^|/)worker/(?!(\\w+Protocol|\\w+Client|rpc)$)',
  message:
    'pages talk to a worker through its protocol and client files (…Protocol.ts, …Client.ts, rpc.ts), never its code',
};
/** One `no-restricted-imports` per folder: ESLint keeps only the last value of a rule, so each block says it all. */
const layer = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'tmp/',
      'node_modules/',
      '.astro/',
      'public/',
      'tests/fixtures/',
      'src/model/ops/wasm/geluWasm.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Type-aware rules for the TypeScript sources: a promise nobody awaits or catches is a lost error.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  layer(['src/lib/**'], {
    regex: '^\\.\\./',
    message: 'src/lib is the bottom layer: it imports nothing of ours above it',
  }),
  layer(['src/graph/**'], {
    regex: '^\\.\\./(?!lib/prng$)',
    message:
      'src/graph imports nothing of ours but src/lib/prng (pure teaching kernels: ../shared/docs/architecture.md)',
  }),
  // model → graph is allowed: src/graph's pure kernels are below the model (the ops take their shift lists from there)
  layer(
    ['src/model/**'],
    never(
      ['components', 'worker', 'profiler', 'pages', 'layouts'],
      'the model layer imports only src/lib, src/graph and itself',
    ),
  ),
  layer(
    ['src/profiler/**'],
    never(['components', 'worker', 'pages', 'layouts'], 'the profiler is below the pages and the workers'),
    modelPast(...BROWSER_DOORS),
  ),
  layer(
    ['src/profiler/builders/**'],
    never(['components', 'worker', 'pages', 'layouts'], 'the profiler is below the pages and the workers'),
    modelPast(...BROWSER_DOORS, 'internal'),
  ),
  layer(
    ['src/worker/**'],
    never(['components', 'pages', 'layouts'], 'workers are below the pages'),
    modelPast(...BROWSER_DOORS),
  ),
  layer(['src/layouts/**', 'src/pages/**'], modelPast(...BROWSER_DOORS), WORKER_CODE),
  layer(
    ['src/components/**'],
    modelPast(...BROWSER_DOORS),
    WORKER_CODE,
    never(['pages', 'layouts'], 'components are below the pages'),
  ),
  layer(
    ['src/train/**'],
    never(['components', 'worker', 'profiler', 'pages', 'layouts'], 'the training engine has no DOM and no views'),
    modelPast(...BROWSER_DOORS),
  ),
  layer(['scripts/**'], modelPast(...BROWSER_DOORS, 'node')),
);
