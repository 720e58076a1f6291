import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterTls } from './ca';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'marina-ca-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a restart keeps a serving certificate that names every address (::1 included); a new address re-issues it', async () => {
  const names = ['localhost', '127.0.0.1', '::1', '198.18.0.1'];
  const files = await ensureClusterTls(dir, names);
  const first = readFileSync(files.serverCert, 'utf8');
  await ensureClusterTls(dir, names);
  expect(readFileSync(files.serverCert, 'utf8')).toBe(first);
  // another replica's certificate from the same CA that names more than it needs is kept too
  await ensureClusterTls(dir, ['::1', '198.18.0.1']);
  expect(readFileSync(files.serverCert, 'utf8')).toBe(first);
  await ensureClusterTls(dir, [...names, '198.18.0.2']);
  expect(readFileSync(files.serverCert, 'utf8')).not.toBe(first);
}, 30_000);
