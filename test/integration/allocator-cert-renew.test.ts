/**
 * Agent certificate renewal (issue 10, kubelet-style rotation): with a short
 * --agent-cert-ttl, an agent that joined once renews at 2/3 of the lifetime
 * with Agents.Renew, authorised by its current certificate (no join token),
 * and keeps registering and following the watch past the first
 * certificate's expiry. Renewal for another name, with a token, or with an
 * expired certificate is refused; an expired certificate is refused on a
 * connection opened while it was valid too.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { makeClient, unary } from '../../lib/client/grpc-call';
import { agentCredentials } from '../../lib/client/join';
import { newKeyAndCsr, tlsFiles } from '../../lib/tls/ca';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(90_000);

const TTL = 12;
let dir: string;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-renew-'));
  h = await startHarness({ tls: 'on', agentCertTtl: TTL }, dir);
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function joinAs(host: string) {
  const tok = (await h.req('POST', '/v1/tokens', { role: 'agent', singleUse: true })).body.token as string;
  return agentCredentials({ address: h.svc.grpcAddress, hostname: host, dir: join(dir, host), joinToken: tok, ca: tlsFiles(dir).caBundle });
}

test('an agent renews at 2/3 of its lifetime without a join token and keeps working past the first certificate', async () => {
  const creds = await joinAs('host-r');
  const first = new X509Certificate(readFileSync(creds.cert!));
  const lifetime = Date.parse(first.validTo) - Date.parse(first.validFrom);
  expect(lifetime).toBeGreaterThanOrEqual(TTL * 1000);
  expect(lifetime).toBeLessThan(TTL * 1100 + 2000);
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: creds, timeoutMs: 3_000 });
  const feed = new GrpcClusterFeed({ address: h.svc.grpcAddress, agentId: 'host-r', credentials: creds });
  const agentsSeen = new Set<string>();
  await feed.start({ onSnapshot: (s) => s.agents.forEach((_, id) => agentsSeen.add(id)), onEvents: (_r, evs) => evs.forEach((e) => e.kind === 'agent' && agentsSeen.add(e.id)) });
  creds.renewal.start();
  try {
    await api.registerAgent({ id: 'host-r', hostname: 'host-r', ip: '198.18.0.31' });
    await feed.synced();
    await until('a renewal', () => creds.renewal.renewals >= 1, (TTL + 5) * 1000);
    const second = new X509Certificate(readFileSync(creds.cert!));
    expect(second.serialNumber).not.toBe(first.serialNumber);
    expect(second.subject.split('\n').sort()).toEqual(['CN=host-r', 'O=agent']);
    expect(Date.parse(second.validTo)).toBeGreaterThan(Date.parse(first.validTo));
    for (const f of [creds.cert!, creds.key!, creds.ca!]) expect({ f, mode: statSync(f).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    // past the first certificate's end: the agent still registers (its lease lapsed meanwhile) and follows the watch
    await sleep(Math.max(0, Date.parse(first.validTo) - Date.now()) + 500);
    await api.registerAgent({ id: 'host-r', hostname: 'host-r', ip: '198.18.0.31' });
    await api.keepAlive('host-r');
    const other = await registerOther('host-s', '198.18.0.32');
    await until('the watch after renewal', () => agentsSeen.has('host-s'));
    other.close();
  } finally {
    creds.renewal.stop();
    await feed.stop();
    api.close();
  }
});

/** A second agent, joined with its own token (its registration shows up in host-r's watch). */
async function registerOther(host: string, ip: string): Promise<GrpcAgentApi> {
  const creds = await joinAs(host);
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: creds });
  await api.registerAgent({ id: host, hostname: host, ip });
  return api;
}

test('renewal is refused for another name, with a token, and with an expired certificate (also on a kept connection)', async () => {
  const creds = await joinAs('host-t');
  const ca = tlsFiles(dir).caBundle;
  const mine = makeClient('Agents', h.svc.grpcAddress, {}, { ca, cert: creds.cert, key: creds.key });
  const kept = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { ca, cert: creds.cert, key: creds.key }, timeoutMs: 3_000 });
  try {
    // a CSR for another host, with host-t's valid certificate: refused, nothing issued
    const { csrPem: forB } = await newKeyAndCsr('host-b');
    await expect(unary(mine, 'renew', { csrPem: forB })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/agent host-t may not renew a certificate for "host-b"/) });
    // its own name: a certificate for host-t
    const { csrPem } = await newKeyAndCsr('host-t');
    const res = await unary<{ certPem: string }>(mine, 'renew', { csrPem });
    expect(new X509Certificate(res.certPem).subject.split('\n').sort()).toEqual(['CN=host-t', 'O=agent']);
    // a token (even the admin's, or the agent's join token) does not renew: only the certificate does
    const admin = makeClient('Agents', h.svc.grpcAddress, {}, h.credentials);
    await expect(unary(admin, 'renew', { csrPem })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    admin.close();
    // a connection opened while the certificate was valid...
    await kept.registerAgent({ id: 'host-t', hostname: 'host-t', ip: '198.18.0.33' });
    const end = Date.parse(new X509Certificate(readFileSync(creds.cert!)).validTo);
    await sleep(Math.max(0, end - Date.now()) + 1000);
    // ...is refused once it has expired (checked per call), and so is a new one
    await expect(kept.keepAlive('host-t')).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
    const fresh = makeClient('Agents', h.svc.grpcAddress, {}, { ca, cert: creds.cert, key: creds.key });
    await expect(unary(fresh, 'renew', { csrPem })).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED' });
    fresh.close();
    // and a restart with it needs a join token again, saying so
    await expect(agentCredentials({ address: h.svc.grpcAddress, hostname: 'host-t', dir: join(dir, 'host-t') })).rejects.toMatchObject({ code: 'MARINA_ERR_CONFIG', message: expect.stringMatching(/--join-token/) });
  } finally {
    mine.close();
    kept.close();
  }
  const metrics = await h.req('GET', '/metrics');
  for (const reason of ['name_mismatch', 'expired', 'forbidden']) expect(metrics.body).toMatch(new RegExp(`marina_auth_failures_total\\{reason="${reason}"`));
});
