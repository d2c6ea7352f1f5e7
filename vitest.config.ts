import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

const protocolSource = fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url))
const alias = { '@tasuke/protocol': protocolSource }

/** One runner for the repo: a project per package, and one for the end-to-end tests. */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'protocol', root: 'packages/protocol', include: ['src/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          root: 'packages/server',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'agent', root: 'packages/agent', include: ['src/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'web',
          root: 'packages/web',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'e2e',
          include: ['**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
