/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built by Maven (bundles/console/pom.xml) into the bundle's classes; served by Karaf under /console.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: process.env.SEATLINE_CONSOLE_OUT ?? '../target/classes/console-web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a running distribution
    proxy: { '/api': 'http://127.0.0.1:8181' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
