import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Inlines the entry's CSS into index.html, then writes file.br and file.gz beside each text file of the build; the server sends them as they are. */
function precompress(): Plugin {
  let outDir = 'dist';
  function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  }
  return {
    name: 'book-tracker-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      // The first paint needs the CSS; inlined, it comes with the page instead of a round trip
      // later (the CSP allows inline styles).
      const indexFile = path.join(outDir, 'index.html');
      const html = readFileSync(indexFile, 'utf8').replace(
        /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)">/g,
        (_, href: string) => `<style>${readFileSync(path.join(outDir, href), 'utf8')}</style>`,
      );
      writeFileSync(indexFile, html);
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file)) continue;
        // Every text file, however small: the server then finds a compressed twin on its first try.
        const data = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

const apiTarget = 'http://127.0.0.1:8000';
const proxiedPaths = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json', '/uploads', '/media'];

export default defineConfig({
  plugins: [react(), precompress()],
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
    rolldownOptions: {
      // Everything the first page needs in one chunk: with several lazy pages Rolldown otherwise
      // splits React Router and TanStack Query into shared chunks, and three files compress worse
      // than one (148.0 vs 145.3 kB gzipped when the journal pages landed).
      output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } },
    },
  },
});
