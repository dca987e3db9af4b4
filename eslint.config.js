// Runtime boundaries, enforced (house style): the core and the schema never import Electron
// (the CLI proves they run in plain Node); the renderer never imports Node, native modules or
// main-process code except as types (it talks to main only through the preload's one object).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'bench/work/**', 'test-artifacts/**', 'release/**', 'demo-output/**', 'dev-data/**', '.scratch/**'] },
  { files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'], languageOptions: { parser: tseslint.parser, sourceType: 'module' } },
  {
    files: ['src-main/core/**/*.ts', 'db/**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core is Electron-free: take what you need as an argument.' }],
          patterns: [
            { group: ['electron/*'], message: 'The core is Electron-free.' },
            { group: ['**/electron/**', '**/cli/**', '**/bridge/**'], message: 'The core does not depend on its shells.' },
          ],
        },
      ],
    },
  },
  {
    // The words the shells share: the renderer bundles these files, so they import nothing at all.
    files: ['src-main/core/vocabulary/**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'core/vocabulary imports nothing outside itself: the renderer runs it.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...['electron', 'better-sqlite3', 'exceljs', 'pdfkit', 'fontkit'].map((name) => ({
              name,
              message: 'No Node or native modules in the renderer: call the preload API.',
              allowTypeImports: true,
            })),
            ...nodeModules.map((name) => ({ name, message: 'No Node in the renderer.', allowTypeImports: true })),
          ],
          patterns: [
            {
              regex: '(^|/)src-main/(?!core/vocabulary/)',
              message: 'Only types from the main process (import type); values only from src-main/core/vocabulary.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];
