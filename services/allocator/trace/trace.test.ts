import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task } from '../../../lib/model/cluster';
import type { CheckKind, CheckRequest, CheckResults } from '../../../lib/trace/types';
import { runTrace, parseTraceRequest, type CheckRunner } from './trace';
import type { TraceView } from './resolve';
import type { Policy } from '../../../lib/model/policy';

const agent = (id: string, ip: string): Agent => ({ id, hostname: id, ip, portRanges: [], attributes: {}, registeredAt: '' });

function task(id: string, appId: string, agentId: string, over: Partial<Task>): Task {
  return {
    id, appId, agentId, host: agentId, appVersion: 'v', networkMode: 'bridge', ports: [], ipAddresses: [], vips: [], env: {},
    state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v', ...over,
  };
}

function view(): TraceView {
  const agents = new Map([agent('h1', '198.18.0.11'), agent('h2', '198.18.0.12')].map((a) => [a.id, a]));
  const web = task('web.1', '/shop/web', 'h2', {
    networkMode: 'bridge',
    ipAddresses: [{ ipAddress: '198.18.128.5', protocol: 'IPv4' }],
    ports: [{ hostPort: 31001, containerPort: 8080, protocol: 'tcp', name: 'http', labels: {} }],
    vips: [{ label: '/web:80', name: '/web', ip: '198.19.250.1', port: 80, protocol: 'tcp', portIndex: 0 }],
  });
  const db = task('db.1', '/shop/db', 'h2', {
    networkMode: 'container', networkName: 'dcos',
    ipAddresses: [{ ipAddress: '198.19.0.70', protocol: 'IPv4', networkName: 'dcos' }],
    ports: [{ containerPort: 5432, protocol: 'tcp', name: 'pg', labels: {} }],
  });
  const client = task('client.1', '/shop/client', 'h1', { networkMode: 'container', networkName: 'dcos', ipAddresses: [{ ipAddress: '198.19.0.5', protocol: 'IPv4', networkName: 'dcos' }] });
  const tasks = new Map([web, db, client].map((t) => [t.id, t]));
  const apps = new Map(['/shop/web', '/shop/db', '/shop/client'].map((id) => [id, { id } as AppDefinition]));
  return { apps, tasks, agents };
}

/** A scripted agent side: healthy answers unless a test overrides one check. */
class Script implements CheckRunner {
  readonly calls: Array<{ agentId: string; req: CheckRequest }> = [];
  override: Partial<{ [K in CheckKind]: (req: Extract<CheckRequest, { check: K }>) => CheckResults[K] }> = {};
  constructor(private readonly up = new Set(['h1', 'h2'])) {}
  connected(id: string): boolean {
    return this.up.has(id);
  }
  async run<K extends CheckKind>(agentId: string, req: Extract<CheckRequest, { check: K }>): Promise<CheckResults[K]> {
    this.calls.push({ agentId, req });
    const o = this.override[req.check] as ((r: typeof req) => CheckResults[K]) | undefined;
    if (o) return o(req);
    const healthy: { [k in CheckKind]: unknown } = {
      dns: { server: '198.18.0.1', rcode: 'NOERROR', answers: [{ name: 'web.marathon.l4lb.thisdcos.directory', type: 'A', ttl: 60, value: '198.19.250.1' }] },
      vip: { dataPlane: 'nftables', present: true, backends: ['198.18.0.12:31001'] },
      path: { dests: (req as { dests?: Array<{ ip: string }> }).dests?.map((d) => ({ ip: d.ip, inside: { dev: 'eth0', link: { dev: 'eth0', state: 'UP', mtu: 1450 } }, host: { dev: 'eth0', link: { dev: 'eth0', state: 'UP', mtu: 1500 } } })) ?? [] },
      target: { where: 'marina-t1', listening: true, sockets: ['0.0.0.0:8080'] },
      probe: { ok: true, outcome: 'connected', ms: 1, chosen: '198.18.0.12:31001', rules: ['inet marina services rule … (verdict goto pick-1)'] },
      nftrace: { rules: (req as { action?: string }).action === 'stop' ? ['ip marina-agent prerouting rule … dnat to 198.18.128.5:8080'] : [] },
      logs: { stream: 'stdout', lines: [], truncated: false },
    };
    return healthy[req.check] as CheckResults[K];
  }
}

/** Hops after a failed one may have been checked (they run at once), but nothing is left running. */
function expectNoProbeAndTracesStopped(s: Script): void {
  const nft = (action: string) => s.calls.filter((c) => c.req.check === 'nftrace' && (c.req as { action: string }).action === action).map((c) => c.agentId).sort();
  expect(s.calls.filter((c) => c.req.check === 'probe')).toEqual([]);
  expect(nft('stop')).toEqual(nft('start'));
}

