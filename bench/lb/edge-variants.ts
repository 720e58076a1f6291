/**
 * Other ways to build the built-in edge's HTTP path, kept so the choice can
 * be re-measured (edge-vs-peers.ts --variants): a node:http server relaying
 * through node:http's Agent (the edge before the fast path), undici's Pool
 * with request() (streams), or undici's dispatch() (raw handler callbacks).
 * Each strips hop-by-hop headers and adds X-Forwarded-For, like the edge.
 *   edge-variants.ts <node-http|undici-request|undici-dispatch> <port> <backendPort>
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { stripHopByHop } from '../../services/lb/proxy/l7/passes';

const [variant, port, bp] = process.argv.slice(2);
const origin = `http://127.0.0.1:${bp}`;

function upstreamHeaders(req: IncomingMessage): Record<string, string> {
  const h = stripHopByHop(req.headers) as Record<string, string>;
  h['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  return h;
}

function responseHeaders(raw: Buffer[] | string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i].toString();
    if (!/^(connection|keep-alive)$/i.test(k)) out.push(k, raw[i + 1].toString());
  }
  return out;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const handlers: Record<string, () => Handler> = {
  'node-http': () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' });
    return (req, res) => {
      const up = request({ host: '127.0.0.1', port: Number(bp), method: req.method, path: req.url, headers: upstreamHeaders(req), agent });
      up.on('response', (u) => (res.writeHead(u.statusCode ?? 502, responseHeaders(u.rawHeaders)), u.pipe(res)));
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
  },
  'undici-request': () => {
    const pool = new Pool(origin, { connections: 256 });
    return (req, res) => {
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
      pool.request({ path: req.url ?? '/', method: req.method as 'GET', headers: upstreamHeaders(req), body }).then(
        (u) => {
          res.writeHead(u.statusCode, Object.fromEntries(Object.entries(u.headers).filter(([k]) => k !== 'connection' && k !== 'keep-alive')));
          u.body.pipe(res);
        },
        () => res.destroy(),
      );
    };
  },
  'undici-dispatch': () => {
    const pool = new Pool(origin, { connections: 256 });
    return (req, res) => {
      pool.dispatch({ path: req.url ?? '/', method: req.method as 'GET', headers: upstreamHeaders(req), body: null }, {
        onConnect: () => undefined,
        onError: () => res.destroy(),
        onHeaders: (status, raw) => (res.writeHead(status, responseHeaders(raw)), true),
        onData: (chunk) => res.write(chunk),
        onComplete: () => res.end(),
      });
    };
  },
};

const server = createServer({ keepAlive: true }, handlers[variant]());
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
