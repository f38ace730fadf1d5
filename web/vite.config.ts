import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { PAGE_MODULES } from './src/app/page-preloads.ts';

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

/**
 * Writes page-preloads.json: for each page, its lazy chunk and every chunk that one imports, so the
 * server can name them in the page's index.html (<link rel="modulepreload">) and a phone fetches
 * them beside the entry script instead of after it (server/src/plugins/web-app.plugin.ts).
 */
function pagePreloads(): Plugin {
  let root = '';
  let sameOriginApi = true;
  return {
    name: 'book-tracker-page-preloads',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      const apiBase = loadEnv(config.mode, config.envDir || config.root, 'VITE_').VITE_API_BASE_URL ?? '';
      sameOriginApi = (process.env.VITE_API_BASE_URL ?? apiBase).trim() === '';
    },
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { imports: string[]; isEntry: boolean; facade: string | null }>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.set(output.fileName, {
          imports: output.imports,
          isEntry: output.isEntry,
          facade: output.facadeModuleId,
        });
      }
      // What index.html loads already: the entry and every chunk it imports statically.
      const initial = new Set<string>();
      const addInitial = (file: string) => {
        if (initial.has(file)) return;
        initial.add(file);
        for (const imported of chunks.get(file)?.imports ?? []) addInitial(imported);
      };
      for (const [file, chunk] of chunks) if (chunk.isEntry) addInitial(file);
      const modules: Record<string, string[]> = {};
      for (const [page, source] of Object.entries(PAGE_MODULES)) {
        const wanted = path.resolve(root, source);
        const start = [...chunks].find(([, chunk]) => chunk.facade === wanted)?.[0];
        if (!start)
          throw new Error(`page-preloads: no chunk for ${page} (${source}); is it still lazy in router.tsx?`);
        const files: string[] = [];
        const visit = (file: string) => {
          const chunk = chunks.get(file);
          // The entry and its imports are in index.html already.
          if (!chunk || initial.has(file) || files.includes(`/${file}`)) return;
          files.push(`/${file}`);
          for (const imported of chunk.imports) visit(imported);
        };
        visit(start);
        modules[page] = files;
      }
      this.emitFile({
        type: 'asset',
        fileName: 'page-preloads.json',
        source: `${JSON.stringify({ modules, sameOriginApi }, null, 2)}\n`,
      });
    },
  };
}

const apiTarget = 'http://127.0.0.1:8000';
const proxiedPaths = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json', '/uploads', '/media'];

export default defineConfig({
  plugins: [react(), pagePreloads(), precompress()],
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
    // One stylesheet, inlined into index.html (precompress): 10 KB gzipped for every page, and no
    // page waits for its own CSS file before it shows.
    cssCodeSplit: false,
    rolldownOptions: {
      // No "[PLUGIN_TIMINGS]" notice: on a busy machine the first `npm start` printed it in yellow
      // during its build, which reads like an error to someone installing Book Tracker.
      checks: { bundlerTimings: false },
      // Everything the first page needs in one chunk: with several lazy pages Rolldown otherwise
      // splits React Router and TanStack Query into shared chunks, and three files compress worse
      // than one (148.0 vs 145.3 kB gzipped when the journal pages landed).
      //
      // The code lazy pages share goes into a few chunks by which pages use it (entriesAware), small
      // sets merged: a page is then its own chunk plus two or three, not ten files of 1 KB each, and
      // every extra file is another request a slow phone queues for.
      output: {
        // The shared chunks' own names list every page that uses them: too long for a file name.
        chunkFileNames: (chunk) =>
          chunk.name.startsWith('shared~') ? 'assets/shared-[hash].js' : 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'] },
            {
              name: 'shared',
              minShareCount: 2,
              entriesAware: true,
              entriesAwareMergeThreshold: 16 * 1024,
            },
          ],
        },
      },
    },
  },
});
