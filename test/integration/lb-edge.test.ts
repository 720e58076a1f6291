/**
 * The L7 edge end to end on loopback: real HTTP backends, curl, wrk, redis.
 * Routes come from Marathon-LB labels through MemoryFeed + ClusterTracker,
 * as in `marina lb --edge`.
 */
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { Registry } from '../../lib/metrics';
import type { Task } from '../../lib/model/cluster';
import { run } from '../helpers/exec';
import { freePort } from '../helpers/ports';
import { startRedis, type RedisHandle } from '../helpers/redis';
import { EdgeProxy } from '../../services/lb/proxy/l7/edge';
import { ClusterTracker } from '../../services/lb/sync/tracker';
import { app } from '../helpers/lb-topology';

jest.setTimeout(60_000);

interface Backend {
  name: string;
  port: number;
  server: Server;
  seen: Array<Record<string, string | string[] | undefined>>;
}

async function backend(name: string): Promise<Backend> {
  const port = await freePort();
  const seen: Backend['seen'] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.end(name));
  });
  server.keepAliveTimeout = 65_000;
  server.on('upgrade', (req, sock) => {
    sock.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n');
    sock.on('data', (d: Buffer) => sock.write(`${name}:${d.toString()}`));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { name, port, server, seen };
}

function task(id: string, appId: string, port: number, servicePort: number, over: Partial<Task> = {}): Task {
  return { id, appId, appVersion: 'v', agentId: 'local', host: '127.0.0.1', networkMode: 'host', ports: [{ hostPort: port, servicePort, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v', ...over };
}

async function curl(args: string[]): Promise<{ code: number; out: string }> {
  const r = await run('curl', ['-sS', '-m', '5', ...args]);
  return { code: r.code, out: r.stdout };
}

describe('edge proxy', () => {
  const feed = new MemoryFeed();
  let edge: EdgeProxy;
  let tracker: ClusterTracker;
  let vhostPort = 0;
  const backends: Backend[] = [];
  let redis: RedisHandle | undefined;

  async function settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    await edge.settled();
  }

  beforeAll(async () => {
    vhostPort = await freePort();
    redis = await startRedis();
    edge = new EdgeProxy({ address: '127.0.0.1', httpPort: vhostPort, group: 'external', strict: false, redis: redis.url }, new Registry());
    tracker = new ClusterTracker(() => edge.onChange(tracker.view()));
    await feed.subscriber().start(tracker);
    for (const n of ['a1', 'a2', 'api', 'tcp']) backends.push(await backend(n));
  });

  afterAll(async () => {
    await edge.close();
    for (const b of backends) b.server.closeAllConnections(), b.server.close();
    await redis?.stop();
  });

  it('routes by virtual host and path prefix, and adds X-Forwarded-* without hop-by-hop headers', async () => {
    const [sp1, sp2] = [await freePort(), await freePort()];
    feed.publish([
      { kind: 'app', op: 'put', id: '/site', value: app('/site', { HAPROXY_0_VHOST: 'site.example.com' }) },
      { kind: 'app', op: 'put', id: '/api', value: app('/api', { HAPROXY_0_VHOST: 'site.example.com', HAPROXY_0_PATH: '/api' }) },
      { kind: 'task', op: 'put', id: 's1', value: task('s1', '/site', backends[0].port, sp1) },
      { kind: 'task', op: 'put', id: 'p1', value: task('p1', '/api', backends[2].port, sp2) },
    ]);
    await settle();
    const base = `http://127.0.0.1:${vhostPort}`;
    expect((await curl(['-H', 'Host: site.example.com', `${base}/index.html`])).out).toBe('a1');
    expect((await curl(['-H', 'Host: SITE.example.com:80', `${base}/api/v1`])).out).toBe('api');
    expect((await curl(['-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: other.example.com', `${base}/`])).out).toBe('404');
    await curl(['-H', 'Host: site.example.com', '-H', 'Connection: keep-alive, X-Secret', '-H', 'X-Secret: 1', '-H', 'X-Forwarded-For: 198.18.9.9', `${base}/h`]);
    const h = backends[0].seen[backends[0].seen.length - 1];
    expect(h['x-forwarded-for']).toBe('198.18.9.9, 127.0.0.1');
    expect(h['x-forwarded-proto']).toBe('http');
    expect(h['x-forwarded-host']).toBe('site.example.com');
    expect(h['x-secret']).toBeUndefined();
    // The service port of an HTTP app serves it too.
    expect((await curl([`http://127.0.0.1:${sp2}/x`])).out).toBe('api');
  });

  it('serves a tcp-mode service port as L4', async () => {
    const sp = await freePort();
    feed.publish([{ kind: 'app', op: 'put', id: '/raw', value: app('/raw', { HAPROXY_0_MODE: 'tcp' }) }, { kind: 'task', op: 'put', id: 'r1', value: task('r1', '/raw', backends[3].port, sp) }]);
    await settle();
    expect((await curl([`http://127.0.0.1:${sp}/`])).out).toBe('tcp');
  });

  it('honours HAPROXY_0_BALANCE on a tcp-mode service port: roundrobin, leastconn, source', async () => {
    const sp = await freePort();
    const tb = [await backend('t1'), await backend('t2'), await backend('t3')];
    const publish = (balance: string) => feed.publish([{ kind: 'app', op: 'put', id: '/raw3', value: app('/raw3', { HAPROXY_0_MODE: 'tcp', HAPROXY_0_BALANCE: balance }) }]);
    publish('roundrobin');
    feed.publish(tb.map((b, i) => ({ kind: 'task' as const, op: 'put' as const, id: `raw3.${i}`, value: task(`raw3.${i}`, '/raw3', b.port, sp) })));
    await settle();
    const hits = async (n: number, extra: string[] = []) => {
      const out: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        const r = (await curl([...extra, `http://127.0.0.1:${sp}/`])).out;
        out[r] = (out[r] ?? 0) + 1;
      }
      return out;
    };
    try {
      expect(await hits(30)).toEqual({ t1: 10, t2: 10, t3: 10 });

      // leastconn: two held connections occupy two backends; new ones all go to the idle third.
      publish('leastconn');
      await settle();
      const held = [0, 1].map(() => connect(sp, '127.0.0.1'));
      await new Promise((r) => setTimeout(r, 200));
      const busy = (edge.statsRows().find((r) => r.name === '/raw3 port 0')?.members ?? []).filter((m) => m.active === 1).map((m) => m.backend);
      expect(busy).toHaveLength(2);
      const lc = await hits(10);
      expect(Object.values(lc)).toEqual([10]);
      const idle = tb.find((b) => !busy.includes(`127.0.0.1:${b.port}`))!;
      expect(lc[idle.name]).toBe(10);
      for (const h of held) h.destroy();

      // source: each client address keeps one backend.
      publish('source');
      await settle();
      for (const src of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) expect(Object.keys(await hits(9, ['--interface', src]))).toHaveLength(1);
    } finally {
      feed.publish([{ kind: 'app', op: 'delete', id: '/raw3' }, ...tb.map((_, i) => ({ kind: 'task' as const, op: 'delete' as const, id: `raw3.${i}` }))]);
      await settle();
      for (const b of tb) b.server.closeAllConnections(), b.server.close();
    }
  });

  it('refuses a request smuggling attempt (Content-Length + Transfer-Encoding) and never forwards it', async () => {
    const before = backends[0].seen.length;
    const answer = await new Promise<string>((resolve) => {
      const s = connect(vhostPort, '127.0.0.1', () => {
        s.write('POST / HTTP/1.1\r\nHost: site.example.com\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: site.example.com\r\n\r\n');
      });
      let buf = '';
      s.on('data', (d) => (buf += d.toString()));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      setTimeout(() => s.destroy(), 2000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).not.toMatch(/a1/);
    expect(backends[0].seen.length).toBe(before);
  });

  it('upgrades WebSocket connections and relays both ways', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: vhostPort, path: '/ws', headers: { host: 'site.example.com', connection: 'Upgrade', upgrade: 'websocket' } });
      req.on('upgrade', (res, sock) => {
        expect(res.statusCode).toBe(101);
        sock.write('ping');
        sock.once('data', (d: Buffer) => (resolve(d.toString()), sock.destroy()));
      });
      req.on('error', reject);
      req.end();
    });
    expect(reply).toBe('a1:ping');
  });

  it('retries idempotent requests when a backend refuses connections, and ejects it', async () => {
    const deadPort = await freePort();
    feed.publish([{ kind: 'task', op: 'put', id: 's-dead', value: task('s-dead', '/site', deadPort, 0) }]);
    await settle();
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push((await curl(['-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: site.example.com', `http://127.0.0.1:${vhostPort}/`])).out);
    expect(codes.every((c) => c === '200')).toBe(true);
    const stats = edge.stats() as { routes: Array<{ appId: string; members?: Array<{ backend: string; ejected: boolean }> }> };
    const site = stats.routes.find((r) => r.appId === '/site')!;
    expect(site.members!.find((m) => m.backend === `127.0.0.1:${deadPort}`)!.ejected).toBe(true);
    feed.publish([{ kind: 'task', op: 'delete', id: 's-dead' }]);
    await settle();
  });

  it('survives a rolling restart of every backend under wrk load: 0 non-2xx, 0 socket errors', async () => {
    const sp = await freePort();
    const olds = [await backend('r-old1'), await backend('r-old2')];
    feed.publish([{ kind: 'app', op: 'put', id: '/roll', value: app('/roll', { HAPROXY_0_MODE: 'http' }) }, ...olds.map((b, i) => ({ kind: 'task' as const, op: 'put' as const, id: `roll-old${i}`, value: task(`roll-old${i}`, '/roll', b.port, sp) }))]);
    await settle();
    const wrk = run('wrk', ['-t1', '-c8', '-d4s', `http://127.0.0.1:${sp}/`], { timeoutMs: 20_000 });
    const news: Backend[] = [];
    for (let i = 0; i < olds.length; i++) {
      await new Promise((r) => setTimeout(r, 400));
      const nb = await backend(`r-new${i}`);
      news.push(nb);
      feed.publish([{ kind: 'task', op: 'put', id: `roll-new${i}`, value: task(`roll-new${i}`, '/roll', nb.port, sp) }]);
      await settle();
      feed.publish([{ kind: 'task', op: 'put', id: `roll-old${i}`, value: task(`roll-old${i}`, '/roll', olds[i].port, sp, { desired: 'stop' }) }]);
      await settle();
      await new Promise((r) => setTimeout(r, 300)); // drain, then kill
      olds[i].server.close();
      olds[i].server.closeIdleConnections();
      feed.publish([{ kind: 'task', op: 'delete', id: `roll-old${i}` }]);
    }
    const out = (await wrk).stdout;
    expect(out).toMatch(/requests in/);
    expect(out).not.toMatch(/Non-2xx/);
    expect(out).not.toMatch(/Socket errors/);
    expect(Number(/(\d+) requests in/.exec(out)![1])).toBeGreaterThan(1000);
    for (const b of [...olds, ...news]) b.server.closeAllConnections(), b.server.close();
  });

  it('shares a per-app rate limit between two edge replicas through redis', async () => {
    const port2 = await freePort();
    const edge2 = new EdgeProxy({ address: '127.0.0.1', httpPort: port2, group: 'external', strict: false, redis: redis!.url }, new Registry());
    const tracker2 = new ClusterTracker(() => edge2.onChange(tracker2.view()));
    const sub2 = feed.subscriber();
    await sub2.start(tracker2);
    try {
      feed.publish([
        { kind: 'app', op: 'put', id: '/shared', value: app('/shared', { HAPROXY_0_VHOST: 'shared.example.com', MARINA_LB_RATE_LIMIT_APP: '6' }) },
        { kind: 'task', op: 'put', id: 'sh1', value: task('sh1', '/shared', backends[0].port, await freePort()) },
      ]);
      await settle();
      await new Promise((r) => setTimeout(r, 10));
      await edge2.settled();
      const codes = async (port: number) => {
        const urls = Array.from({ length: 6 }, () => ['-o', '/dev/null', `http://127.0.0.1:${port}/`]).flat();
        return (await run('curl', ['-s', '-w', '%{http_code}\\n', '-H', 'Host: shared.example.com', ...urls])).stdout.trim().split('\n');
      };
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20)); // start of a second
      const first = await codes(vhostPort);
      const second = await codes(port2);
      // The first replica spends the app's 6 requests; the second, on its own, would allow 6 more.
      expect(first).toEqual(Array(6).fill('200'));
      expect(second).toEqual(Array(6).fill('429'));
    } finally {
      await sub2.stop();
      await edge2.close();
    }
  });

  it('rate-limits per client through redis, and fails open when redis is down', async () => {
    feed.publish([{ kind: 'app', op: 'put', id: '/site', value: app('/site', { HAPROXY_0_VHOST: 'site.example.com', MARINA_LB_RATE_LIMIT_CLIENT: '5' }) }]);
    await settle();
    const codes = async () => {
      const urls = Array.from({ length: 15 }, () => ['-o', '/dev/null', `http://127.0.0.1:${vhostPort}/`]).flat();
      const r = await run('curl', ['-s', '-w', '%{http_code}\\n', '-H', 'Host: site.example.com', ...urls]);
      return r.stdout.trim().split('\n');
    };
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20)); // start of a second
    const limited = await codes();
    expect(limited.filter((c) => c === '429').length).toBeGreaterThan(0);
    expect(limited.filter((c) => c === '200').length).toBeGreaterThanOrEqual(5);
    await redis!.kill();
    redis = undefined;
    const open = await codes();
    expect(open.every((c) => c === '200')).toBe(true);
  });
});
