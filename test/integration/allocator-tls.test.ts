/**
 * TLS and agent identity (issue 10): the cluster CA and serving cert in
 * <data-dir>/tls (0600/0700, naming the listen addresses), HTTPS and gRPC
 * over TLS, a certificate from another CA refused, agents joining with a
 * token (single-use refused on reuse, name bound), speaking mTLS and held to
 * their own name, `marina ca rotate` keeping old certificates trusted for
 * the overlap, and the CLI reading an https client config.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { agentCredentials } from '../../lib/client/join';
import { makeClient, unary } from '../../lib/client/grpc-call';
import { ensureClusterTls, newKeyAndCsr, tlsFiles } from '../../lib/tls/ca';
import { execOk } from '../../lib/exec';
import { repoRoot } from '../../lib/paths';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { nodeBinary } from '../helpers/process';
import { run } from '../helpers/exec';

jest.setTimeout(90_000);

let dir: string;
let h: Harness;
let other: string; // a data dir holding a foreign CA

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-tls-'));
  other = mkdtempSync(join(tmpdir(), 'marina-tls-other-'));
  h = await startHarness({ tls: 'on' }, dir);
  await ensureClusterTls(other, ['127.0.0.1']);
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});

/** GET over https with the given trust and (optionally) client cert; resolves status or the TLS error code. */
function get(path: string, opts: { ca?: string; cert?: string; key?: string; token?: string }): Promise<number | string> {
  const read = (f?: string) => (f ? readFileSync(f) : undefined);
  return new Promise((resolve) => {
    const req = https.request(h.base + path, { ca: read(opts.ca), cert: read(opts.cert), key: read(opts.key), headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

test('the CA and serving cert live in <data-dir>/tls, keys 0600, dir 0700; the cert names the listen address', () => {
  const f = tlsFiles(dir);
  expect(statSync(f.dir).mode & 0o777).toBe(0o700);
  for (const p of [f.caKey, f.caCert, f.serverKey, f.serverCert, f.caBundle, join(dir, 'client.json')]) expect({ p, mode: statSync(p).mode & 0o777 }).toEqual({ p, mode: 0o600 });
  const cert = new X509Certificate(readFileSync(f.serverCert));
  expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
  expect(cert.verify(new X509Certificate(readFileSync(f.caCert)).publicKey)).toBe(true);
  const cfg = JSON.parse(readFileSync(join(dir, 'client.json'), 'utf8'));
  expect(Object.keys(cfg).sort()).toEqual(['api', 'ca', 'grpc', 'token']);
  expect(cfg.api).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(cfg.ca).toBe(f.caBundle);
});

test('HTTPS: trusted with the cluster CA, refused with another CA; a client cert of another CA is refused (counted)', async () => {
  const ca = tlsFiles(dir).caBundle;
  expect(await get('/ping', { ca })).toBe(200);
  expect(await get('/v2/apps', { ca, token: h.token })).toBe(200);
  expect(await get('/ping', { ca: tlsFiles(other).caBundle })).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
  // a client certificate signed by the other CA (O=admin!) does not make an admin
  const o = tlsFiles(other);
  expect(await get('/v2/apps', { ca, cert: o.serverCert, key: o.serverKey })).toBe(401);
  const api = new AllocatorHttpClient(h.base, { ca, token: h.token });
  expect(await api.request<string>('GET', '/metrics')).toMatch(/marina_auth_failures_total\{reason="untrusted_cert"[^}]*\} 1/);
  // the CLI's error on a TLS failure says what to do
  await expect(new AllocatorHttpClient(h.base, { token: h.token }).get('/v2/apps')).rejects.toThrow(/TLS to https:\/\/127\.0\.0\.1:\d+ failed .*--ca/);
});

test('an agent joins with a single-use token, speaks mTLS as itself only; the token cannot be reused; a bound token names its host', async () => {
  const ca = tlsFiles(dir).caBundle;
  const join1 = (await h.req('POST', '/v1/tokens', { role: 'agent', singleUse: true })).body.token as string;
  const idDir = join(dir, 'agent-a');
  const creds = await agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-a', dir: idDir, joinToken: join1, ca });
  expect(statSync(idDir).mode & 0o777).toBe(0o700);
  expect(statSync(creds.key!).mode & 0o777).toBe(0o600);
  const cert = new X509Certificate(readFileSync(creds.cert!));
  expect(cert.subject.split('\n').sort()).toEqual(['CN=host-a', 'O=agent']);

  const a = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: creds });
  try {
    await a.registerAgent({ id: 'host-a', hostname: 'host-a', ip: '198.18.0.21' });
    await a.keepAlive('host-a');
    await expect(a.registerAgent({ id: 'host-b', hostname: 'host-b', ip: '198.18.0.22' })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/agent host-a may not register as "host-b"/) });
  } finally {
    a.close();
  }
  // the single-use token again: refused, saying why
  await expect(agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-c', dir: join(dir, 'agent-c'), joinToken: join1, ca })).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED', message: expect.stringMatching(/already used/) });
  // a token bound to host-d cannot join as host-e
  const bound = (await h.req('POST', '/v1/tokens', { role: 'agent', node: 'host-d' })).body.token as string;
  await expect(agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-e', dir: join(dir, 'agent-e'), joinToken: bound, ca })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
  // no token, or a viewer's: no certificate
  await expect(agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-f', dir: join(dir, 'agent-f'), joinToken: 'marina.00000000.nope', ca })).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED' });
  const viewer = (await h.req('POST', '/v1/tokens', { role: 'viewer' })).body.token as string;
  await expect(agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-f', dir: join(dir, 'agent-f'), joinToken: viewer, ca })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
  // gRPC to a server the client's CA did not sign: no connection
  const foreign = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { ca: tlsFiles(other).caBundle, token: h.token }, timeoutMs: 3_000 });
  await expect(foreign.registerAgent({ id: 'x', hostname: 'x', ip: '198.18.0.23' })).rejects.toMatchObject({ code: 'MARINA_ERR_STORE_UNAVAILABLE' });
  foreign.close();
  const text = (await new AllocatorHttpClient(h.base, { ca, token: h.token }).request<string>('GET', '/metrics'));
  for (const reason of ['join_token_used', 'name_mismatch', 'unknown_token', 'forbidden']) expect(text).toMatch(new RegExp(`marina_auth_failures_total\\{reason="${reason}"`));
  expect(h.svc.core.ctx.view.agents.has('host-b')).toBe(false);
});

