/**
 * Cleanup that must run after the test file's own afterAll hooks: the
 * helpers' safety nets (file-end-environment.js says why). Without that
 * environment (a project that does not use it) it falls back to afterAll.
 */
type Cleanup = () => Promise<void> | void;

export function atFileEnd(fn: Cleanup): void {
  const queue = (globalThis as { __marinaFileEnd?: Cleanup[] }).__marinaFileEnd;
  if (queue) queue.push(fn);
  else if (typeof afterAll === 'function') afterAll(fn);
}
