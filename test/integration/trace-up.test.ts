/**
 * `marina trace` on `marina up` in its own machine netns (marina-tru,
 * 198.18.74.0/24, hostname marina-tru-h): a bridge-mode client task traces a
 * named VIP whose backend is a bridge-mode task — DNS (the agent's resolv.conf
 * for the task), the VIP in the lb's nftables table, no policy, the route
 * out of the client's netns and on the host, the backend's listening socket,
 * and a real TCP connect — every hop ok, exit 0; the JSON output says the same
 * as the text; bad input exits 2; then, one break at a time, the trace names
 * the hop: the backend's server process killed (the task keeps running) →
 * "target"; the VIP maps flushed → "vip". A policy on the backend's app:
 * one whose only ingress rule admits someone else stops the trace at
 * "policy", naming it; one whose rule 0 admits the client passes, naming
 * the rule. A UDP echo task behind a UDP VIP: the probe's datagram gets
 * its reply. The same machine again with the lb in iptables mode: every hop
 * ok (the vip hop reads the NAT table's DNAT targets), and the VIP's NAT
 * rules deleted → "vip". MARINA_TRACE_SHOW=1 prints the text output of the
 * working and the target traces on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netnsPrefix, taskNetnsName } from '../../services/agent/names';
import { readClientConfig } from '../../lib/auth/client-config';
import type { TraceReport } from '../../lib/trace/types';
import { repoRoot } from '../../lib/paths';
import { waitUntil } from '../helpers/_children';
import { run } from '../helpers/exec';
import { createUpMachine, removeUpMachine, type UpMachine } from '../helpers/up-machine';
import { nodeBinary, spawnMarina, type MarinaProcess } from '../helpers/process';
import { listNetns } from '../helpers/netns';
import { parseApi, runningTask, type ApiTask } from './lb-vip-matrix';

jest.setTimeout(180_000);

const NS = 'marina-tru';
const HOST = 'marina-tru-h';
const IP = '198.18.74.1';
type Lb = 'nftables' | 'iptables';
let dir: string;
let machine: UpMachine;
let up: MarinaProcess | undefined;
let backend: ApiTask;
const NAME = 'trweb.marathon.l4lb.thisdcos.directory';
const ECHO = 'trecho.marathon.l4lb.thisdcos.directory';

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const token = readClientConfig(join(dir, 'client.json'))?.token ?? '';
  const args = ['curl', '-s', '-w', '\\n%{http_code}', '-H', `authorization: Bearer ${token}`, '-X', method, `http://127.0.0.1:8080${path}`];
  if (body) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  return parseApi(method, path, (await machine.exec(args)).stdout);
}

/** `marina trace` as a user runs it on the machine, with the admin client config `marina up` wrote. */
async function trace(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return machine.exec([nodeBinary(), join(repoRoot(), 'bin', 'marina.js'), 'trace', ...args], { env: { ...process.env, MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
}

/** Pids in a netns whose command line starts with `text` (to stop one process of a task, by pid). */
async function pidsIn(ns: string, text: string): Promise<number[]> {
  const pids = (await run('ip', ['netns', 'pids', ns])).stdout.split('\n').map(Number).filter((p) => p > 1);
  const out: number[] = [];
  for (const pid of pids) if ((await run('cat', [`/proc/${pid}/cmdline`])).stdout.replace(/\0/g, ' ').startsWith(text)) out.push(pid);
  return out;
}

async function startMachine(lb: Lb): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'marina-tru-'));
  machine = await createUpMachine(NS, `${IP}/24`, '198.18.74.254');
  // DNS on the machine's address, so tasks in their own netns reach it (their resolv.conf names it)
  up = spawnMarina(['up', '--lb', lb, '--data-dir', join(dir, 'data'), '--dns-listen', `${IP}:53`], { netns: NS, hostname: HOST, env: { MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
  await waitUntil('marina up answers /ping', async () => (await machine.exec(['curl', '-sf', 'http://127.0.0.1:8080/ping'])).code === 0, 60_000, 250);
  await waitUntil('the agent is up', async () => (await machine.exec(['curl', '-sf', 'http://127.0.0.1:9102/health'])).code === 0, 30_000, 250);
  // the server runs as a child of the task's shell: killing it leaves the task running with nothing listening
  await api('POST', '/v2/apps', {
    id: '/tr/web', cmd: 'python3 -m http.server 8080 --bind 0.0.0.0 & exec sleep 3600', cpus: 0.1, mem: 32,
    networks: [{ mode: 'container/bridge' }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp', name: 'http', labels: { VIP_0: '/trweb:80' } }] },
  });
  // a UDP echo server behind a UDP VIP
  await api('POST', '/v2/apps', {
    id: '/tr/echo', cmd: `exec python3 -c "import socket; s=socket.socket(2,2); s.bind(('',5353)); [s.sendto(*s.recvfrom(2048)) for _ in iter(int,1)]"`, cpus: 0.1, mem: 32,
    networks: [{ mode: 'container/bridge' }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 5353, hostPort: 0, protocol: 'udp', name: 'echo', labels: { VIP_0: '/trecho:53' } }] },
  });
  await api('POST', '/v2/apps', { id: '/tr/client', cmd: 'exec sleep 3600', cpus: 0.1, mem: 32, networks: [{ mode: 'container/bridge' }] });
  backend = await runningTask(api, '/tr/web');
  await runningTask(api, '/tr/client');
  await runningTask(api, '/tr/echo');
  await waitUntil('the VIP answers from the machine', async () => (await machine.exec(['sh', '-c', `curl -sf -m 2 -o /dev/null http://$(dig +short @${IP} ${NAME})/`])).code === 0, 60_000, 500);
}

async function stopMachine(): Promise<void> {
  try {
    if (up?.running()) {
      for (const id of ['/tr/web', '/tr/client', '/tr/echo']) await api('DELETE', `/v2/apps${id}`).catch(() => undefined);
      await waitUntil('task netns gone', async () => !(await listNetns()).some((n) => n.startsWith(netnsPrefix(HOST))), 30_000, 250).catch(() => undefined);
    }
  } finally {
    await up?.stop(15_000);
    // processes left in the task netns (by pid), then the machine, its task netns and resolv.conf dirs
    for (const ns of (await listNetns()).filter((n) => n.startsWith(netnsPrefix(HOST)))) {
      for (const pid of (await run('ip', ['netns', 'pids', ns])).stdout.split('\n').map(Number).filter((p) => p > 1)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    await removeUpMachine(NS, HOST, dir);
    rmSync(dir, { recursive: true, force: true });
    up = undefined;
  }
}

/** A working trace: every hop ok, exit 0; its JSON report. */
async function traceWorks(): Promise<{ text: string; report: TraceReport }> {
  const text = await trace('/tr/client', `${NAME}:80`);
  expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: '' });
  if (process.env.MARINA_TRACE_SHOW) process.stderr.write(text.stdout);
  const json = await trace('/tr/client', `${NAME}:80`, '--output', 'json');
  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout) as TraceReport;
  expect(report.hops.map((h) => [h.hop, h.status])).toEqual([['dns', 'ok'], ['vip', 'ok'], ['policy', 'ok'], ['path', 'ok'], ['target', 'ok'], ['probe', 'ok']]);
  return { text: text.stdout, report };
}

/** The vip hop of a trace that must stop there. */
async function vipFails(): Promise<string> {
  const res = await trace('/tr/client', `${NAME}:80`, '-o', 'json');
  expect(res.code).toBe(1);
  const r = JSON.parse(res.stdout) as TraceReport;
  expect(r.failedHop).toBe('vip');
  expect(r.hops.map((h) => h.hop)).toEqual(['dns', 'vip']);
  return r.hops[1]!.summary;
}

describe('marina up --lb nftables', () => {
beforeAll(() => startMachine('nftables'));
afterAll(() => stopMachine());

test('a bridge task to a named VIP: every hop ok, exit 0; JSON says what the text says', async () => {
  const { text, report: r } = await traceWorks();
  const lines = text.trim().split('\n');
  expect(lines.slice(1, -1).filter((l) => !/^\s+nft@/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['ok dns', 'ok vip', 'ok policy', 'ok path', 'ok target', 'ok probe']);
  expect(lines.at(-1)).toMatch(/^path works/);
  expect(r).toMatchObject({ ok: true, from: { agentId: HOST }, to: { port: 80, proto: 'tcp', vip: true, name: NAME } });
  // the same hops in the same order; each text line carries the JSON summary (timings aside)
  const hopLines = lines.filter((l) => !/^\s+nft@/.test(l));
  for (const [i, h] of r.hops.entries()) expect(hopLines[i + 1]).toContain(h.hop === 'probe' || h.hop === 'dns' ? h.summary.split(' ')[0]! : h.summary);
  expect(r.hops.find((h) => h.hop === 'dns')!.summary).toMatch(new RegExp(`${NAME} → 198\\.19\\.250\\.\\d+ \\(ttl \\d+s from ${IP.replace(/\./g, '\\.')}\\)`));
  expect(r.hops.find((h) => h.hop === 'probe')!.summary).toMatch(/connected via backend 198\.18\./);
  // the nftables trace of the probe: its packets went through the lb's VIP map and DNAT; no trace table is left
  const probe = r.hops.find((h) => h.hop === 'probe')!;
  expect(probe.details?.some((l) => /inet marina .*vips4/.test(l))).toBe(true);
  expect(lines.some((l) => new RegExp(`^\\s+nft@${HOST}: inet marina `).test(l))).toBe(true);
  expect((await machine.exec(['nft', 'list', 'tables'])).stdout).not.toMatch(/marina-trace/);
});

test('from the host to the app port by name and by VIP port', async () => {
  for (const to of ['/tr/web:http', '/tr/web:80']) {
    const res = await trace(HOST, to, '-o', 'json');
    const r = JSON.parse(res.stdout) as TraceReport;
    expect({ to, code: res.code, hops: r.hops.map((h) => `${h.hop}:${h.status}`) }).toEqual({ to, code: 0, hops: ['vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok'] });
  }
});

test('a policy on the backend: no rule admits the client → "policy" names it; rule 0 admitting it → ok naming the rule', async () => {
  const deny = { id: 'tr-web-in', selector: { apps: ['/tr/web'] }, ingress: [{ from: { labels: { role: 'nobody' } }, ports: [{ port: 8080, protocol: 'tcp' }] }] };
  try {
    await api('POST', '/v1/policies', deny);
    const res = await trace('/tr/client', `${NAME}:80`, '-o', 'json');
    expect(res.code).toBe(1);
    const r = JSON.parse(res.stdout) as TraceReport;
    expect({ failed: r.failedHop, hops: r.hops.map((h) => `${h.hop}:${h.status}`) }).toEqual({ failed: 'policy', hops: ['dns:ok', 'vip:ok', 'policy:fail'] });
    expect(r.hops[2]!.summary).toMatch(/^\/tr\/web is selected by tr-web-in; no ingress rule admits tr_client\.\S+ \(\/tr\/client\) on 8080\/tcp$/);
    const text = await trace('/tr/client', `${NAME}:80`);
    expect(text.stdout).toMatch(/FAIL\s+policy\s+\/tr\/web is selected by tr-web-in/);

    const allow = { ...deny, ingress: [{ from: { apps: ['/tr/client'] }, ports: [{ port: 8080, protocol: 'tcp' }] }] };
    await api('PUT', '/v1/policies/tr-web-in', allow);
    const ok = JSON.parse((await trace('/tr/client', `${NAME}:80`, '-o', 'json')).stdout) as TraceReport;
    expect(ok.hops.find((h) => h.hop === 'policy')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^policy tr-web-in ingress rule 0 admits tr_client\.\S+ \(\/tr\/client\) to \/tr\/web on 8080\/tcp$/) });
    expect(ok.hops.find((h) => h.hop === 'policy')!.expected).toEqual({ verdicts: [{ to: '/tr/web', port: 8080, verdict: 'allow', policy: 'tr-web-in', rule: 0 }] });
  } finally {
    await api('DELETE', '/v1/policies/tr-web-in').catch(() => undefined);
  }
});

test('UDP through a VIP: the probe\'s datagram reaches the echo task and its reply comes back', async () => {
  const res = await trace('/tr/client', `${ECHO}:53/udp`, '-o', 'json');
  const r = JSON.parse(res.stdout) as TraceReport;
  expect({ code: res.code, hops: r.hops.map((h) => `${h.hop}:${h.status}`), probe: r.hops.at(-1)?.summary }).toEqual({
    code: 0,
    hops: ['dns:ok', 'vip:ok', 'policy:ok', 'path:ok', 'target:ok', 'probe:ok'],
    probe: expect.stringMatching(/^udp 198\.19\.250\.\d+:53: reply via backend 198\.18\.\d+\.\d+:5353 in \d+ ms/),
  });
});

test('bad input exits 2 naming the field', async () => {
  const r = await trace('/tr/nothing', `${NAME}:80`);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/\/from: no task, app or host "\/tr\/nothing"/);
  expect((await trace('/tr/client', 'not a target')).code).toBe(2);
});

test('the backend server killed (its task still running) → the "target" hop fails, exit 1', async () => {
  const ns = taskNetnsName(HOST, backend.id);
  const pids = await pidsIn(ns, 'python3 -m http.server');
  expect(pids.length).toBe(1);
  process.kill(pids[0]!, 'SIGKILL');
  await waitUntil('nothing listens on 8080', async () => !(await run('ip', ['netns', 'exec', ns, 'ss', '-H', '-lnt'])).stdout.includes(':8080'), 10_000, 100);
  const r = await trace('/tr/client', `${NAME}:80`);
  expect(r.code).toBe(1);
  if (process.env.MARINA_TRACE_SHOW) process.stderr.write(r.stdout);
  expect(r.stdout).toMatch(/FAIL\s+target\s+nothing listens on port 8080 in marina-t/);
  expect(r.stdout.trim().split('\n').at(-1)).toMatch(/path broken at hop "target"/);
});

test('the VIP maps flushed → the "vip" hop fails, exit 1', async () => {
  await machine.exec(['nft', 'flush', 'map', 'inet', 'marina', 'vips4']);
  await machine.exec(['nft', 'flush', 'map', 'inet', 'marina', 'be4']);
  expect(await vipFails()).toMatch(/is not in the nftables table/);
  // the trace started for the probe beside the vip check was stopped with it
  expect((await machine.exec(['nft', 'list', 'tables'])).stdout).not.toMatch(/marina-trace/);
});
});

