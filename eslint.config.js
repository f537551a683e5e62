import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'fixtures/**/dist/**',
      'test/fixtures/*/dist/**',
      'fixtures/translate/**',
      'examples/**',
      '.pivot/**',
      '.pivot-example/**',
      '**/*.0x/**',
      'target/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The cpu-prof preload and the CommonJS fixtures run inside profiled servers as plain node;
    // the express route fixture is a plain-JS CommonJS project.
    files: ['preload/**/*.cjs', 'test/fixtures/**/*.cjs', 'corpus/seeds/**/*.cjs', 'test/fixtures/routes/express/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', setInterval: 'readonly', setImmediate: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
