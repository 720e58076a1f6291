/** Embedded-store specifics: durability under kill -9, the data-dir lock, leases across restarts, openStore. */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMarinaError } from '../../lib/errors';
import { Recorder } from '../../lib/store/testing/contract-suite';
import { EmbeddedStore } from '../../lib/store/embedded/embedded-store';
import { openStore } from '../../lib/store/open';
import { isRunning, terminate, track, waitUntil } from '../helpers/_children';
import { nodeBinary } from '../helpers/process';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'marina-emb-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => undefined, (err: unknown) => err);
}

describe('embedded store', () => {
  it('keeps every acknowledged write when its process is killed with SIGKILL mid-write', async () => {
    const dir = tempDir();
    const child = spawn(nodeBinary(), [join(__dirname, '../helpers/fixtures/embedded-writer.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    try {
      await waitUntil('writer to acknowledge 300 writes', async () => {
        if (!isRunning(child)) throw new Error(`writer exited: ${err}`);
        return (out.match(/^ack /gm) ?? []).length >= 300;
      }, 30_000, 20);
      // While it runs, the data dir is locked.
      const locked = await rejection(EmbeddedStore.open(dir));
      expect(isMarinaError(locked, 'MARINA_ERR_STORE_LOCKED')).toBe(true);
      expect(String((locked as Error).message)).toContain(`live process ${child.pid}`);
    } finally {
      await terminate(child, 'SIGKILL');
    }
    expect(child.signalCode).toBe('SIGKILL');
    const acked = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const store = await EmbeddedStore.open(dir); // stale lock of a dead process is taken over
    try {
      const kvs = new Map((await store.range('/kill/')).kvs.map((kv) => [kv.key, kv.value]));
      const missing: number[] = [];
      for (const i of acked) {
        const key = `/kill/${String(i).padStart(6, '0')}`;
        if (kvs.get(key) !== `v${i}`) missing.push(i);
        if (i % 5 === 4 && kvs.get(`${key}-pair`) !== `p${i}`) missing.push(i);
      }
      expect(missing).toEqual([]);
      // The revision log agrees with the keys: replaying history from the start yields each key once, in order.
      const rec = new Recorder();
      const w = await store.watch('/kill/', rec.handler, { fromRevision: 1 });
      const rev = await store.currentRevision();
      await rec.waitForRevision(rev);
      expect(rec.events.length).toBe(kvs.size);
      expect(rec.events.map((e) => e.key).sort()).toEqual([...kvs.keys()]);
      await w.cancel();
    } finally {
      await store.close();
    }
  }, 45_000);

  it('refuses a second open of the same data dir in one process', async () => {
    const dir = tempDir();
    const store = await EmbeddedStore.open(dir);
    const err = await rejection(EmbeddedStore.open(dir));
    expect(isMarinaError(err, 'MARINA_ERR_STORE_LOCKED')).toBe(true);
    await store.close();
    const again = await EmbeddedStore.open(dir);
    await again.close();
  });

  it('keeps data, revisions and lease deadlines across a restart', async () => {
    const dir = tempDir();
    let store = await EmbeddedStore.open(dir);
    const lease = await store.grantLease(2);
    await store.put('/rs/leased', 'l', { lease: lease.id });
    const rev = await store.put('/rs/plain', 'p');
    await store.close();
    const closedAt = Date.now();
    store = await EmbeddedStore.open(dir);
    try {
      expect(await store.currentRevision()).toBe(rev);
      expect((await store.get('/rs/plain'))?.modRevision).toBe(rev);
      expect((await store.get('/rs/leased'))?.lease).toBe(lease.id);
      await store.refreshLease(lease.id); // still alive after the restart
      await waitUntil('the lease to expire after the restart', async () => (await store.get('/rs/leased')) === undefined, 6_000);
      expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1_500);
      expect(await store.get('/rs/plain')).toBeDefined();
    } finally {
      await store.close();
    }
  }, 15_000);
});

describe('embedded store permissions (it holds every app\'s env)', () => {
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
  const files = (dir: string) => ['marina.db', 'marina.db-wal', 'marina.db-shm', 'LOCK'].map((f) => join(dir, f));

  it('creates its data dir 0700 and its files 0600; the parents it creates keep the usual modes', async () => {
    const dir = join(tempDir(), 'state', 'store');
    const store = await EmbeddedStore.open(dir);
    try {
      await store.put('/perm/a', 'DB_PASSWORD=x');
      expect(mode(dir)).toBe('700');
      expect(mode(join(dir, '..'))).toBe('755'); // `marina up` keeps agent sandboxes beside it: tasks pass through
      for (const f of files(dir)) expect([f, mode(f)]).toEqual([f, '600']);
    } finally {
      await store.close();
    }
  });

  it('tightens a data dir and files found readable by other users, keeping the data', async () => {
    const dir = tempDir();
    let store = await EmbeddedStore.open(dir);
    await store.put('/perm/a', 'v1');
    await store.close();
    chmodSync(dir, 0o755);
    for (const f of files(dir)) if (existsSync(f)) chmodSync(f, 0o644);
    store = await EmbeddedStore.open(dir);
    try {
      expect((await store.get('/perm/a'))?.value).toBe('v1');
      expect(mode(dir)).toBe('700');
      for (const f of files(dir)) if (existsSync(f)) expect([f, mode(f)]).toEqual([f, '600']);
    } finally {
      await store.close();
    }
  });
});

describe('openStore', () => {
  it('names the missing option', async () => {
    const e1 = await rejection(openStore({ kind: 'embedded' }));
    expect(isMarinaError(e1, 'MARINA_ERR_CONFIG') && e1.message).toMatch(/dataDir/);
    const e2 = await rejection(openStore({ kind: 'etcd' }));
    expect(isMarinaError(e2, 'MARINA_ERR_CONFIG') && e2.message).toMatch(/endpoints/);
    const e3 = await rejection(openStore({ kind: 'etcd', endpoints: ['127.0.0.1:2379'] }));
    expect(isMarinaError(e3, 'MARINA_ERR_CONFIG') && e3.message).toMatch(/not an http/);
    const e4 = await rejection(openStore({ kind: 'zookeeper' as 'etcd' }));
    expect(isMarinaError(e4, 'MARINA_ERR_CONFIG') && e4.message).toMatch(/kind.*zookeeper/);
  });

  it('opens the embedded store by name', async () => {
    const store = await openStore({ kind: 'embedded', dataDir: tempDir() });
    expect(store.kind).toBe('embedded');
    expect(await store.currentRevision()).toBe(1);
    await store.close();
  });
});
