import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { UI_CSP, uiDir, uiRoutes } from './static';

/** On a loopback port (fastify's inject needs an ESM dependency jest does not load). */
async function server(dir?: string) {
  // idle keep-alive sockets of fetch would hold close() open
  const app = Fastify({ logger: false, forceCloseConnections: true });
  uiRoutes(app, dir);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const get = async (url: string) => {
    const res = await fetch(base + url, { redirect: 'manual' });
    await res.arrayBuffer();
    return { statusCode: res.status, headers: Object.fromEntries(res.headers) };
  };
  return { get, close: () => app.close() };
}

describe('the map files', () => {
  test('served by name with their type and a CSP without inline code; nothing else is reachable', async () => {
    const app = await server();
    const page = await app.get('/ui/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(UI_CSP);
    expect(UI_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.get('/ui')).headers.location).toBe('/ui/');
    expect((await app.get('/ui/main.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await app.get('/ui/map.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    for (const url of ['/ui/tsconfig.json', '/ui/..%2f..%2fpackage.json', '/ui/%2e%2e', '/ui/README.md']) expect((await app.get(url)).statusCode).toBe(404);
    await app.close();
  });

  test('the page holds no inline script, style or handler (the CSP would block them)', () => {
    const html = readFileSync(join(uiDir(), 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    for (const f of ['main.js', 'api.js', 'apps.js', 'hosts.js', 'detail.js', 'model.js']) {
      // markup only through textContent and attributes: no HTML strings into the document
      expect({ f, html: /innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(join(uiDir(), f), 'utf8')) }).toEqual({ f, html: false });
    }
  });

  test('a package without the files still starts and says so', async () => {
    const app = await server('/nonexistent-marina-ui');
    const res = await app.get('/ui/');
    expect(res.statusCode).toBe(404);
    await app.close();
  });
});
