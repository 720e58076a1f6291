/**
 * `marina trace` across hosts: deploy/local-cluster.sh up 3 (netns
 * marina-tr1..3 on 198.18.73.0/24 unless MARINA_LC_PREFIX / _SUBNET / _DIR
 * say otherwise, a `marina lb` (nftables) in every host, two allocator
 * replicas on one etcd: every agent's channel is on replica 1),
 * a client task on the VXLAN network on host 1 traces a named VIP whose
 * backend runs on host 3: every hop ok, the path over the VXLAN device with
 * the FDB entry pointing at host 3. Then one break at a time, each named by
 * the trace: host 1's FDB entry for host 3 deleted by hand → "path"; the
 * VXLAN device's MTU lowered → "path"; the DNS server stopped → "dns".
 * The same working trace asked of replica 2, which holds no agent's trace
 * channel: it runs every check through replica 1 (POST /v1/trace/checks
 * with the caller's token) and reports the same hops; so does a caller with
 * only a client certificate (replica 2 forwards under its own certificate,
 * with the caller's identity), while a viewer's certificate sending that
 * identity header straight to replica 1 stays a viewer. Then agents split
 * across the replicas (replica 1 killed and restarted, host 1's agent
 * restarted: host 1 on replica 1, host 3 on replica 2): the trace works
 * through either replica, each running some checks itself and forwarding
 * the others.
 * (The agent's fabric re-check restores what was removed within 10 s; each
 * trace runs right after its break, and the test restores it itself too.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { issueClientCert, newKeyAndCsr, tlsFiles } from '../../lib/tls/ca';
import { encodeForwardedIdentity, FORWARDED_IDENTITY_HEADER } from '../../services/allocator/auth/replica-peer';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import type { PathResult, TraceReport } from '../../lib/trace/types';
import { netnsPrefix } from '../../services/agent/names';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { nodeBinary } from '../helpers/process';
import { clusterCa, clusterCurl } from '../helpers/local-cluster';

jest.setTimeout(180_000);

const P = process.env.MARINA_LC_PREFIX ?? 'marina-tr';
const SUB = process.env.MARINA_LC_SUBNET ?? '198.18.73';
const DIR = process.env.MARINA_LC_DIR ?? '/tmp/marina-tr-cluster';
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR, MARINA_LC_LB: 'nftables', MARINA_LC_ALLOCATORS: '2' };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const NAME = 'trdb.marathon.l4lb.thisdcos.directory';
const H1 = `${P}1`;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const { args: auth, base } = clusterCurl(DIR, `${SUB}.1`);
  const args = ['netns', 'exec', `${P}u`, 'curl', '-s', ...auth, '-X', method, '-H', 'content-type: application/json', `${base}${path}`];
  if (body) args.push('-d', JSON.stringify(body));
  return JSON.parse((await runOk('ip', args)).stdout || 'null');
}

/** `marina trace` as the cluster admin, from the underlay (through replica 1 unless `api` names another). */
async function trace(...args: string[]): Promise<{ code: number; report: TraceReport; text: string }> {
  return traceVia('', ...args);
}

function traceArgv(api: string, args: string[]): string[] {
  return ['netns', 'exec', `${P}u`, 'env', `MARINA_CLIENT_CONFIG=${DIR}/allocator/client.json`, `MARINA_API=${api}`, nodeBinary(), join(repoRoot(), 'bin', 'marina.js'), 'trace', ...args];
}

async function traceJson(api: string, ...args: string[]): Promise<{ code: number; report: TraceReport }> {
  const json = await run('ip', [...traceArgv(api, args), '-o', 'json']);
  try {
    return { code: json.code, report: JSON.parse(json.stdout) as TraceReport };
  } catch {
    throw new Error(`marina trace ${args.join(' ')} exited ${json.code}: ${json.stdout} ${json.stderr}`);
  }
}

async function traceVia(api: string, ...args: string[]): Promise<{ code: number; report: TraceReport; text: string }> {
  const json = await traceJson(api, ...args);
  const text = await run('ip', traceArgv(api, args));
  return { ...json, text: text.stdout };
}

/**
 * The JSON and the text trace of a break the agent's fabric re-check (every 10 s) repairs
 * whenever it comes round: each run right after (re)breaking, up to 3 tries each, until it
 * fails at `hop`.
 */
