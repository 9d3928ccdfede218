import tseslint from 'typescript-eslint';

const boundaries = {
  'libs/rules': ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', '@kubernetes/client-node', 'pg', '@meshguard/db', '@meshguard/k8s'],
  'libs/k8s': ['@nestjs/*', '@prisma/*', 'bullmq', '@meshguard/db'],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '.nx/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through the validated config object (libs/config), never process.env.' },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@kubernetes/client-node'], message: 'Only libs/k8s talks to Kubernetes.' }, { group: ['@prisma/client', '@prisma/client/*'], message: 'Only libs/db imports Prisma.' }] }],
    },
  },
  ...Object.entries(boundaries).map(([root, banned]) => ({
    files: [`${root}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: banned, message: `${root} must not depend on this (see shared/STYLE.md, boundaries).` }] }] },
  })),
  { files: ['libs/k8s/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@nestjs/*', '@prisma/*', 'bullmq', '@meshguard/db'], message: 'libs/k8s stays free of app frameworks.' }] }] } },
  { files: ['libs/db/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Start-up (issue 17): the rule catalog is ~270 modules that no request before ready needs; the API loads it on first use.
  {
    files: ['apps/api/src/**/*.ts', 'libs/webhooks/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/api/src/rules/rules-catalog.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@meshguard/rules', allowTypeImports: true, message: 'Load the catalog on first use with rulesCatalog() (apps/api/src/rules/rules-catalog.ts), or import a small subpath such as @meshguard/rules/vocabulary.' }] },
      ],
    },
  },
  { files: ['libs/config/**/*.ts', '**/*.spec.ts', '**/test/**/*.ts', '**/*.config.ts', '**/bench/**'], rules: { 'no-restricted-syntax': 'off' } },
);
