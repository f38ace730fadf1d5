import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = 'http://127.0.0.1:8000';
const proxiedPaths = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json', '/uploads', '/media'];

export default defineConfig({
  plugins: [react()],
  css: {
    // `.search-result__title` in a module is `styles.searchResultTitle` in the component.
    modules: { localsConvention: 'camelCaseOnly' },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxiedPaths.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
