/**
 * Trace checks forwarded for a client-certificate caller (issue 12): a
 * replica forwards under its own certificate from the cluster CA
 * (O=marina-replica) with the caller's identity in
 * x-marina-forwarded-identity; the holder (an allocator over TLS here)
 * authorises that identity as if it had called. The header counts only from
 * a replica's certificate: an admin's certificate, a viewer's token or
 * nothing at all sending it gets no more than its own rights, and a replica
 * certificate alone is no role.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { issueClientCert, newKeyAndCsr, tlsFiles } from '../../lib/tls/ca';
import { logger } from '../../lib/log';
import { FakeStore } from '../../lib/store/testing/fake-store';
import type { Identity } from '../../lib/auth/identity';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { encodeForwardedIdentity, FORWARDED_IDENTITY_HEADER, issueReplicaCert, type ReplicaCert } from '../../services/allocator/auth/replica-peer';
import { TraceAgents } from '../../services/allocator/trace/agent-channels';
import { ChannelRegistry } from '../../services/allocator/trace/channel-registry';
import { ReplicaForwarder } from '../../services/allocator/trace/forward';

jest.setTimeout(90_000);

let dir: string;
let h: Harness;
let ca: Buffer;
let replica: ReplicaCert;
let adminCert: ReplicaCert;
let viewerToken: string;

const VIP = { check: 'vip' as const, ip: '198.19.250.1', port: 80, proto: 'tcp' as const };
const CHECK = { agentId: 'h1', request: VIP, timeoutMs: 1000 };
const ADMIN: Identity = { name: 'ops', role: 'admin', via: 'cert' };
const VIEWER: Identity = { name: 'watcher', role: 'viewer', via: 'cert' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-peer-'));
  h = await startHarness({ tls: 'on' }, dir);
  ca = readFileSync(h.svc.client.ca!);
  // another replica of this cluster: the CA is shared (deploy/local-cluster.sh share_trust)
  replica = await issueReplicaCert(tlsFiles(dir), 'replica-b');
  const { keyPem, csrPem } = await newKeyAndCsr('ops');
  adminCert = { key: keyPem, cert: await issueClientCert(tlsFiles(dir), csrPem, 'ops', 'admin') };
  viewerToken = (await h.svc.auth.tokens.create({ role: 'viewer' })).token;
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** POST /v1/trace/checks with a client certificate (or none) and headers; the status and the message. */
async function post(cert: ReplicaCert | undefined, headers: Record<string, string>): Promise<{ status: number; message: string }> {
  const dispatcher = new Agent({ connect: { ca, ...(cert ?? {}) } });
  try {
    const res = await request(`${h.base}/v1/trace/checks`, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(CHECK) });
    const body = (await res.body.json()) as { message?: string };
    return { status: res.statusCode, message: body.message ?? '' };
  } finally {
    await dispatcher.close();
  }
}

test('the forwarder sends a certificate caller under the replica certificate; the holder authorises the caller named', async () => {
  const store = new FakeStore();
  const view = new Map<string, unknown>([
    ['tracechannels/h1', { replica: 'A' }],
    ['replicas/A', { http: h.base.replace(/^https:\/\//, '') }],
  ]);
  const registry = new ChannelRegistry({ store, prefix: '/marina', replicaId: 'B', lease: () => undefined, value: <T>(k: string) => view.get(k) as T | undefined, log: logger('test') });
  const forwarder = new ReplicaForwarder(registry, 'B');
  forwarder.setCa(ca, replica);
  try {
    // an admin gets through authorisation: the holder has no channel for h1, so its own 503 comes back
    await expect(forwarder.runner(new TraceAgents(), { identity: ADMIN }).run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE', message: expect.stringMatching(/^replica A .*h1/) });
    // a viewer forwarded is a viewer there: 403
    await expect(forwarder.runner(new TraceAgents(), { identity: VIEWER }).run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/role viewer may not run traces/) });
  } finally {
    forwarder.close();
  }
});

describe('the identity header from anyone but a replica gives nothing', () => {
  const asAdmin = { [FORWARDED_IDENTITY_HEADER]: encodeForwardedIdentity(ADMIN) };

  test('a replica certificate with the header: authorised as the identity named', async () => {
    expect((await post(replica, asAdmin)).status).toBe(503);
    expect(await post(replica, { [FORWARDED_IDENTITY_HEADER]: encodeForwardedIdentity(VIEWER) })).toMatchObject({ status: 403 });
  });

  test('a viewer token claiming admin in the header: 403, as a viewer', async () => {
    expect(await post(undefined, { ...asAdmin, authorization: `Bearer ${viewerToken}` })).toMatchObject({ status: 403, message: expect.stringMatching(/role viewer/) });
  });

  test('no credentials but the header: 401', async () => {
    expect(await post(undefined, asAdmin)).toMatchObject({ status: 401 });
  });

  test("a caller's own (non-replica) certificate with the header claiming another admin: its own identity decides", async () => {
    const { keyPem, csrPem } = await newKeyAndCsr('watcher');
    const viewerCert = { key: keyPem, cert: await issueClientCert(tlsFiles(dir), csrPem, 'watcher', 'viewer') };
    expect(await post(viewerCert, asAdmin)).toMatchObject({ status: 403, message: expect.stringMatching(/role viewer/) });
    expect((await post(adminCert, {})).status).toBe(503);
  });

  test('a replica certificate alone is no role (401), nor over a route other than /v1/trace/checks', async () => {
    expect(await post(replica, {})).toMatchObject({ status: 401 });
    const dispatcher = new Agent({ connect: { ca, ...replica } });
    try {
      const res = await request(`${h.base}/v1/tokens`, { dispatcher, headers: asAdmin });
      await res.body.text();
      expect(res.statusCode).toBe(401);
    } finally {
      await dispatcher.close();
    }
  });

  test('a malformed header from a replica: 401 naming the header', async () => {
    expect(await post(replica, { [FORWARDED_IDENTITY_HEADER]: Buffer.from(JSON.stringify({ name: 'x', role: 'agent' })).toString('base64url') })).toMatchObject({ status: 401, message: expect.stringMatching(/x-marina-forwarded-identity: role/) });
  });
});
