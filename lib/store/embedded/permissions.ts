/**
 * The embedded store holds every app's env: its data dir is 0700 and its
 * files (marina.db, its WAL and SHM, LOCK) 0600, like etcd's data dir. The
 * database file is created 0600 before SQLite opens it (SQLite gives the
 * WAL and SHM files the database file's mode); modes found wider on start
 * (a data dir from an older version, a restored backup) are tightened and
 * logged.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { logger } from '../../log';

const log = logger('store-embedded');
export const DB_FILE = 'marina.db';
const FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'LOCK'];

/** Create dataDir 0700 (its parents keep the usual modes) and marina.db 0600. */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(join(dataDir, DB_FILE), 'a', 0o600));
  tightenModes(dataDir);
}

/** Remove group and other access from dataDir and the store's files; returns the paths changed. */
export function tightenModes(dataDir: string): string[] {
  const changed: string[] = [];
  const tighten = (path: string, mode: number) => {
    let current: number;
    try {
      current = statSync(path).mode & 0o7777;
    } catch {
      return; // not there (yet)
    }
    if ((current & 0o077) === 0) return;
    chmodSync(path, mode);
    changed.push(path);
    log.warn({ path, from: current.toString(8), to: mode.toString(8) }, 'store file was readable by other users; permissions tightened');
  };
  tighten(dataDir, 0o700);
  for (const f of FILES) tighten(join(dataDir, f), 0o600);
  return changed;
}
