import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, serverEnvironment } from './launch.ts';

describe('server launch settings', () => {
  it('caps the young generation', () => {
    expect(SERVER_NODE_FLAGS).toEqual(['--max-semi-space-size=16']);
  });

  it('adds the malloc tunable to the environment, keeping what is there', () => {
    expect(serverEnvironment({ PORT: '8000' })).toEqual({
      PORT: '8000',
      GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=1048576',
    });
    expect(serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=1048576',
    );
    // An operator's own threshold wins.
    const own = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' };
    expect(serverEnvironment(own)).toBe(own);
  });
});
