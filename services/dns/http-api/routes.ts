/**
 * Mesos-DNS's HTTP API with its JSON shapes (resolver/resolver.go):
 * /v1/version, /v1/config, /v1/hosts/{host}, /v1/services/{service},
 * /v1/axfr, /v1/enumerate; plus /metrics, /healthz and /ready.
 */
import type { FreshnessReport } from '../../../lib/feed/freshness';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DnsConfig } from '../options';
import type { DnsState } from '../records/dns-state';
import { splitSrv } from '../records/record-table';

export const VERSION = '0.1.0';

function fqdn(s: string): string {
  const d = s.toLowerCase().replace(/\.\*/g, '');
  return d.endsWith('.') ? d : d + '.';
}

/** Mesos-DNS's /v1/config document. */
export function configDocument(c: DnsConfig, serial: number, bound: Bound): Record<string, unknown> {
  const zoneResolvers: Record<string, string[]> = {};
  for (const [z, ups] of c.forwardZones) zoneResolvers[z] = ups.map((u) => `${u.host}:${u.port}`);
  return {
    Masters: c.masters,
    RefreshSeconds: c.refreshSeconds,
    TTL: c.ttl,
    Port: bound().dnsPort,
    Domain: c.domain,
    Resolvers: c.resolvers.map((u) => `${u.host}:${u.port}`),
    ZoneResolvers: zoneResolvers,
    Timeout: c.timeoutMs / 1000,
    Listener: c.listen[0]?.host,
    Listeners: c.listen.map((a) => `${a.host}:${a.port}`),
    HTTPListener: c.httpListen.host,
    HttpPort: bound().httpPort,
    DnsOn: true,
    HttpOn: true,
    ExternalOn: c.resolvers.length > 0 || c.forwardZones.size > 0,
    RecurseOn: c.recursionNetworks.length > 0,
    SOAMname: c.soa.mname + '.',
    SOARname: c.soa.rname + '.',
    SOASerial: serial,
    SOARefresh: c.soa.refresh,
    SOARetry: c.soa.retry,
    SOAExpire: c.soa.expire,
    SOAMinttl: c.soa.minttl,
    IPSources: c.ipSources,
    EnforceRFC952: c.enforceRfc952,
    EnumerationOn: c.enumeration,
    SRVRecordDefaultWeight: c.srvWeight,
  };
}

/** The ports actually bound (port 0 in the config picks one). */
export type Bound = () => { dnsPort: number; httpPort: number };

/**
 * @param freshness how old the allocator feed's state is (allocator source
 * only): /ready carries it under `feed` and stays 200 on a last good state.
 */
export function buildHttpApi(c: DnsConfig, state: DnsState, metrics: () => Promise<string>, bound: Bound, freshness?: () => FreshnessReport | undefined): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/v1/version', async () => ({ Service: 'Mesos-DNS', Version: `marina-${VERSION}`, URL: 'https://github.com/mesosphere/mesos-dns' }));
  app.get('/v1/config', async () => configDocument(c, state.view.zone.serial, bound));
  app.get<{ Params: { host: string } }>('/v1/hosts/:host', async (req) => {
    const dom = fqdn(req.params.host);
    const rec = state.view.table.names.get(dom);
    const out = [...(rec?.A.keys() ?? []), ...(rec?.AAAA.keys() ?? [])].map((ip) => ({ host: dom, ip }));
    return out.length > 0 ? out : [{ host: '', ip: '' }];
  });
  app.get<{ Params: { service: string } }>('/v1/services/:service', async (req) => {
    const service = req.params.service;
    const rec = state.view.table.names.get(fqdn(service));
    const out: Array<{ service: string; host: string; ip: string; port: string }> = [];
    for (const v of rec?.SRV.keys() ?? []) {
      const { target, port } = splitSrv(v);
      const t = state.view.table.names.get(target);
      const a = t?.A.keys().next().value;
      const aaaa = t?.AAAA.keys().next().value;
      if (a) out.push({ service, host: target, ip: a, port: String(port) });
      if (aaaa) out.push({ service, host: target, ip: aaaa, port: String(port) });
    }
    return out.length > 0 ? out : [{ service: '', host: '', ip: '', port: '' }];
  });
  if (c.enumeration) {
    app.get('/v1/axfr', async () => axfr(c, state));
    app.get('/v1/enumerate', async () => enumerate(state));
  }
  app.get('/metrics', async (_req, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return metrics();
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const feed = freshness?.();
    if (!state.ready) return reply.code(503).send({ ready: false, message: 'waiting for the first full record set', ...(feed ? { feed } : {}) });
    return { ready: true, revision: state.revision, ...(feed ? { feed } : {}) };
  });
  return app;
}

function axfr(c: DnsConfig, state: DnsState): Record<string, unknown> {
  const As: Record<string, string[]> = {};
  const AAAAs: Record<string, string[]> = {};
  const SRVs: Record<string, string[]> = {};
  for (const [name, rec] of state.view.table.names) {
    if (rec.A.size) As[name] = [...rec.A.keys()];
    if (rec.AAAA.size) AAAAs[name] = [...rec.AAAA.keys()];
    if (rec.SRV.size) SRVs[name] = [...rec.SRV.keys()];
  }
  return {
    TTL: c.ttl,
    Serial: state.view.zone.serial,
    RefreshSeconds: c.refreshSeconds,
    Mname: c.soa.mname + '.',
    Rname: c.soa.rname + '.',
    Domain: c.domain,
    Records: { As, AAAAs, SRVs },
  };
}

function enumerate(state: DnsState): Record<string, unknown> {
  const frameworks = new Map<string, Array<{ name: string; id: string; records: Array<{ name: string; host: string; rtype: string }> }>>();
  for (const [owner, meta] of state.view.tasks) {
    const rrs = state.view.table.owned(owner) ?? [];
    let list = frameworks.get(meta.framework);
    if (!list) frameworks.set(meta.framework, (list = []));
    list.push({ name: meta.name, id: meta.id, records: rrs.map((r) => ({ name: r.name, host: r.value, rtype: r.type })) });
  }
  return { frameworks: [...frameworks].map(([name, tasks]) => ({ tasks, name })) };
}
