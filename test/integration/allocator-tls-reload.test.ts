/**
 * `marina ca rotate` on a running allocator (issue 10): the allocator sees
 * the files in <data-dir>/tls change and serves the new serving certificate
 * and trust bundle on HTTPS and gRPC without a restart. A client trusting
 * only the new CA connects to both; an agent that joined before (trusting
 * only the old CA, holding its certificate) still connects through the
 * overlap, and its renewal moves it to the new CA.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { makeClient, unary } from '../../lib/client/grpc-call';
import { agentCredentials } from '../../lib/client/join';
import { repoRoot } from '../../lib/paths';
import { endOverlapIfDue, tlsFiles } from '../../lib/tls/ca';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { nodeBinary } from '../helpers/process';
import { run } from '../helpers/exec';

jest.setTimeout(90_000);

let dir: string;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-tls-reload-'));
  h = await startHarness({ tls: 'on' }, dir);
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** GET /ping over a new https connection trusting `ca` only: the status, or the TLS error code. */
function ping(ca: Buffer): Promise<number | string> {
  return new Promise((resolve) => {
    const req = https.request(`${h.base}/ping`, { ca, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

/** Apps/List over a new gRPC channel trusting `caFile` only, as the admin: 'ok' or the error message. */
async function listApps(caFile: string): Promise<string> {
  const c = makeClient('Apps', h.svc.grpcAddress, {}, { ca: caFile, token: h.token });
  try {
    await unary(c, 'list', {}, 3_000);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  } finally {
    c.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T>, want: T, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: still ${String(last)}`);
}

test('after marina ca rotate, HTTPS and gRPC serve the new CA\'s certificate without a restart; old agent certificates work through the overlap', async () => {
  const f = tlsFiles(dir);
  const tok = (await h.req('POST', '/v1/tokens', { role: 'agent' })).body.token as string;
  const agent = await agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-a', dir: join(dir, 'agent-a'), joinToken: tok, ca: f.caBundle });
  const oldCa = readFileSync(f.caCert);
  expect(await ping(oldCa)).toBe(200);
  expect(await listApps(f.caCert)).toBe('ok');

  const res = await run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'ca', 'rotate', '--data-dir', dir, '--overlap', '3600']);
  expect([res.code, res.stdout]).toEqual([0, expect.stringMatching(/previous CA is trusted until/)]);
  const newCaFile = join(dir, 'new-ca.crt');
  const newCa = readFileSync(f.caCert);
  expect(newCa.equals(oldCa)).toBe(false);
  writeFileSync(newCaFile, newCa);

  // the same process, no restart: new connections get the new serving certificate
  await until('HTTPS with only the new CA', () => ping(newCa), 200);
  await until('gRPC with only the new CA', () => listApps(newCaFile), 'ok');
  // through the overlap a client trusting only the old CA still verifies it (the cross-signed new CA follows the leaf)
  expect(await ping(oldCa)).toBe(200);
  expect(h.svc.tlsWatcher?.reloads).toBeGreaterThanOrEqual(1);

  // an agent that joined before: it trusts only the old CA (its identity/ca.crt) and holds a certificate of it;
  // the new serving certificate comes with the new CA cross-signed by the old one, so it still connects
  expect(readFileSync(agent.ca!).equals(oldCa)).toBe(true);
  const a = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: agent, timeoutMs: 3_000 });
  try {
    await a.registerAgent({ id: 'host-a', hostname: 'host-a', ip: '198.18.0.41' });
    // and its renewal brings a certificate of the new CA and the bundle of both
    await agent.renewal.renewNow();
    expect(new X509Certificate(readFileSync(agent.cert!)).verify(new X509Certificate(newCa).publicKey)).toBe(true);
    expect(readFileSync(agent.ca!, 'utf8')).toContain(newCa.toString().trim());
    await a.keepAlive('host-a');
  } finally {
    a.close();
  }
  const after = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { ca: newCaFile, cert: agent.cert, key: agent.key }, timeoutMs: 3_000 });
  try {
    await after.keepAlive('host-a');
  } finally {
    after.close();
  }

  // a second rotation without overlap: only the newest CA verifies, again without a restart
  const again = await run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'ca', 'rotate', '--data-dir', dir, '--overlap', '0']);
  expect(again.code).toBe(0);
  const newest = readFileSync(f.caCert);
  await until('HTTPS with only the newest CA', () => ping(newest), 200);
  expect(await ping(newCa)).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
  expect(readFileSync(f.serverCert, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
});

test('when the overlap ends the previous CA leaves the bundle and the chain, served without a restart', async () => {
  const f = tlsFiles(dir);
  const before = readFileSync(f.caCert);
  const res = await run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'ca', 'rotate', '--data-dir', dir, '--overlap', '2']);
  expect(res.code).toBe(0);
  const current = readFileSync(f.caCert);
  await until('HTTPS with only the current CA', () => ping(current), 200);
  expect(await ping(before)).toBe(200); // the overlap: cross-signed
  await new Promise((r) => setTimeout(r, 2_500));
  endOverlapIfDue(f); // what the allocator's periodic look (every 30 s) does
  expect(readFileSync(f.caBundle, 'utf8')).not.toContain(before.toString().trim());
  expect(readFileSync(f.serverCert, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  await until('the previous CA refused', async () => /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/.test(String(await ping(before))), true);
  expect(await ping(current)).toBe(200);
});
