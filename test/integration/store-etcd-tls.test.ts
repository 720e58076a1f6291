/**
 * etcd as operators secure it (docs/store.md): a real etcd serving TLS with
 * --client-cert-auth and auth enabled, the `marina` user (the CN of
 * Marina's client certificate) holding a role limited to /marina/. The
 * store contract passes over TLS; the allocator runs as that user; a key
 * outside the prefix is denied by etcd; a client without a certificate, or
 * with one from another CA, is refused with an error that says what to fix.
 * Certificates are made with openssl in a temp dir (keys 0600).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../../lib/store/testing/contract-suite';
import { EtcdStore, type EtcdStoreOptions } from '../../lib/store/etcd/etcd-store';
import { openStore } from '../../lib/store/open';
import { startHarness } from '../../services/allocator/testing/harness';
import { makeCa, makeLeaf, type CertFiles } from '../helpers/certs';
import { etcdContractFixture, startEtcd, stopAllEtcd, type EtcdHandle } from '../helpers/etcd';
import { runOk } from '../helpers/exec';

jest.setTimeout(60_000);

let dir: string;
let etcd: EtcdHandle;
let ca: CertFiles;
let root: CertFiles;
let marina: CertFiles;
let stranger: CertFiles;

const tlsAs = (c: CertFiles | undefined) => ({ caFile: ca.cert, ...(c ? { certFile: c.cert, keyFile: c.key } : {}) });
const open = (c: CertFiles | undefined, extra: Partial<EtcdStoreOptions> = {}) =>
  EtcdStore.open({ endpoints: [etcd.endpoint], tls: tlsAs(c), callTimeoutMs: 3_000, dialTimeoutMs: 2_000, ...extra });
const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as Error & { code: string });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-etcdtls-'));
  ca = makeCa(dir, 'ca');
  const server = makeLeaf(dir, ca, 'server');
  root = makeLeaf(dir, ca, 'root');
  marina = makeLeaf(dir, ca, 'marina');
  stranger = makeLeaf(dir, makeCa(dir, 'other'), 'stranger', 'marina'); // right name, wrong CA
  etcd = await startEtcd({ tls: { ca: ca.cert, cert: server.cert, key: server.key, clientCa: ca.cert, probe: root } });
  // The commands of docs/store.md, as root (the CN of root.crt).
  const ctl = (...args: string[]) => runOk('etcdctl', ['--endpoints', etcd.endpoint, '--cacert', ca.cert, '--cert', root.cert, '--key', root.key, ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
  await ctl('role', 'add', 'marina');
  await ctl('role', 'grant-permission', 'marina', '--prefix=true', 'readwrite', '/marina/');
  await ctl('user', 'add', 'marina', '--new-user-password', 'unused-with-client-certs');
  await ctl('user', 'grant-role', 'marina', 'marina');
  await ctl('user', 'add', 'root', '--new-user-password', 'unused-with-client-certs');
  await ctl('user', 'grant-role', 'root', 'root');
  await ctl('auth', 'enable');
});

afterAll(async () => {
  await stopAllEtcd();
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('etcd over TLS with a client certificate (root: the suite compacts and uses keys all over)', () => etcdContractFixture(() => open(root)));

test('the marina user works inside /marina/ and etcd denies it any other key', async () => {
  const store = await open(marina, { prefix: '/marina' });
  try {
    const rev = await store.put('/marina/apps/x', 'v');
    expect(await store.currentRevision()).toBeGreaterThanOrEqual(rev);
    expect((await store.range('/marina/apps/')).kvs.map((kv) => kv.key)).toEqual(['/marina/apps/x']);
    for (const attempt of [() => store.put('/other/x', 'v'), () => store.get('/marinax'), () => store.range('/')]) {
      const err = await rejection(attempt());
      expect(err.code).toBe('MARINA_ERR_STORE_PERMISSION');
      expect(err.message).toMatch(/permission denied.*docs\/store\.md/);
    }
  } finally {
    await store.close();
  }
});

test('the allocator runs as the prefix-scoped user over TLS (flags as operators give them)', async () => {
  const h = await startHarness({ store: 'etcd', etcdEndpoints: [etcd.endpoint], etcdCacert: ca.cert, etcdCert: marina.cert, etcdKey: marina.key });
  try {
    expect((await h.req('POST', '/v2/apps', { id: '/tls/web', cmd: 'true', instances: 0 })).status).toBe(201);
    expect((await h.req('GET', '/v2/apps/tls/web')).body.app).toMatchObject({ id: '/tls/web' });
  } finally {
    await h.stop();
  }
});

test.each([
  ['without a client certificate', undefined],
  ['with a certificate from another CA', 'stranger'],
])('a client %s is refused with an error saying what to fix', async (_what, who) => {
  const err = await rejection(open(who ? stranger : undefined));
  expect(err.code).toBe('MARINA_ERR_STORE_UNAVAILABLE');
  expect(err.message).toContain(`cannot connect to etcd at ${etcd.endpoint}`);
  expect(err.message).toContain('--etcd-cert/--etcd-key a client certificate signed by a CA in its --trusted-ca-file');
});

test('a client that does not trust etcd\'s CA is refused', async () => {
  const err = await rejection(EtcdStore.open({ endpoints: [etcd.endpoint], tls: { caFile: stranger.cert, certFile: marina.cert, keyFile: marina.key }, callTimeoutMs: 3_000, dialTimeoutMs: 2_000 }));
  expect(err.code).toBe('MARINA_ERR_STORE_UNAVAILABLE');
  expect(err.message).toContain('--etcd-cacert must name the CA that signed etcd\'s certificate');
});

test('TLS options are checked before any connection, naming the flag', async () => {
  const cases: Array<[Parameters<typeof openStore>[0], string]> = [
    [{ kind: 'etcd', endpoints: ['https://127.0.0.1:1'], etcdTls: { certFile: marina.cert } }, '--etcd-cert and --etcd-key go together'],
    [{ kind: 'etcd', endpoints: ['http://127.0.0.1:1'], etcdTls: { caFile: ca.cert } }, '--etcd-endpoints: http://127.0.0.1:1 is not https://'],
    [{ kind: 'etcd', endpoints: ['https://127.0.0.1:1'], etcdTls: { caFile: join(dir, 'missing.crt') } }, '--etcd-cacert: cannot read'],
  ];
  for (const [opts, message] of cases) {
    const err = await rejection(openStore(opts));
    expect([err.code, err.message]).toEqual(['MARINA_ERR_CONFIG', expect.stringContaining(message)]);
  }
});
