// ESLint: type-aware typescript-eslint rules, with the promise rules grammY's deployment checklist
// asks for (a floating promise in a handler is an unhandled rejection or a lost error). Prettier
// owns formatting, so the stylistic rules are switched off (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'drizzle/', 'coverage/', 'src/services/workerBootstrap.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests drive untyped emulator payloads and assert on them (the emulator is a deliberately loose
    // fake of the Bot API): the unsafe-any rules would only add casts; fakes are async without awaiting.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'packages/bot-api-emulator/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // The playground page: plain browser modules, served as they are (no build step, no types).
    files: ['playground/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'document',
          'localStorage',
          'fetch',
          'EventSource',
          'FileReader',
          'Option',
          'confirm',
          'setTimeout',
          'clearTimeout',
          'setInterval',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  prettier,
);
