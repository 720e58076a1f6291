/**
 * The lb's HTTP endpoint: /healthz (200 once synced, 503 before or after a
 * failed sync), /ready (the same status, with a JSON body saying how old the
 * allocator feed's state is, see lib/feed/freshness.ts), /metrics (Prometheus text), /stats (an HTML page for a
 * browser, `Accept: text/html`, or `?format=html`; JSON otherwise: VIPs,
 * backends, edge listeners).
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from '../../lib/metrics';
import type { FreshnessReport } from '../../lib/feed/freshness';

export interface StatusSource {
  ready(): boolean;
  /** How long ago the feed heard from the allocator (for /ready). */
  freshness?(): FreshnessReport | undefined;
  stats(): unknown | Promise<unknown>;
  statsHtml?(): Promise<string>;
}

/** HTML when asked for by ?format=html, or when Accept names text/html before any JSON type. */
export function wantsHtml(accept: string | undefined, query: string): boolean {
  const format = new URLSearchParams(query).get('format');
  if (format) return format === 'html';
  const a = (accept ?? '').toLowerCase();
  const html = a.indexOf('text/html');
  if (html < 0) return false;
  const json = a.indexOf('application/json');
  return json < 0 || html < json;
}

export function startHttp(listen: string, registry: Registry, src: StatusSource): Promise<Server> {
  const [host, portStr] = splitHostPort(listen);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      const ok = src.ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not synced\n');
    } else if (path === '/ready') {
      const ready = src.ready();
      const feed = src.freshness?.();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready, ...(feed ? { feed } : {}) }) + '\n');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: Error) => res.writeHead(500).end(err.message),
      );
    } else if (path === '/stats') {
      const html = src.statsHtml && wantsHtml(req.headers.accept, (req.url ?? '').split('?')[1] ?? '');
      const body = html && src.statsHtml ? src.statsHtml() : Promise.resolve(src.stats()).then((s) => JSON.stringify(s, null, 2));
      body.then(
        (text) => res.writeHead(200, { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json', vary: 'Accept' }).end(text),
        (err: Error) => res.writeHead(500).end(err.message),
      );
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