async function brokenTrace(breakIt: () => Promise<unknown>, hop: string, ...args: string[]): Promise<{ code: number; report: TraceReport; text: string }> {
  let json!: { code: number; report: TraceReport };
  for (let i = 0; i < 3; i++) {
    await breakIt();
    json = await traceJson('', ...args);
    if (json.code === 1 && json.report.failedHop === hop) break;
  }
  let text = '';
  for (let i = 0; i < 3; i++) {
    await breakIt();
    text = (await run('ip', traceArgv('', args))).stdout;
    if (new RegExp(`FAIL\\s+${hop}`).test(text)) break;
  }
  return { ...json, text };
}

const running = async (appId: string) => {
  await waitUntil(`${appId} running`, async () => (((await api('GET', `/v2/apps${appId}/tasks`)) as { tasks?: Array<{ state: string }> }).tasks ?? []).some((t) => t.state === 'TASK_RUNNING'), 60_000, 250);
};

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '3'], { env, timeoutMs: 90_000 });
  const on = (h: string) => [['hostname', 'LIKE', h]];
  await api('POST', '/v2/apps', {
    id: '/trc/db', cmd: 'exec python3 -m http.server 8080', cpus: 0.1, mem: 32, constraints: on(`${P}3`),
    networks: [{ mode: 'container', name: 'overlay' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080, name: 'http', labels: { VIP_0: '/trdb:80' } }] },
  });
  await api('POST', '/v2/apps', { id: '/trc/client', cmd: 'exec sleep 3600', cpus: 0.1, mem: 32, constraints: on(H1), networks: [{ mode: 'container', name: 'overlay' }] });
  await running('/trc/db');
  await running('/trc/client');
  await waitUntil('the trace passes', async () => (await trace('/trc/client', `${NAME}:80`)).code === 0, 60_000, 1000);
}, 180_000);

afterAll(async () => {
  await run(script, ['down'], { env });
  const prefixes = [1, 2, 3].map((i) => netnsPrefix(`${P}${i}`));
  expect((await listNetns()).filter((n) => n.startsWith(`${P}u`) || new RegExp(`^${P}\\d$`).test(n) || prefixes.some((p) => n.startsWith(p)))).toEqual([]);
});

let fdb: { dev: string; mac: string; dst: string; mtu: number };

test('host 1 → VIP → backend on host 3 over VXLAN: every hop ok, the FDB entry points at host 3', async () => {
  const { code, report, text } = await trace('/trc/client', `${NAME}:80`);
  expect(code).toBe(0);
  expect(report.hops.map((h) => `${h.hop}:${h.status}`)).toEqual(['dns:ok', 'vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok']);
  const d = (report.hops.find((h) => h.hop === 'path')!.actual as PathResult).dests[0]!;
  expect(d.host?.link?.kind).toBe('vxlan');
  expect(d.fdb?.dst).toBe(`${SUB}.13`);
  fdb = { dev: d.host!.dev!, mac: d.fdb!.mac, dst: d.fdb!.dst!, mtu: d.host!.link!.mtu! };
  for (const h of report.hops) expect(text).toContain(`${h.hop}`);
  if (process.env.MARINA_TRACE_SHOW) process.stderr.write(text);
  // the probe's first packet traced on both hosts: the VIP's DNAT on host 1, its arrival on host 3
  const details = report.hops.find((h) => h.hop === 'probe')!.details ?? [];
  expect(details.some((l) => l.startsWith(`nft@${H1}: inet marina `))).toBe(true);
  expect(details.filter((l) => l.startsWith(`nft@${P}3: `) && !/no traced packet|unavailable/.test(l)).length).toBeGreaterThan(0);
  expect(text.trim().split('\n').at(-1)).toMatch(/^path works/);
});

test('the same trace through replica 2, which holds no trace channel: checks forwarded to replica 1', async () => {
  const { code, report, text } = await traceVia(`https://${SUB}.2:8080`, '/trc/client', `${NAME}:80`);
  expect({ code, hops: report.hops.map((h) => `${h.hop}:${h.status}`) }).toEqual({ code: 0, hops: ['dns:ok', 'vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok'] });
  expect((report.hops.find((h) => h.hop === 'path')!.actual as PathResult).dests[0]!.fdb?.dst).toBe(`${SUB}.13`);
  expect(report.hops.find((h) => h.hop === 'probe')!.details!.some((l) => l.startsWith(`nft@${P}3: `) && !/no traced packet|unavailable/.test(l))).toBe(true);
  expect(text.trim().split('\n').at(-1)).toMatch(/^path works/);
});

