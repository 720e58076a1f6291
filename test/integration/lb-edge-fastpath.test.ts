/**
 * The edge's HTTP fast path against a backend that frames its responses by
 * hand (chunked with trailers, close-delimited, 103 Early Hints, HEAD, an
 * invalid head, no answer at all), on loopback: pipelining, the hand-over to
 * node:http on the same connection, Connection: close, and that a client
 * leaving mid-request frees the backend.
 */
import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { Registry } from '../../lib/metrics';
import type { Task } from '../../lib/model/cluster';
import { freePort } from '../helpers/ports';
import { EdgeProxy } from '../../services/lb/proxy/l7/edge';
import { ClusterTracker } from '../../services/lb/sync/tracker';
import { app } from '../helpers/lb-topology';

jest.setTimeout(30_000);

const HOST = 'fast.example.com';

interface Seen {
  method: string;
  path: string;
  head: string;
  body: string;
}

/** Answers by path; any other path gets "<method> <path> <body>" with a Content-Length. */
function answer(s: Socket, method: string, path: string, body: string): void {
  if (path === '/chunked') {
    s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n3\r\nabc\r\n4;ext=1\r');
    setTimeout(() => s.write('\ndefg\r\n0\r\nX-T: done\r\n\r\n'), 50);
  } else if (path === '/close') s.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil-close');
  else if (path === '/early') s.write('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  else if (path === '/bad') s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello');
  else if (path === '/slow') return;
  else if (path === '/then-close') {
    // Keep-alive by its head, but the backend closes the connection soon after (an idle timeout).
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbye!');
    setTimeout(() => s.end(), 50);
  }
  else {
    const out = `${method} ${path} ${body}`;
    s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${out.length}\r\nX-Backend: raw\r\n\r\n${method === 'HEAD' ? '' : out}`);
  }
}

function rawBackend(seen: Seen[]): Server {
  return createServer((s) => {
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const body = buf.subarray(end + 4, end + 4 + length).toString();
        buf = buf.subarray(end + 4 + length);
        const [method, path] = head.split(' ');
        seen.push({ method, path, head, body });
        answer(s, method, path, body);
      }
    });
  });
}

/** Write raw bytes, collect everything until the edge closes or `until` matches. */
function exchange(port: number, text: string, until?: RegExp): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let data = '';
    const done = (closed: boolean) => (clearTimeout(t), s.destroy(), resolve({ data, closed }));
    const t = setTimeout(() => done(false), 3000);
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (until?.test(data)) done(false);
    });
    s.on('close', () => done(true));
    s.on('error', () => undefined);
  });
}

describe('edge fast path', () => {
  const feed = new MemoryFeed();
  const seen: Seen[] = [];
  const registry = new Registry();
  let edge: EdgeProxy;
  let tracker: ClusterTracker;
  let backend: Server;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    const bp = await freePort();
    backend = rawBackend(seen);
    await new Promise<void>((r) => backend.listen(bp, '127.0.0.1', r));
    edge = new EdgeProxy({ address: '127.0.0.1', httpPort: port, group: 'external', strict: false }, registry);
    tracker = new ClusterTracker(() => edge.onChange(tracker.view()));
    await feed.subscriber().start(tracker);
    const task: Task = { id: 'f1', appId: '/fast', appVersion: 'v', agentId: 'local', host: '127.0.0.1', networkMode: 'host', ports: [{ hostPort: bp, servicePort: 0, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v' };
    feed.publish([{ kind: 'app', op: 'put', id: '/fast', value: app('/fast', { HAPROXY_0_VHOST: HOST }) }, { kind: 'task', op: 'put', id: 'f1', value: task }]);
    await new Promise((r) => setTimeout(r, 10));
    await edge.settled();
  });

  afterAll(async () => {
    await edge.close();
    await new Promise((r) => backend.close(r));
  });

  it('answers pipelined requests in order, then hands the connection to node:http for a request with a body', async () => {
    const get = (p: string) => `GET ${p} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`;
    const post = `POST /form HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 5\r\n\r\nhello`;
    const { data } = await exchange(port, get('/1') + get('/2') + post + get('/3'), /GET \/3 $/);
    const bodies = [...data.matchAll(/\r\n\r\n([^\r]*?)(?=HTTP\/1\.1 |$)/g)].map((m) => m[1]);
    expect(bodies).toEqual(['GET /1 ', 'GET /2 ', 'POST /form hello', 'GET /3 ']);
    // Every request reached the backend once, with X-Forwarded-For, whichever path served it.
    const here = seen.filter((s) => ['/1', '/2', '/form', '/3'].includes(s.path));
    expect(here.map((s) => s.path)).toEqual(['/1', '/2', '/form', '/3']);
    for (const s of here) expect(s.head).toMatch(/\r\nx-forwarded-for: 127\.0\.0\.1/i);
  });

  it('relays a chunked response with its trailer, split across reads', async () => {
    const res = await new Promise<{ body: string; te?: string; trailers: NodeJS.Dict<string> }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/chunked', headers: { host: HOST } }, (r) => {
        let body = '';
        r.on('data', (d: Buffer) => (body += d.toString()));
        r.on('end', () => resolve({ body, te: r.headers['transfer-encoding'], trailers: r.trailers }));
      }).on('error', reject).end();
    });
    expect(res).toEqual({ body: 'abcdefg', te: 'chunked', trailers: { 'x-t': 'done' } });
  });

  it('relays a close-delimited body and then closes the client connection', async () => {
    const { data, closed } = await exchange(port, `GET /close HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
    expect(closed).toBe(true);
    expect(data).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(data).toMatch(/\r\nconnection: close\r\n/i);
    expect(data.endsWith('\r\n\r\nuntil-close')).toBe(true);
  });

  it('passes 103 Early Hints before the final response, and answers HEAD without a body', async () => {
    const early = await exchange(port, `GET /early HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, /\r\n\r\nok$/);
    expect(early.data).toMatch(/^HTTP\/1\.1 103 Early Hints\r\nLink: <\/style.css>; rel=preload\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    const head = await exchange(port, `HEAD /h HTTP/1.1\r\nHost: ${HOST}\r\n\r\nGET /after-head HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, /GET \/after-head $/);
    expect(head.data).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Length: 8\r\nX-Backend: raw\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('honours Connection: close, serves HTTP/1.0 and refuses a malformed head (node:http)', async () => {
    const close = await exchange(port, `GET /c HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
    expect(close.closed).toBe(true);
    expect(close.data).toMatch(/\r\nconnection: close\r\n\r\nGET \/c $/i);
    const old = await exchange(port, `GET /old HTTP/1.0\r\nHost: ${HOST}\r\n\r\n`);
    expect(old.data).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nGET \/old $/);
    const bad = await exchange(port, `GET / HTTP/1.1\r\nHost : ${HOST}\r\n\r\n`);
    expect(bad.data).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('answers 502 for an invalid backend response and 404 for an unknown host', async () => {
    const bad = await exchange(port, `GET /bad HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, /\n$/);
    expect(bad.data).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n[\s\S]*upstream error: EPROTO\n$/);
    const none = await exchange(port, `GET / HTTP/1.1\r\nHost: other.example.com\r\n\r\n`, /\n$/);
    expect(none.data).toMatch(/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*\r\n\r\nno route\n$/);
  });

  it('frees the backend when the client leaves before the response', async () => {
    const active = () => edge.statsRows().find((r) => r.name.startsWith('/fast'))!.members.reduce((n, m) => n + (m.active ?? 0), 0);
    const s = connect(port, '127.0.0.1', () => s.write(`GET /slow HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`));
    s.on('error', () => undefined);
    for (let i = 0; i < 50 && !seen.some((x) => x.path === '/slow'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(active()).toBe(1);
    s.destroy();
    for (let i = 0; i < 50 && active() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(active()).toBe(0);
    expect((await exchange(port, `GET /after HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, /GET \/after $/)).data).toMatch(/GET \/after $/);
  });

  it('does not reuse a backend connection the backend has closed since', async () => {
    const get = (p: string) => exchange(port, `GET ${p} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, /\r\n\r\n(bye!|GET \/again )$/);
    for (let i = 0; i < 3; i++) {
      expect((await get('/then-close')).data).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*bye!$/);
      await new Promise((r) => setTimeout(r, 150));
      expect((await get('/again')).data).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*GET \/again $/);
    }
  });

  it('counts relayed responses by app and code, and refusals by reason, on /metrics', async () => {
    const value = async (series: string) => Number(new RegExp(`^${series.replace(/[{}"/]/g, '\\$&')} (\\d+)$`, 'm').exec(await registry.metrics())?.[1] ?? 0);
    const [ok, noRoute] = [await value('marina_edge_requests_total{app="/fast",code="200"}'), await value('marina_edge_refused_total{reason="route"}')];
    const get = (p: string, host = HOST) => `GET ${p} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
    await exchange(port, get('/m1') + get('/m2') + get('/m3') + get('/x', 'nowhere.example.com'), /no route\n$/);
    expect(await value('marina_edge_requests_total{app="/fast",code="200"}')).toBe(ok + 3);
    expect(await value('marina_edge_refused_total{reason="route"}')).toBe(noRoute + 1);
  });

  it('closes a client connection left idle past the keep-alive timeout (5 s, as node:http)', async () => {
    const { closed, data } = await new Promise<{ closed: boolean; data: string }>((resolve) => {
      let data = '';
      const s = connect(port, '127.0.0.1', () => s.write(`GET /idle HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`));
      const t = setTimeout(() => (s.destroy(), resolve({ closed: false, data })), 15_000);
      s.on('data', (d: Buffer) => (data += d.toString()));
      s.on('close', () => (clearTimeout(t), resolve({ closed: true, data })));
      s.on('error', () => undefined);
    });
    expect(data).toMatch(/GET \/idle $/);
    expect(closed).toBe(true);
  });
});
