/**
 * GET /ui: the cluster map's static files (services/allocator/ui/web/,
 * shipped in the package beside proto/ and found the same way, through
 * repoRoot), read once at start and served from memory. They hold no
 * cluster data, so they are open (auth/http-policy.ts) and the page then
 * authenticates every API call itself. A strict Content-Security-Policy:
 * scripts and styles from this origin only, no inline code, no framing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import { repoRoot } from '../../../../lib/paths';

export const UI_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export function uiDir(): string {
  return join(repoRoot(), 'services', 'allocator', 'ui', 'web');
}

/**
 * The files, by name: only these names are ever served (no path from the
 * request touches the disk). A package without them serves 404s rather than
 * failing the allocator's start.
 */
export function loadAssets(dir: string): Map<string, { body: Buffer; type: string }> {
  const out = new Map<string, { body: Buffer; type: string }>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type) out.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return out;
}

export function uiRoutes(app: FastifyInstance, dir = uiDir()): void {
  const assets = loadAssets(dir);
  const send = (reply: FastifyReply, name: string) => {
    const a = assets.get(name);
    if (!a) return reply.code(404).send(new MarinaError('MARINA_ERR_NOT_FOUND', assets.size ? `no UI file ${name}` : `the map's files are not installed (${dir})`).toJSON());
    return reply
      .header('content-type', a.type)
      .header('content-security-policy', UI_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(a.body);
  };
  app.get('/ui', async (_req, reply) => reply.redirect('/ui/', 302));
  app.get('/ui/', async (_req, reply) => send(reply, 'index.html'));
  app.get('/ui/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => send(reply, req.params.file));
}
