/**
 * The lb's HTTP endpoint: /healthz (200 once synced, 503 before or after a
 * failed sync), /metrics (Prometheus text), /stats (JSON: VIPs, backends,
 * edge listeners).
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from '../../lib/metrics';

export interface StatusSource {
  ready(): boolean;
  stats(): unknown;
}

export function startHttp(listen: string, registry: Registry, src: StatusSource): Promise<Server> {
  const [host, portStr] = splitHostPort(listen);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' || path === '/ready') {
      const ok = src.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not synced\n');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: Error) => res.writeHead(500).end(err.message),
      );
    } else if (path === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(src.stats(), null, 2));
    } else res.writeHead(404).end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portStr), host, () => resolve(server));
  });
}

export function splitHostPort(s: string): [string, string] {
  const i = s.lastIndexOf(':');
  if (i < 0) return ['0.0.0.0', s];
  return [s.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0', s.slice(i + 1)];
}