/** A client certificate from the cluster CA (O=role, CN=name), written 0600 under the cluster dir; curl's args for it. */
async function clientCert(name: string, role: string): Promise<string[]> {
  const { keyPem, csrPem } = await newKeyAndCsr(name);
  const cert = await issueClientCert(tlsFiles(join(DIR, 'allocator')), csrPem, name, role);
  const base = join(DIR, `test-${name}`);
  writeFileSync(`${base}.key`, keyPem, { mode: 0o600 });
  writeFileSync(`${base}.crt`, cert, { mode: 0o600 });
  return ['--cacert', clusterCa(DIR), '--cert', `${base}.crt`, '--key', `${base}.key`];
}

/** POST with curl from the underlay: status and JSON body. */
async function curlPost(auth: string[], url: string, body: unknown, headers: string[] = []): Promise<{ status: number; body: any }> {
  const out = (await runOk('ip', ['netns', 'exec', `${P}u`, 'curl', '-s', '-w', '\n%{http_code}', ...auth, ...headers.flatMap((x) => ['-H', x]), '-X', 'POST', '-H', 'content-type: application/json', url, '-d', JSON.stringify(body)])).stdout;
  const nl = out.lastIndexOf('\n');
  return { status: Number(out.slice(nl + 1)), body: JSON.parse(out.slice(0, nl) || 'null') };
}

test('a client-certificate-only caller through replica 2: its checks forwarded under replica 2\'s own certificate; an identity header from a non-replica gives nothing', async () => {
  const admin = await clientCert('trace-admin', 'admin');
  const r = await curlPost(admin, `https://${SUB}.2:8080/v1/trace`, { from: '/trc/client', to: `${NAME}:80` });
  expect({ status: r.status, hops: (r.body as TraceReport).hops?.map((h) => `${h.hop}:${h.status}`) }).toEqual({ status: 200, hops: ['dns:ok', 'vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok'] });
  // a viewer's certificate naming an admin in the header, straight to the holder (replica 1): a viewer still
  const viewer = await clientCert('trace-viewer', 'viewer');
  const claim = `${FORWARDED_IDENTITY_HEADER}: ${encodeForwardedIdentity({ name: 'trace-admin', role: 'admin', via: 'cert' })}`;
  const check = { agentId: H1, request: { check: 'vip', ip: '198.19.250.1', port: 80, proto: 'tcp' }, timeoutMs: 2000 };
  const denied = await curlPost(viewer, `https://${SUB}.1:8080/v1/trace/checks`, check, [claim]);
  expect({ status: denied.status, message: denied.body?.message }).toEqual({ status: 403, message: expect.stringMatching(/role viewer may not run traces/) });
});

test('the FDB entry deleted by hand → "path" names it', async () => {
  try {
    // deleted again before each try: the agent's fabric re-check restores it
    const r = await brokenTrace(() => run('ip', ['netns', 'exec', H1, 'bridge', 'fdb', 'del', fdb.mac, 'dev', fdb.dev, 'dst', fdb.dst]), 'path', '/trc/client', `${NAME}:80`);
    const { code, report, text } = r;
    expect(code).toBe(1);
    expect(report.failedHop).toBe('path');
    expect(report.hops.at(-1)!.summary).toMatch(new RegExp(`no FDB entry for ${fdb.mac} on ${fdb.dev}`));
    expect(text).toMatch(/FAIL\s+path/);
  } finally {
    await run('ip', ['netns', 'exec', H1, 'bridge', 'fdb', 'replace', fdb.mac, 'dev', fdb.dev, 'dst', fdb.dst, 'self', 'permanent']);
  }
});

