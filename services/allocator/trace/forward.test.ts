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
  // the caller wrote these: nothing that looks like a tool option or an unbounded list reaches the agent
  test.each([
    [{ check: 'dns', name: '-f/etc/shadow' }, '/request/name'],
    [{ check: 'dns', name: 'x.example', taskId: '--help' }, '/request/taskId'],
    [{ check: 'vip', ip: 'localhost', port: 80, proto: 'tcp' }, '/request/ip'],
    [{ check: 'path', dests: Array.from({ length: 17 }, () => ({ ip: '198.18.0.1' })) }, '/request/dests'],
    [{ check: 'target', taskId: 't.1', port: 0, proto: 'tcp' }, '/request/port'],
    [{ check: 'probe', ip: '198.18.0.1', port: 80, proto: 'sctp', timeoutMs: 1000 }, '/request/proto'],
    [{ check: 'nftrace', action: 'start', sport: 80, proto: 'tcp' }, '/request/sport'],
    [{ check: 'logs', taskId: 't1', stream: 'stdout', lines: 201 }, '/request/lines'],
    [{ check: 'logs', taskId: 't1', stream: 'env', lines: 5 }, '/request/stream'],
  ])('%j → 422 at %s', (request, path) => {
    expect(() => parseForwardedCheck({ agentId: 'h1', request, timeoutMs: 1000 })).toThrow(expect.objectContaining({ httpStatus: 422, details: [expect.objectContaining({ path })] }));
  });
  test('well-formed checks of every kind pass', () => {
    for (const request of [
      { check: 'dns', name: 'web.marathon.l4lb.thisdcos.directory', taskId: 'tr_client.1' },
      VIP,
      { check: 'path', dests: [{ ip: '198.19.0.5', agentIp: '198.18.0.13' }] },
      { check: 'target', taskId: 'tr_web.2', port: 8080, proto: 'tcp' },
      { check: 'probe', ip: '2001:2::7', port: 53, proto: 'udp', timeoutMs: 2000, sport: 41000 },
      { check: 'nftrace', action: 'start', sport: 41000, proto: 'tcp', dests: [{ ip: '198.19.0.5', port: 8080 }] },
    ]) expect(parseForwardedCheck({ agentId: 'h1', request, timeoutMs: 1000 }).request).toEqual(request);
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
    const runner = forwarder.runner(new TraceAgents(), { authorization: 'Bearer t0k' });
    expect(runner.connected('h1')).toBe(true);
    expect(runner.connected('h2')).toBe(false);
    await expect(runner.run('h1', VIP, 1000)).resolves.toEqual({ dataPlane: 'none', present: false });
    expect(seen[0]).toMatchObject({ url: '/v1/trace/checks', headers: { authorization: 'Bearer t0k', [FORWARDED_HEADER]: 'B' }, body: { agentId: 'h1', request: VIP, timeoutMs: 1000 } });

    answer = { status: 403, body: { message: 'role viewer may not run traces (admin, deployer)', code: 'MARINA_ERR_FORBIDDEN' } };
    await expect(runner.run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/^replica A \(127\.0\.0\.1:\d+\): role viewer/) });
    // a client-certificate caller, and this replica has no certificate of its own (plain HTTP here): not forwarded
    const certCaller = { identity: { name: 'ops', role: 'admin' as const, via: 'cert' as const } };
    await expect(forwarder.runner(new TraceAgents(), certCaller).run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE', message: expect.stringMatching(/client-certificate caller/) });
    // a certificate caller's Authorization header is not what it authenticated with: never forwarded
    await expect(forwarder.runner(new TraceAgents(), { ...certCaller, authorization: 'Bearer other' }).run('h1', VIP, 1000)).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE' });
    // the stream closes: A removes its key
    ch.detach();
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.get(`${prefix}/tracechannels/h1`)).toBeUndefined();
    forwarder.close();
  });
});
