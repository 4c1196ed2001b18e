import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 60_000,
    typecheck: {
      include: ['spec/**/*.spec-d.ts'],
      tsconfig: './tsconfig.json'
    }
  }
})
