import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const otherServices = {
  group: ['**/core-service/src/**', '**/bff/src/**', '**/worker/src/**'],
  message: 'A service imports @todo/contracts and @todo/platform, never another service.',
};
const serviceBoundaries = { 'no-restricted-imports': ['error', { patterns: [otherServices] }] };

// core-service's modules import one way, each only from those before it (and db/, http/, which import
// no module): a module that needs something of a later one gets it through an interface of its own.
const CORE_MODULES = ['outbox', 'changes', 'reminders', 'tags', 'users', 'todos', 'sync'];
const laterModules = (index, name = CORE_MODULES[index]) =>
  CORE_MODULES.slice(index + 1).map((later) => ({
    group: [`../${later}/*`, `**/modules/${later}/*`],
    message: `${name} comes before ${later} (eslint.config.js): modules import one way.`,
  }));
const coreModuleLayers = [
  ...CORE_MODULES.map((name, index) => ({
    files: [`core-service/src/modules/${name}/**`],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherServices, ...laterModules(index)] }] },
  })),
  {
    files: ['core-service/src/db/**', 'core-service/src/http/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherServices, ...laterModules(-1, 'db/ and http/')] }],
    },
  },
];

// The PWA's layers, lowest first: each imports only the layers before it (pwa/README.md, "Layers").
// Matched on the import's path (relative imports climb to src/ with ../), so no resolver is needed.
export const PWA_LAYERS = ['lib', 'ui', 'db', 'api', 'sync', 'features', 'app'];

function pwaLayerRules(layer) {
  const higher = PWA_LAYERS.slice(PWA_LAYERS.indexOf(layer) + 1);
  return {
    files: [`pwa/src/${layer}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${higher.join('|')})(/|$)`,
              message: `pwa/src/${layer} is below ${higher.join(', ')}: it may import only ${PWA_LAYERS.slice(0, PWA_LAYERS.indexOf(layer)).join(', ') || 'packages'} (pwa/README.md, "Layers").`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core-service/src/**', 'bff/src/**', 'worker/src/**'],
    rules: serviceBoundaries,
  },
  ...coreModuleLayers,
  {
    // Test clients read arbitrary JSON answers; `any` there is deliberate.
    files: ['tests/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/contracts/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\.)', message: 'contracts imports only zod.' }] },
      ],
    },
  },
  {
    files: ['pwa/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...PWA_LAYERS.slice(0, -1).map(pwaLayerRules),
);
