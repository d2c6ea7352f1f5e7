// One flat ESLint config for the whole repo (STYLE.md "Tooling baseline").
// Type-aware rules stay on everywhere TypeScript lives, tests included: the TypeScript
// project service finds each file's tsconfig (see tsconfig.json "references").
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import noOnlyTests from 'eslint-plugin-no-only-tests'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/coverage/',
    '**/data/',
    '**/.cache/',
    '**/test-results/',
    'packages/web/dist/',
  ]),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'no-only-tests': noOnlyTests },
    rules: {
      'no-only-tests/no-only-tests': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/consistent-type-exports': [
        'error',
        { fixMixedExportsWithInlineTypeSpecifier: false },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNumber: true,
          allowAny: false,
          allowBoolean: false,
          allowNullish: false,
          allowRegExp: false,
          allowNever: false,
        },
      ],
    },
  },

  // Browser code: the web apps and anything that runs in a page.
  {
    files: ['packages/web/src/**/*.{ts,tsx}', '**/*.browser.js'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Plain JavaScript (config files, scripts) is not part of any tsconfig: lint it without types.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