test('a CSR is checked: garbage is refused naming the field', async () => {
  const ca = tlsFiles(dir).caBundle;
  const tok = (await h.req('POST', '/v1/tokens', { role: 'agent' })).body.token as string;
  const c = makeClient('Agents', h.svc.grpcAddress, {}, { ca, token: tok });
  await expect(unary(c, 'join', { hostname: 'host-g', csrPem: 'not a csr' })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID', message: expect.stringMatching(/csr_pem/) });
  const { csrPem } = await newKeyAndCsr('host-g');
  await expect(unary(c, 'join', { hostname: 'bad/name', csrPem })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID', message: expect.stringMatching(/hostname/) });
  c.close();
});

test('marina ca rotate: a new CA; certificates of the old one stay trusted through the overlap, also after a restart', async () => {
  const f = tlsFiles(dir);
  const oldCa = readFileSync(f.caCert, 'utf8');
  const agentCert = join(dir, 'agent-a', 'agent.crt');
  const res = await run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'ca', 'rotate', '--data-dir', dir, '--overlap', '3600']);
  expect([res.code, res.stdout]).toEqual([0, expect.stringMatching(/previous CA is trusted until/)]);
  expect(readFileSync(f.caCert, 'utf8')).not.toBe(oldCa);
  const bundle = readFileSync(f.caBundle, 'utf8');
  expect(bundle).toContain(oldCa.trim());
  await execOk('openssl', ['verify', '-CAfile', f.caBundle, agentCert]);
  await expect(execOk('openssl', ['verify', '-CAfile', f.caCert, agentCert])).rejects.toThrow();
  // restart on the same data dir: the new serving cert, the old agent cert still accepted
  await h.svc.stop();
  h = await startHarness({ tls: 'on' }, dir);
  const a = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { ca: f.caBundle, cert: agentCert, key: join(dir, 'agent-a', 'agent.key') } });
  try {
    await a.registerAgent({ id: 'host-a', hostname: 'host-a', ip: '198.18.0.21' });
  } finally {
    a.close();
  }
  expect(new X509Certificate(readFileSync(f.serverCert)).verify(new X509Certificate(readFileSync(f.caCert)).publicKey)).toBe(true);
});

test('the CLI reads an https client config; a wrong CA gets an error that says what to do', async () => {
  const marina = (env: Record<string, string>, ...args: string[]) => run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), ...args], { env: { ...process.env, MARINA_API: '', ...env } });
  const ok = await marina({ MARINA_CLIENT_CONFIG: join(dir, 'client.json') }, 'tokens', 'create', '--role', 'viewer', '--output', 'json');
  expect(ok.code).toBe(0);
  expect(Object.keys(JSON.parse(ok.stdout))).toEqual(['token']);
  const bad = join(dir, 'bad-client.json');
  writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'client.json'), 'utf8')), ca: tlsFiles(other).caBundle }));
  const refused = await marina({ MARINA_CLIENT_CONFIG: bad }, 'apps', 'list');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/TLS to https:.* failed/);
  const noToken = await marina({ MARINA_CLIENT_CONFIG: join(dir, 'client.json'), MARINA_TOKEN: 'marina.00000000.nope' }, 'apps', 'list');
  expect(noToken.stderr).toMatch(/MARINA_ERR_UNAUTHENTICATED: token 00000000 is unknown or was revoked.*check --token, MARINA_TOKEN/);
});
