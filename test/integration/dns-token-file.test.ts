/**
 * Standalone `marina dns` against an allocator with auth and TLS on, given
 * its identity as options (issue 10): --token-file with a viewer token and
 * --ca with the cluster bundle, no environment or client config. It syncs
 * and answers; the token never reaches its log; a revoked token leaves it
 * unready with an error that says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsFiles } from '../../lib/tls/ca';
import { dig, values } from '../../services/dns/testing/dig';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { freePorts } from '../helpers/ports';
import { spawnMarina, stopAllMarina } from '../helpers/process';
import { run } from '../helpers/exec';

jest.setTimeout(60_000);

let dir: string;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-dns-token-'));
  h = await startHarness({ tls: 'on' }, join(dir, 'alloc'));
});

afterAll(async () => {
  await stopAllMarina();
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Nothing inherited: no MARINA_TOKEN / MARINA_CA, no client config in $HOME. */
const bare = () => ({ HOME: dir, MARINA_TOKEN: '', MARINA_CA: '', MARINA_CLIENT_CONFIG: '', MARINA_TOKEN_FILE: '' });

test('marina dns --token-file --ca follows an auth-on, TLS allocator; the token stays out of the log', async () => {
  const { token, id } = (await h.req('POST', '/v1/tokens', { role: 'viewer', description: 'dns' })).body as { token: string; id: string };
  const file = join(dir, 'dns.token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  const [dnsPort, http] = await freePorts(2);
  const proc = spawnMarina(['dns', '--allocator', h.svc.grpcAddress, '--token-file', file, '--ca', tlsFiles(h.dataDir).caBundle, '--listen', `127.0.0.1:${dnsPort}`, '--http-listen', `127.0.0.1:${http}`], { env: bare() });
  await proc.waitForHttp(`http://127.0.0.1:${http}/ready`, { ok: (r) => r.status === 200 });
  expect(values(await dig({ host: '127.0.0.1', port: dnsPort! }, 'leader.mesos'))).toEqual(['127.0.0.1']);
  expect(proc.output()).not.toContain(token.split('.')[2]);
  expect(await proc.stop()).toBe(0);

  // revoked: not ready, and the log says why
  expect((await h.req('DELETE', `/v1/tokens/${id}`)).status).toBeLessThan(300);
  const [p2, http2] = await freePorts(2);
  const bad = spawnMarina(['dns', '--allocator', h.svc.grpcAddress, '--token-file', file, '--ca', tlsFiles(h.dataDir).caBundle, '--listen', `127.0.0.1:${p2}`, '--http-listen', `127.0.0.1:${http2}`], { env: bare() });
  await bad.waitForOutput('unknown or was revoked');
  const ready = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${http2}/ready`]);
  expect(ready.stdout).toBe('503');
  expect(bad.output()).not.toContain(token.split('.')[2]);
  await bad.stop();
});