test('the VXLAN MTU lowered → "path" names the MTU', async () => {
  // the fabric whole again after the FDB break (the agent's re-check may still be re-programming it)
  await waitUntil('the trace passes again', async () => (await trace('/trc/client', `${NAME}:80`)).code === 0, 30_000, 1000);
  try {
    // lowered again before each try: the agent's fabric re-check sets it back
    const r = await brokenTrace(() => runOk('ip', ['netns', 'exec', H1, 'ip', 'link', 'set', 'dev', fdb.dev, 'mtu', String(fdb.mtu - 100)]), 'path', '/trc/client', `${NAME}:80`);
    const { code, report, text } = r;
    expect(code).toBe(1);
    expect(report.failedHop).toBe('path');
    expect(text).toMatch(/FAIL\s+path/);
    expect(report.hops.at(-1)!.summary).toMatch(new RegExp(`MTU ${fdb.mtu} on eth0 in the task's netns exceeds ${fdb.mtu - 100} on ${fdb.dev}`));
  } finally {
    await run('ip', ['netns', 'exec', H1, 'ip', 'link', 'set', 'dev', fdb.dev, 'mtu', String(fdb.mtu)]);
  }
});

/** The API address of the replica holding each agent's trace channel, read from etcd (tracechannels/, replicas/). */
async function holders(): Promise<Record<string, string | undefined>> {
  const get = async (prefix: string) => {
    const out = await runOk('ip', ['netns', 'exec', `${P}u`, 'env', 'ETCDCTL_API=3', 'etcdctl', '--endpoints', `https://${SUB}.1:2379`, '--cacert', `${DIR}/pki/ca.crt`, '--cert', `${DIR}/pki/root.crt`, '--key', `${DIR}/pki/root.key`, 'get', '--prefix', prefix]);
    const lines = out.stdout.trim().split('\n');
    const kv: Record<string, any> = {};
    for (let i = 0; i + 1 < lines.length; i += 2) kv[lines[i]!.slice(prefix.length)] = JSON.parse(lines[i + 1]!);
    return kv;
  };
  const channels = await get('/marina/tracechannels/');
  const replicas = await get('/marina/replicas/');
  return Object.fromEntries(Object.entries(channels).map(([agent, v]) => [agent, replicas[v.replica]?.http]));
}

test('agents split across the replicas (host 1 on replica 1, host 3 on replica 2): one trace mixes local and forwarded checks, through either replica', async () => {
  // replica 1 killed: every agent fails over to replica 2 (pick_first) and stays there once replica 1 is back
  await runOk(script, ['allocator-kill', '1'], { env });
  await waitUntil('every agent on replica 2', async () => Object.values(await holders()).filter((h) => h === `${SUB}.2:8080`).length === 3, 60_000, 500);
  await runOk(script, ['allocator-start', '1'], { env, timeoutMs: 60_000 });
  // host 1's agent restarted: it picks replica 1 first
  await runOk(script, ['agent-stop', '1'], { env });
  await runOk(script, ['agent-start', '1'], { env, timeoutMs: 60_000 });
  await waitUntil('host 1 on replica 1, host 3 on replica 2', async () => {
    const h = await holders();
    return h[H1] === `${SUB}.1:8080` && h[`${P}3`] === `${SUB}.2:8080`;
  }, 60_000, 500);
  await waitUntil('the client task is back on host 1', async () => (await trace('/trc/client', `${NAME}:80`)).code === 0, 60_000, 1000);
  for (const api of ['', `https://${SUB}.2:8080`]) {
    const { code, report } = await traceVia(api, '/trc/client', `${NAME}:80`);
    expect({ api, code, hops: report.hops.map((h) => `${h.hop}:${h.status}`) }).toEqual({ api, code: 0, hops: ['dns:ok', 'vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok'] });
    // the probe's packet traced on host 3 too: the nftrace start/stop went to host 3's replica
    expect(report.hops.find((h) => h.hop === 'probe')!.details!.some((l) => l.startsWith(`nft@${P}3: `) && !/no traced packet|unavailable/.test(l))).toBe(true);
  }
});

test('the DNS server stopped → "dns"', async () => {
  const pid = Number(readFileSync(join(DIR, 'dns.pid'), 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  await waitUntil('dns stopped', async () => (await run('kill', ['-0', String(pid)])).code !== 0, 10_000, 100);
  const { code, report } = await trace('/trc/client', `${NAME}:80`);
  expect(code).toBe(1);
  expect(report.failedHop).toBe('dns');
  expect(report.hops.map((h) => h.hop)).toEqual(['dns']);
  expect(report.hops[0]!.summary).toMatch(new RegExp(`${NAME}.*(timeout|refused|failed)`));
});
