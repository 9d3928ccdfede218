import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Vitest settings every project shares: swc for NestJS decorators, sources resolved through the workspace condition. */
export function projectTestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    plugins: [
      swc.vite({
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
      }),
    ],
    resolve: { conditions: ['@meshguard/source'] },
    ssr: { resolve: { conditions: ['@meshguard/source'] } },
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      // Generous on purpose: timeouts here only catch hangs. Embedded-database (PGlite) start-up is CPU-heavy and
      // CI shares two cores between projects; speed targets live in the benchmarks, not in test timeouts.
      testTimeout: options.testTimeout ?? 120_000,
      hookTimeout: 180_000,
      pool: 'forks',
      reporters: ['default'],
    },
  });
}
