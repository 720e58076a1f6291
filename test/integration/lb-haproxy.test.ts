/**
 * HAProxy as the edge data plane: config rendered from Marathon-LB labels,
 * backend changes through the runtime API without a reload, and a reload
 * (new frontend) under wrk load that drops no connection.
 */
import { createServer, type Server } from 'node:http';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { Task } from '../../lib/model/cluster';
import { run } from '../helpers/exec';
import { freePort } from '../helpers/ports';
import { HaproxyEdge } from '../../services/lb/haproxy/haproxy-edge';
import { ClusterTracker } from '../../services/lb/sync/tracker';
import { app } from '../helpers/lb-topology';

jest.setTimeout(60_000);

async function backend(name: string): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => res.end(name));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, server };
}

function task(id: string, appId: string, port: number, servicePort: number, over: Partial<Task> = {}): Task {
  return { id, appId, appVersion: 'v', agentId: 'local', host: '127.0.0.1', networkMode: 'host', ports: [{ hostPort: port, servicePort, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v', ...over };
}

describe('HAProxy edge data plane', () => {
  const feed = new MemoryFeed();
  let edge: HaproxyEdge;
  let tracker: ClusterTracker;
  let vhostPort = 0;
  const servers: Server[] = [];

  beforeAll(async () => {
    vhostPort = await freePort();
    edge = new HaproxyEdge({ address: '127.0.0.1', httpPort: vhostPort, group: 'external', strict: false });
    tracker = new ClusterTracker(() => edge.onChange(tracker.view()));
    await feed.subscriber().start(tracker);
  });

  afterAll(async () => {
    await edge.close();
    for (const s of servers) s.closeAllConnections(), s.close();
  });

  const get = async (host: string, port = vhostPort) => (await run('curl', ['-sS', '-m', '5', '-H', `Host: ${host}`, `http://127.0.0.1:${port}/`])).stdout;

  it('routes vhosts from labels, and moves backends through the runtime API without reloading', async () => {
    const [b1, b2] = [await backend('h1'), await backend('h2')];
    servers.push(b1.server, b2.server);
    const sp = await freePort();
    feed.publish([{ kind: 'app', op: 'put', id: '/web', value: app('/web', { HAPROXY_0_VHOST: 'web.example.com' }) }, { kind: 'task', op: 'put', id: 'w1', value: task('w1', '/web', b1.port, sp) }]);
    await edge.settled();
    expect(await get('web.example.com')).toBe('h1');
    const pid = await edge.workerPid();
    const reloads = edge.reloads;
    feed.publish([{ kind: 'task', op: 'put', id: 'w2', value: task('w2', '/web', b2.port, sp) }, { kind: 'task', op: 'put', id: 'w1', value: task('w1', '/web', b1.port, sp, { desired: 'stop' }) }]);
    await edge.settled();
    for (let i = 0; i < 5; i++) expect(await get('web.example.com')).toBe('h2');
    expect(await edge.workerPid()).toBe(pid);
    expect(edge.reloads).toBe(reloads);
    expect(edge.runtimeUpdates).toBeGreaterThan(0);
  });

  it('the stats rows carry HAProxy\'s own per-backend counters (show stat), unused slots left out', async () => {
    const before = (await edge.statsRows()).find((r) => r.name === '/web port 0')!;
    const port = tracker.view().tasks.get('w2')!.ports[0].hostPort;
    const count = (row: typeof before) => row.members.find((m) => m.backend === `127.0.0.1:${port}`)?.requests ?? 0;
    for (let i = 0; i < 7; i++) expect(await get('web.example.com')).toBe('h2');
    const row = (await edge.statsRows()).find((r) => r.name === '/web port 0')!;
    expect(row.frontend).toMatch(/vhost web\.example\.com$/);
    expect(row.state).toBe('ok');
    expect(row.members).toEqual([{ backend: `127.0.0.1:${port}`, state: 'up', taskId: 'w2', active: 0, requests: count(before) + 7, errors: 0 }]);
  });

  it('reloads for a new frontend under wrk load with 0 socket errors and 0 non-2xx', async () => {
    const sp = (tracker.view().tasks.get('w2')!.ports[0].servicePort)!;
    const wrk = run('wrk', ['-t1', '-c8', '-d3s', '-H', 'Host: web.example.com', `http://127.0.0.1:${vhostPort}/`], { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 800));
    const reloads = edge.reloads;
    const b3 = await backend('other');
    servers.push(b3.server);
    const sp2 = await freePort();
    feed.publish([{ kind: 'app', op: 'put', id: '/other', value: app('/other', { HAPROXY_0_MODE: 'http' }) }, { kind: 'task', op: 'put', id: 'o1', value: task('o1', '/other', b3.port, sp2) }]);
    await edge.settled();
    expect(edge.reloads).toBe(reloads + 1);
    expect(await get('x', sp2)).toBe('other');
    expect(sp).toBeGreaterThan(0);
    const out = (await wrk).stdout;
    expect(out).toMatch(/requests in/);
    expect(out).not.toMatch(/Non-2xx/);
    expect(out).not.toMatch(/Socket errors/);
  });
});
