// Layers are checked by lint, not only documented (STYLE.md): shared/ is pure; main/ and
// renderer/ never import each other; the renderer imports no Node or Electron module.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os',
  'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib',
];
const nodeAndElectron = [
  { group: ['node:*'], message: 'No Node modules here: this layer must stay platform-free.' },
  { group: ['electron', 'electron/*'], message: 'No Electron here: only main/ talks to Electron.' },
  { group: ['better-sqlite3'], message: 'The store belongs to main/.' },
];
const bareBuiltins = nodeBuiltins.map((name) => ({ name, message: 'No Node modules here.' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'native/**', 'test-results/**', 'playwright-report/**', '.desk-data/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins,
          patterns: [
            ...nodeAndElectron,
            { group: ['react', 'react-dom', 'react/*', '@mui/*', 'zustand', 'i18next', 'react-i18next'], message: 'shared/ is pure: no UI libraries.' },
            { group: ['**/main/**', '../main', '../main/*', '**/renderer/**', '../renderer', '../renderer/*', '**/hub/**'], message: 'shared/ imports nothing from main/, renderer/ or hub/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins,
          patterns: [
            ...nodeAndElectron,
            { group: ['**/main/**', '../main', '../../main', '../../main/*', '**/hub/**'], message: 'The renderer reaches main/ only through the contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '../renderer', '../../renderer', '../renderer/*'], message: 'main/ never imports the renderer.' },
            { group: ['react', 'react-dom', '@mui/*'], message: 'main/ has no UI.' },
          ],
        },
      ],
    },
  },
  {
    files: ['hub/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', 'tests/**/*.{ts,tsx}', '*.config.{ts,mts,mjs}', 'electron.vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