describe('runTrace', () => {
  test('a working path through a named VIP: every hop ok, in order, checks on the right agents', async () => {
    const s = new Script();
    const r = await runTrace(view(), s, { from: '/shop/client', to: 'web.marathon.l4lb.thisdcos.directory:80' });
    expect(r.hops.map((h) => [h.hop, h.status])).toEqual([['dns', 'ok'], ['vip', 'ok'], ['policy', 'ok'], ['path', 'ok'], ['target', 'ok'], ['probe', 'ok']]);
    expect(r).toMatchObject({ ok: true, from: { agentId: 'h1', taskId: 'client.1' }, to: { ip: '198.19.250.1', port: 80, vip: true } });
    expect(r.hops.find((h) => h.hop === 'policy')!.summary).toBe('no policy');
    expect(s.calls.map((c) => `${c.req.check}@${c.agentId}`)).toEqual(['dns@h1', 'vip@h1', 'path@h1', 'target@h2', 'nftrace@h2', 'nftrace@h1', 'probe@h1', 'nftrace@h2']);
    // the probe's packets are traced on both hosts: the backend's (where they arrive at hostIP:hostPort), and
    // FROM's (started beside the checks for the probe check to take over: no stop of its own)
    const [start, local] = s.calls.filter((c) => c.req.check === 'nftrace').map((c) => c.req);
    const probe = s.calls.find((c) => c.req.check === 'probe')!.req;
    expect(start).toMatchObject({ action: 'start', dests: [{ ip: '198.18.0.12', port: 31001 }], sport: (probe as { sport: number }).sport });
    expect(local).toMatchObject({ action: 'start', dests: [{ ip: '198.19.250.1', port: 80 }], sport: (probe as { sport: number }).sport });
    expect(r.hops.at(-1)!.details).toEqual(['nft@h1: inet marina services rule … (verdict goto pick-1)', 'nft@h2: ip marina-agent prerouting rule … dnat to 198.18.128.5:8080']);
    // the remote bridge task is reached at its host's address and host port; its socket is the container port
    expect(s.calls.find((c) => c.req.check === 'path')!.req).toMatchObject({ dests: [{ ip: '198.18.0.12', agentIp: '198.18.0.12' }] });
    expect(s.calls.find((c) => c.req.check === 'target')!.req).toMatchObject({ taskId: 'web.1', port: 8080 });
  });

  test('a flushed VIP table fails the vip hop and stops there', async () => {
    const s = new Script();
    s.override.vip = () => ({ dataPlane: 'nftables', present: false });
    const r = await runTrace(view(), s, { from: 'h1', to: '198.19.250.1:80' });
    expect(r).toMatchObject({ ok: false, failedHop: 'vip' });
    expect(r.hops.map((h) => h.hop)).toEqual(['vip']);
    expect(r.hops[0]!.summary).toMatch(/not in the nftables table/);
    // the later checks ran beside it, but no probe was sent and every remote trace started was stopped
    expectNoProbeAndTracesStopped(s);
  });

  test('kernel backends that differ from the model fail the vip hop, naming both', async () => {
    const s = new Script();
    s.override.vip = () => ({ dataPlane: 'nftables', present: true, backends: ['198.18.0.99:1'] });
    const r = await runTrace(view(), s, { from: 'h1', to: '/shop/web:http' });
    expect(r.hops.at(-1)!.summary).toMatch(/holds \[198\.18\.0\.99:1\], the model expects \[198\.18\.0\.12:31001\]/);
  });

  test('a target that does not listen fails the target hop', async () => {
    const s = new Script();
    s.override.target = () => ({ where: 'marina-tx', listening: false, sockets: [] });
    const r = await runTrace(view(), s, { from: 'client.1', to: '198.19.0.70:5432' });
    expect(r).toMatchObject({ failedHop: 'target', to: { vip: false } });
    expect(r.hops.map((h) => h.hop)).toEqual(['policy', 'path', 'target']);
    expect(r.hops.at(-1)!.summary).toMatch(/nothing listens on port 5432 in marina-tx \(task db.1\)/);
    expectNoProbeAndTracesStopped(s);
    expect(s.calls.filter((c) => c.req.check === 'nftrace').length).toBe(4); // FROM's and the target host's, each started and stopped
  });

  test('the policy hop: a policy admitting FROM passes naming the rule; one that does not stops the trace there', async () => {
    const allow: Policy = { id: 'db-in', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/client'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };
    const v = { ...view(), policies: new Map([[allow.id, allow]]) };
    const ok = await runTrace(v, new Script(), { from: 'client.1', to: '198.19.0.70:5432' });
    expect(ok.hops.find((h) => h.hop === 'policy')).toMatchObject({ status: 'ok', summary: 'policy db-in ingress rule 0 admits client.1 (/shop/client) to /shop/db on 5432/tcp' });
    const deny: Policy = { id: 'db-deny', selector: { apps: ['/shop/db'] }, ingress: [] };
    const s = new Script();
    const r = await runTrace({ ...view(), policies: new Map([[deny.id, deny]]) }, s, { from: 'client.1', to: '198.19.0.70:5432' });
    expect(r).toMatchObject({ ok: false, failedHop: 'policy' });
    expect(r.hops.at(-1)!.summary).toBe('/shop/db is selected by db-deny; no ingress rule admits client.1 (/shop/client) on 5432/tcp');
    expect(s.calls).toEqual([]);
    // through a VIP: the backend's own app and container port are checked (after DNAT)
    const web: Policy = { id: 'web-in', selector: { apps: ['/shop/web'] }, ingress: [{ ports: [{ port: 8080, protocol: 'tcp' }] }] };
    const viaVip = await runTrace({ ...view(), policies: new Map([[web.id, web]]) }, new Script(), { from: '/shop/client', to: 'web.marathon.l4lb.thisdcos.directory:80' });
    expect(viaVip.hops.find((h) => h.hop === 'policy')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^policy web-in ingress rule 0 admits .* to \/shop\/web on 8080\/tcp$/) });
  });

  test('NXDOMAIN fails the dns hop saying no task has the name', async () => {
    const s = new Script();
    s.override.dns = () => ({ server: '198.18.0.1', rcode: 'NXDOMAIN', answers: [] });
    const r = await runTrace(view(), s, { from: 'h1', to: 'nothing.marathon.mesos:80' });
    expect(r).toMatchObject({ failedHop: 'dns' });
    expect(r.hops[0]!.summary).toMatch(/NXDOMAIN from 198.18.0.1 \(no running healthy task/);
  });

  test.each([
    ['a missing FDB entry', { dev: 'marina-x1', gateway: '198.19.0.64', link: { dev: 'marina-x1', kind: 'vxlan', state: 'UNKNOWN', mtu: 1450 } }, { ip: '198.19.0.64', lladdr: '02:aa:bb:cc:dd:ee', state: 'PERMANENT' }, undefined, /no FDB entry for 02:aa:bb:cc:dd:ee on marina-x1/],
    ['an FDB entry to the wrong host', { dev: 'marina-x1', gateway: '198.19.0.64', link: { dev: 'marina-x1', kind: 'vxlan', mtu: 1450 } }, { ip: '198.19.0.64', lladdr: '02:aa:bb:cc:dd:ee' }, { mac: '02:aa:bb:cc:dd:ee', dst: '198.18.0.99' }, /points at 198.18.0.99, the remote host is 198.18.0.12/],
    ['a lowered overlay MTU', { dev: 'marina-x1', gateway: '198.19.0.64', link: { dev: 'marina-x1', kind: 'vxlan', mtu: 1400 } }, { ip: '198.19.0.64', lladdr: '02:aa' }, { mac: '02:aa', dst: '198.18.0.12' }, /MTU 1450 on eth0 in the task's netns exceeds 1400 on marina-x1/],
  ])('the path hop names %s', async (_what, host, neigh, fdb, msg) => {
    const s = new Script();
    s.override.path = (req) => ({ dests: req.dests.map((d) => ({ ip: d.ip, inside: { dev: 'eth0', link: { dev: 'eth0', state: 'UP', mtu: 1450 } }, host, neigh, ...(fdb ? { fdb } : {}) })) });
    const r = await runTrace(view(), s, { from: '/shop/client', to: '/shop/db:pg' });
    expect(r).toMatchObject({ failedHop: 'path' });
    expect(r.hops.at(-1)!.summary).toMatch(msg);
  });

  test('a refused probe fails the probe hop; an agent error fails the hop it was for', async () => {
    const s = new Script();
    s.override.probe = () => ({ ok: false, outcome: 'refused', ms: 2 });
    expect(await runTrace(view(), s, { from: 'h1', to: '198.19.250.1:80' })).toMatchObject({ failedHop: 'probe' });
    const e = new Script();
    e.override.target = () => {
      throw new Error('agent h2 did not answer');
    };
    const r = await runTrace(view(), e, { from: 'h1', to: '198.19.250.1:80' });
    expect(r).toMatchObject({ failedHop: 'target' });
    expect(r.hops.at(-1)!.summary).toMatch(/the target check on agent h2 failed: agent h2 did not answer/);
  });

  test('bad input is a 422 naming the field; FROM without a trace channel a 503', async () => {
    await expect(runTrace(view(), new Script(), { from: '/nope', to: '198.19.250.1:80' })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID', details: [{ path: '/from' }] });
    await expect(runTrace(view(), new Script(), { from: 'h1', to: '/shop/web:nope' })).rejects.toMatchObject({ details: [{ path: '/to', errors: [expect.stringMatching(/has no port "nope"/)] }] });
    await expect(runTrace(view(), new Script(), { from: 'h1', to: '/shop/none:1' })).rejects.toMatchObject({ details: [{ path: '/to' }] });
    await expect(runTrace(view(), new Script(new Set(['h2'])), { from: 'h1', to: '198.19.250.1:80' })).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE' });
    expect(() => parseTraceRequest({ from: 'h1', to: 'x:1', timeoutMs: 5 })).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/timeoutMs' })] }));
  });
});