describe('marina up --lb iptables', () => {
  beforeAll(() => startMachine('iptables'));
  afterAll(() => stopMachine());

  test('a bridge task to a named VIP: every hop ok; the vip hop read the NAT table\'s DNAT target', async () => {
    const { report } = await traceWorks();
    const vip = report.hops.find((h) => h.hop === 'vip')!;
    expect(vip.summary).toMatch(/:80\/tcp → 198\.18\.\d+\.\d+:8080 in iptables$/);
    expect(vip.actual).toMatchObject({ dataPlane: 'iptables', present: true });
  });

  test('the VIP\'s NAT rules deleted → the "vip" hop fails, exit 1', async () => {
    const vip = (JSON.parse((await trace('/tr/client', `${NAME}:80`, '-o', 'json')).stdout) as TraceReport).to.ip!;
    // every NAT rule naming the VIP, whatever chain holds it (the layout is the lb's business)
    const rules = (await machine.exec(['iptables-save', '-t', 'nat'])).stdout.split('\n').filter((l) => l.startsWith('-A ') && l.includes(` -d ${vip}/32 `));
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect((await machine.exec(['sh', '-c', `iptables -t nat -D ${r.slice(3)}`])).code).toBe(0);
    expect(await vipFails()).toMatch(/is not in the iptables table/);
  });
});
