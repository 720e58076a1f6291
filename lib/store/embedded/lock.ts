/**
 * One process owns an embedded data dir: a LOCK file holding the owner's pid,
 * created exclusively. A lock left by a dead process (kill -9) is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarinaError } from '../../errors';

const heldHere = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function locked(dataDir: string, why: string): MarinaError {
  return new MarinaError('MARINA_ERR_STORE_LOCKED', `embedded store data dir ${dataDir} is in use: ${why}`);
}

/** Take the data dir's lock or throw MARINA_ERR_STORE_LOCKED naming the holder. Returns the release function. */
export function acquireDirLock(dataDir: string): () => void {
  const path = join(dataDir, 'LOCK');
  if (heldHere.has(path)) throw locked(dataDir, `already open in this process (pid ${process.pid})`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        if (readPid(path) === process.pid) unlinkSync(path);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readPid(path);
    if (owner !== undefined && owner !== process.pid && pidAlive(owner)) {
      throw locked(dataDir, `held by live process ${owner} (lock file ${path})`);
    }
    unlinkSync(path); // stale: its owner is gone
  }
  throw locked(dataDir, `could not take ${path}`);
}
