/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'workers/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/core/test-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
