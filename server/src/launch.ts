/**
 * How the server process is started. `npm start` (scripts/start.ts) applies these and the
 * benchmark starts the server the same way, so what is measured is what is deployed. Running
 * `node server/src/server.ts` yourself works too, without the tuning.
 */

/**
 * V8's young generation: 16 MB per semi-space instead of a size derived from the machine's memory
 * (up to 64 MB per semi-space on a 24 GB machine, ~100 MB more resident memory). 8 MB was enough
 * on SQLite, where a request rarely waits, but on PostgreSQL the 32 requests in flight hold their
 * objects across a scavenge: at 8 MB the app scavenged every ~75 ms under the feed's load, spent
 * 1.3–1.5× the floor's CPU per page and promoted enough to grow the old generation (RSS 212 MB);
 * at 16 MB, 1.1–1.2× and 173 MB. In a full benchmark run, whose maximum is sign-in's, 16 MB cost
 * 27 MB more (364 against 337 MB); docs/performance.md, "A young generation for PostgreSQL".
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];

/**
 * glibc's malloc raises its mmap threshold to the size of the largest block freed so far, so after
 * the first password hash argon2id's 19 MiB blocks come from per-thread arenas, which keep them:
 * ~80 MB more after a few sign-ins. A fixed 1 MiB threshold hands such blocks straight back to the
 * system. Ignored where the C library is not glibc.
 */
const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=1048576';

export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const tunables = env.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.mmap_threshold=')) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${MALLOC_TUNABLE}` : MALLOC_TUNABLE };
}
