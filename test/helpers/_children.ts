/**
 * Every daemon a test helper spawns (etcd, redis, marina) is tracked here and
 * SIGKILLed, and every temp dir removed, after the test file's own afterAll
 * hooks (atFileEnd, registered when this module loads) and again when the
 * process exits, so a failed or interrupted run never leaves one behind.
 * Handles still remove themselves on a clean stop.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { atFileEnd } from './file-end';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

function killAllSync(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** SIGKILL every tracked child, wait for them, remove tracked dirs. */
export async function killAll(): Promise<void> {
  const waits = [...live].map((c) => terminate(c, 'SIGKILL'));
  await Promise.all(waits);
  killAllSync();
}

// Jest: clean up at the end of each test file (its module registry is per file), after the file's own afterAll.
atFileEnd(killAll);

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  }
}

/** Track a spawned child until it exits. */
export function track(child: ChildProcess): void {
  hook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Remove dir when the process exits (unless released first). */
export function trackDir(dir: string): void {
  hook();
  tempDirs.add(dir);
}

export function untrackDir(dir: string): void {
  tempDirs.delete(dir);
}

/** True while the child has not exited. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Send signal and wait for exit; SIGKILL after graceMs if it is still running. */
export async function terminate(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late && isRunning(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Poll fn until it returns true or timeoutMs passes; rejects with what naming the wait. */
export async function waitUntil(what: string, fn: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastErr instanceof Error ? `: ${lastErr.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}
