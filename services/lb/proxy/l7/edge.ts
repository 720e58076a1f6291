/**
 * The edge proxy: one listener per service port (tcp: L4 splice; http: the
 * HTTP proxy for that app) and one HTTP listener for vhosts and path
 * prefixes. Route changes swap an in-memory table; listeners that stay are
 * untouched and removed backends drain, so changes drop no connection.
 * HTTP listeners serve bodiless requests on the fast path (fast-path.ts) and
 * everything else through node:http (handle/forward/upgrade below); both run
 * the same passes, pools, retries, limits and counters.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClusterSnapshot } from '../../../../lib/feed/feed';
import { logger } from '../../../../lib/log';
import { Counter, type Registry } from '../../../../lib/metrics';
import { L4Balancer } from '../l4/balancer';
import { TcpVip } from '../l4/tcp';
import { mayRetry, type EdgeHooks } from './fast-path';
import type { RequestHead } from './http1';
import { EdgeHttpListener } from './listener';
import { BackendPool, type PoolMember } from './pool';
import { redirectToHttps, refuseSmuggling, STICKY_COOKIE, stickyKey, upstreamHeaders } from './passes';
import { RateLimiter } from './ratelimit';
import { buildRoutes, matchVhost, type EdgeRoute } from './routes';
import { edgeRow, type MemberRow, type ServiceRow } from '../../model/service-rows';

export interface EdgeOptions {
  address: string;
  httpPort: number;
  group: string;
  strict: boolean;
  redis?: string;
  localAgentId?: string;
}

type Listener = { kind: 'tcp'; vip: TcpVip } | { kind: 'http'; server: EdgeHttpListener; appKey: string };

function routeKey(r: EdgeRoute): string {
  return `${r.appId}#${r.portIndex}`;
}

export class EdgeProxy {
  private routes: EdgeRoute[] = [];
  private readonly pools = new Map<string, BackendPool>();
  private readonly listeners = new Map<number, Listener>();
  private vhostServer: EdgeHttpListener | undefined;
  private readonly limiter: RateLimiter;
  private readonly log = logger('lb.edge');
  private readonly m;
  /** Responses relayed since the last scrape, by app and code: counted here, added to the counter on collect (prom-client hashes labels on every inc). */
  private readonly served = new Map<string, Map<number, { n: number }>>();
  /** Each route's pool and, for service ports, each app key's route: no per-request lookups by string. */
  private poolOf = new Map<EdgeRoute, BackendPool>();
  private routeOf = new Map<string, EdgeRoute>();
  ready = false;
  /** Upgraded (WebSocket) connections: no longer tracked by the HTTP server. */
  private readonly upgraded = new Set<Duplex>();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EdgeOptions, registry: Registry) {
    this.limiter = new RateLimiter(opts.redis);
    this.m = {
      requests: new Counter({ name: 'marina_edge_requests_total', help: 'HTTP requests through the edge', labelNames: ['app', 'code'], registers: [registry], collect: () => this.flushServed() }),
      retries: new Counter({ name: 'marina_edge_retries_total', help: 'Requests retried on another backend after a connect failure', registers: [registry] }),
      refused: new Counter({ name: 'marina_edge_refused_total', help: 'Requests refused (smuggling, rate limit, no backend)', labelNames: ['reason'], registers: [registry] }),
    };
  }

  /** Recompute routes from the cluster view; listeners follow (serialised). */
  onChange(view: ClusterSnapshot): void {
    this.pending = this.pending.then(() => this.apply(view)).catch((err: unknown) => this.log.error({ err }, 'edge update failed'));
  }

  async settled(): Promise<void> {
    await this.pending;
  }

  private async apply(view: ClusterSnapshot): Promise<void> {
    this.routes = buildRoutes(view, { group: this.opts.group, strict: this.opts.strict, localAgentId: this.opts.localAgentId });
    const live = new Set<string>();
    for (const r of this.routes) {
      live.add(routeKey(r));
      let pool = this.pools.get(routeKey(r));
      if (!pool) this.pools.set(routeKey(r), (pool = new BackendPool(r.balance)));
      pool.update(r.backends, r.balance);
    }
    for (const [k, pool] of this.pools) if (!live.has(k)) (pool.update([], pool.balance), this.pools.delete(k));
    this.poolOf = new Map(this.routes.map((r) => [r, this.pools.get(routeKey(r))!]));
    this.routeOf = new Map(this.routes.map((r) => [routeKey(r), r]));
    await this.syncListeners();
    this.ready = true;
  }

  private async syncListeners(): Promise<void> {
    if (!this.vhostServer && this.routes.some((r) => r.vhosts.length > 0)) {
      this.vhostServer = await this.listenHttp(this.opts.httpPort, (req) => matchVhost(this.routes, req.headers.host ?? '', req.url ?? '/'));
    }
    const wanted = new Map<number, EdgeRoute>();
    for (const r of this.routes) if (r.servicePort) wanted.set(r.servicePort, r);
    for (const [port, l] of this.listeners) {
      const r = wanted.get(port);
      if (r && l.kind === r.mode && (l.kind === 'tcp' || l.appKey === routeKey(r))) continue;
      await this.closeListener(l);
      this.listeners.delete(port);
    }
    for (const [port, r] of wanted) {
      const existing = this.listeners.get(port);
      if (existing?.kind === 'tcp') existing.vip.balancer.update(r.backends, undefined, r.balance);
      if (existing) continue;
      try {
        if (r.mode === 'tcp') {
          const vip = new TcpVip(this.opts.address, port, new L4Balancer(undefined, Date.now, r.balance));
          vip.balancer.update(r.backends, undefined, r.balance);
          await vip.listen();
          this.listeners.set(port, { kind: 'tcp', vip });
        } else {
          const key = routeKey(r);
          const server = await this.listenHttp(port, () => this.routeOf.get(key));
          this.listeners.set(port, { kind: 'http', server, appKey: key });
        }
      } catch (err) {
        this.log.error({ err, port, appId: r.appId }, 'failed to listen on service port');
      }
    }
  }

  private listenHttp(port: number, route: (req: Pick<IncomingMessage, 'headers' | 'url'>) => EdgeRoute | undefined): Promise<EdgeHttpListener> {
    const hooks: EdgeHooks = {
      route: (head: RequestHead) => route(head),
      pool: (r) => this.poolOf.get(r),
      rateLimit: (r, client) => this.rateLimit(r, client),
      refused: (reason) => this.m.refused.inc({ reason }),
      retried: () => this.m.retries.inc(),
      served: (r, code) => this.count(r, code),
    };
    const listener = new EdgeHttpListener(hooks, {
      request: (req, res) => void this.handle(req, res, route(req)),
      upgrade: (req, socket, head) => this.upgrade(req, socket, head, route(req)),
      clientError: (_err, socket) => {
        this.m.refused.inc({ reason: 'parse' });
        if ((socket as Socket).writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      },
    });
    return listener.listen(port, this.opts.address);
  }

  /** undefined when no limit applies (no Redis, or none set): the request goes on without waiting. */
  private rateLimit(route: EdgeRoute, client: string): Promise<boolean> | undefined {
    if (!this.limiter.enabled || (route.rateLimitClient <= 0 && route.rateLimitApp <= 0)) return undefined;
    return this.limiter.allow([{ key: `c:${route.appId}:${client}`, limit: route.rateLimitClient }, { key: `a:${route.appId}`, limit: route.rateLimitApp }]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, route: EdgeRoute | undefined): Promise<void> {
    const smuggle = refuseSmuggling(req);
    if (smuggle) return this.refuse(res, 400, `refused: ${smuggle}`, 'smuggling', true);
    if (!route) return this.refuse(res, 404, 'no route', 'route');
    const redirect = redirectToHttps(req, route.redirectToHttps, false);
    if (redirect) return void res.writeHead(301, { location: redirect, 'content-length': 0 }).end();
    const limited = this.rateLimit(route, req.socket.remoteAddress ?? '');
    if (limited && !(await limited)) return this.refuse(res, 429, 'rate limited', 'ratelimit');
    const pool = this.poolOf.get(route);
    this.forward(req, res, route, pool, new Set(), upstreamHeaders(req, false));
  }

  private forward(req: IncomingMessage, res: ServerResponse, route: EdgeRoute, pool: BackendPool | undefined, failed: Set<string>, headers: ReturnType<typeof upstreamHeaders>): void {
    const member = pool?.pick(failed, route.sticky ? stickyKey(req) : undefined, req.socket.remoteAddress);
    if (!pool || !member) return this.refuse(res, 503, 'no ready backend', 'nobackend');
    pool.begin(member);
    let connected = false;
    const up = httpRequest({ host: member.ip, port: member.port, method: req.method, path: req.url, headers, agent: member.agent });
    up.once('socket', (s: Socket) => (s.connecting ? s.once('connect', () => (connected = true)) : (connected = true)));
    up.on('response', (ures) => {
      const h = { ...ures.headers };
      delete h.connection;
      delete h['keep-alive'];
      if (route.sticky && stickyKey(req) !== member.key) h['set-cookie'] = [...(h['set-cookie'] ?? []), `${STICKY_COOKIE}=${encodeURIComponent(member.key)}; Path=/; HttpOnly`];
      res.writeHead(ures.statusCode ?? 502, h);
      ures.pipe(res);
      ures.once('end', () => this.done(pool, member, route, ures.statusCode ?? 502));
      ures.once('error', () => res.destroy());
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      const connectFailed = !connected;
      pool.end(member, connectFailed ? 'connect-failed' : false);
      if (!res.headersSent && mayRetry(connectFailed ? 'connect' : 'no-response', up.reusedSocket, err.code, req, failed.size)) {
        failed.add(member.key);
        this.m.retries.inc();
        return this.forward(req, res, route, pool, failed, headers);
      }
      if (!res.headersSent) this.refuse(res, 502, `upstream error: ${err.code ?? err.message}`, 'upstream');
      else res.destroy();
    });
    res.once('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  private done(pool: BackendPool, m: PoolMember, route: EdgeRoute, code: number): void {
    pool.end(m, true);
    this.count(route, code);
  }

  private count(route: EdgeRoute, code: number): void {
    let byCode = this.served.get(route.appId);
    if (!byCode) this.served.set(route.appId, (byCode = new Map()));
    const c = byCode.get(code);
    if (c) c.n++;
    else byCode.set(code, { n: 1 });
  }

  private flushServed(): void {
    for (const [app, byCode] of this.served) for (const [code, c] of byCode) if (c.n > 0) (this.m.requests.inc({ app, code: String(code) }, c.n), (c.n = 0));
  }

  private refuse(res: ServerResponse, code: number, msg: string, reason: string, close = false): void {
    this.m.refused.inc({ reason });
    const headers: Record<string, string | number> = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(msg) + 1 };
    if (close) headers.connection = 'close';
    res.writeHead(code, headers).end(msg + '\n');
  }

  /** WebSocket and other upgrades: route, then splice raw bytes after replaying the request head. */
  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: EdgeRoute | undefined): void {
    socket.on('error', () => undefined);
    const member = route ? this.pools.get(routeKey(route))?.pick(undefined, undefined, req.socket.remoteAddress) : undefined;
    if (!route || !member || refuseSmuggling(req)) return void socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    const headers = upstreamHeaders(req, false, true);
    const up = connect({ host: member.ip, port: member.port }, () => {
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) text += `${k}: ${one}\r\n`;
      up.write(text + '\r\n');
      if (head.length) up.write(head);
      up.pipe(socket).pipe(up);
    });
    this.upgraded.add(socket);
    // Upgraded sockets are half-open capable: an end on either side closes both.
    const both = () => (up.destroy(), socket.destroy(), this.upgraded.delete(socket));
    up.on('error', both);
    up.once('end', both);
    socket.once('end', both);
    socket.once('close', both);
  }

  stats(): unknown {
    return {
      routes: this.routes.map((r) => ({ ...r, members: this.pools.get(routeKey(r))?.members.map((m) => ({ backend: m.key, active: m.active, failures: m.failures, ejected: m.ejectedUntil > Date.now() })) })),
      listeners: [...this.listeners.entries()].map(([port, l]) => ({ port, kind: l.kind })),
      rateLimitFailOpen: this.limiter.failOpen,
    };
  }

  /** One row per route for the stats page: backends with state and counters. */
  statsRows(): ServiceRow[] {
    const now = Date.now();
    return this.routes.map((r) => {
      const l = r.servicePort ? this.listeners.get(r.servicePort) : undefined;
      let members: MemberRow[];
      if (r.mode === 'tcp' && l?.kind === 'tcp') {
        members = l.vip.balancer.members().map((m) => ({ backend: `${m.ip}:${m.port}`, state: 'up', taskId: m.taskId, active: m.active, requests: m.total, errors: m.errors }));
      } else {
        const pool = this.pools.get(routeKey(r));
        const row = (m: PoolMember, state: string): MemberRow => ({ backend: m.key, state, active: m.active, requests: m.requests, errors: m.errors, ejections: m.ejections });
        members = [...(pool?.members ?? []).map((m) => row(m, m.ejectedUntil > now ? 'ejected' : 'up')), ...(pool?.drainingMembers() ?? []).map((m) => row(m, 'draining'))];
        const tasks = new Map(r.backends.map((b) => [`${b.ip}:${b.port}`, b.taskId]));
        for (const m of members) m.taskId = tasks.get(m.backend);
      }
      return edgeRow(r, this.opts.address, members);
    });
  }

  private async closeListener(l: Listener): Promise<void> {
    if (l.kind === 'tcp') return l.vip.close();
    await l.server.close();
  }

  async close(): Promise<void> {
    await this.pending;
    for (const s of this.upgraded) s.destroy();
    for (const l of this.listeners.values()) await (l.kind === 'http' ? l.server.closeAll() : this.closeListener(l));
    this.listeners.clear();
    await this.vhostServer?.closeAll();
    for (const p of this.pools.values()) p.close();
    await this.limiter.close();
  }
}
