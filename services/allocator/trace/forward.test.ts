import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeStore } from '../../../lib/store/testing/fake-store';
import { logger } from '../../../lib/log';
import { TraceAgents } from './agent-channels';
import { ChannelRegistry } from './channel-registry';
import { FORWARDED_HEADER, parseForwardedCheck, ReplicaForwarder } from './forward';

const VIP = { check: 'vip' as const, ip: '198.19.250.1', port: 80, proto: 'tcp' as const };

describe('parseForwardedCheck', () => {
  test('a check for an agent', () => expect(parseForwardedCheck({ agentId: 'h1', request: VIP, timeoutMs: 5000 })).toEqual({ agentId: 'h1', request: VIP, timeoutMs: 5000 }));
  test('422 naming each bad field', () => {
    expect(() => parseForwardedCheck({ agentId: '', request: { check: 'rm' }, timeoutMs: 1e9 })).toThrow(expect.objectContaining({ httpStatus: 422, details: [expect.objectContaining({ path: '/agentId' }), expect.objectContaining({ path: '/request/check' }), expect.objectContaining({ path: '/timeoutMs' })] }));
  });
});

/** Two replicas' registries on one store: A holds h1's stream, B forwards to A's (loopback) API. */
describe('a check for an agent on another replica', () => {
  let server: Server;
  const seen: Array<{ url?: string; headers: IncomingMessage['headers']; body: unknown }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { dataPlane: 'none', present: false } };
  const store = new FakeStore();
  const prefix = '/marina';
  const view = new Map<string, unknown>();
  const registry = (replicaId: string, lease?: string) =>
    new ChannelRegistry({ store, prefix, replicaId, lease: () => lease, value: <T>(k: string) => view.get(k) as T | undefined, log: logger('test') });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body: JSON.parse(text) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  test('A registers its stream on its lease; B runs the check on A with the caller\'s Authorization; errors keep their code', async () => {
    const lease = await store.grantLease(10);
    const a = new TraceAgents(registry('A', lease.id));
    const ch = a.attach('h1', () => undefined, () => undefined);
    await new Promise((r) => setTimeout(r, 20));
    const kv = await store.get(`${prefix}/tracechannels/h1`);
    expect({ value: kv?.value, lease: kv?.lease }).toEqual({ value: '{"replica":"A"}', lease: lease.id });

    view.set('tracechannels/h1', { replica: 'A' });
    view.set('replicas/A', { http: `127.0.0.1:${(server.address() as AddressInfo).port}` });
    const forwarder = new ReplicaForwarder(registry('B'), 'B');
    const runner = forwarder.runner(new TraceAgents(), 'Bearer t0k');
    expect(runner.connected('h1')).toBe(true);
    expect(runner.connected('h2')).toBe(false);
    await expect(runner.run('h1', VIP, 1000)).resolves.toEqual({ dataPlane: 'none', present: false });
    expect(seen[0]).toMatchObject({ url: '/v1/trace/checks', headers: { authorization: 'Bearer t0k', [FORWARDED_HEADER]: 'B' }, body: { agentId: 'h1', request: VIP, timeoutMs: 1000 } });

    answer = { status: 403, body: { message: 'role viewer may not run traces (admin, deployer)', code: 'MARINA_ERR_FORBIDDEN' } };
    await expect(runner.run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/^replica A \(127\.0\.0\.1:\d+\): role viewer/) });
    // a caller without a header (client certificate) is not forwarded
    await expect(forwarder.runner(new TraceAgents(), undefined).run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE', message: expect.stringMatching(/client certificate/) });
    // the stream closes: A removes its key
    ch.detach();
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.get(`${prefix}/tracechannels/h1`)).toBeUndefined();
    forwarder.close();
  });
});
