/**
 * `marina up --cleanup` and `marina agent --cleanup` (issue 13 item 8):
 * after `marina up` (in a network namespace of its own, as up.test.ts) ran
 * host, bridge and overlay tasks, the cleanup leaves no Marina rule, table
 * (the policy table `inet marina-policy` included),
 * device, task netns, resolv.conf dir or task process behind (a host task
 * whose record is gone included: found by its sandbox); running it
 * again is fine; the foreign links, chains, nft tables and netns the test
 * created survive both runs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { isAgentObject, netnsPrefix } from '../../services/agent/names';
import type { TaskRecord } from '../../services/agent/records';
import { waitUntil } from '../helpers/_children';
import { createNetns, deleteNetns, listNetns, netnsExec, vethPair } from '../helpers/netns';
import { nodeBinary, spawnMarina, type MarinaProcess } from '../helpers/process';
import { readClientConfig } from '../../lib/auth/client-config';

jest.setTimeout(150_000);

const NS = 'marina-cu1';
const AGENT = 'marina-cu-host';
const FOREIGN = 'marina-cu-fgn';
const MARK = 'marina-cu-tas[k]';
let dir: string;
let up: MarinaProcess | undefined;

const inNs = (cmd: string[]) =>
  netnsExec(NS, cmd, { allowFail: true, env: { ...process.env, PATH: `${join(repoRoot(), 'node_modules', '.bin')}:${process.env.PATH}` } });
const marina = (...args: string[]) => inNs([nodeBinary(), join(repoRoot(), 'bin', 'marina.js'), ...args]);
const api = async (method: string, path: string, body?: unknown) =>
  JSON.parse((await inNs(['curl', '-s', '-X', method, '-H', 'content-type: application/json', '-H', `authorization: Bearer ${readClientConfig(join(dir, 'client.json'))?.token ?? ''}`, ...(body ? ['-d', JSON.stringify(body)] : []), `http://127.0.0.1:8080${path}`])).stdout || 'null');

/** Everything the test looks at in the namespace, by name. */
async function state(): Promise<{ links: string[]; chains: string; tables: string; netns: string[]; resolv: string[]; tasks: boolean }> {
  const links = (JSON.parse((await inNs(['ip', '-j', 'link', 'show'])).stdout) as Array<{ ifname: string }>).map((l) => l.ifname);
  const chains = (await inNs(['iptables-save'])).stdout + (await inNs(['ip6tables-save'])).stdout;
  const tables = (await inNs(['nft', 'list', 'tables'])).stdout;
  const netns = (await listNetns()).filter((n) => n.startsWith(netnsPrefix(AGENT)) || n === FOREIGN);
  const resolv = existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((n) => n.startsWith(netnsPrefix(AGENT))) : [];
  const tasks = (await inNs(['pgrep', '-f', MARK])).code === 0;
  return { links, chains, tables, netns, resolv, tasks };
}

function expectForeignIntact(s: Awaited<ReturnType<typeof state>>): void {
  expect(s.links).toContain(FOREIGN);
  expect(s.chains).toContain(':MARINA-CU-FGN');
  expect(s.chains).toContain('-A FORWARD -j MARINA-CU-FGN');
  expect(s.tables).toContain(`table ip ${FOREIGN}`);
  expect(s.netns).toContain(FOREIGN);
}

function expectNoMarina(s: Awaited<ReturnType<typeof state>>): void {
  expect(s.links.filter((l) => isAgentObject('link', l))).toEqual([]);
  expect(s.chains).not.toMatch(/MARINA-(ISOLATE|EGRESS|SERVICES|POSTROUTING)/);
  expect(s.tables).not.toMatch(/table ip marina(-agent)?\n/);
  expect(s.tables).not.toContain('table inet marina-policy');
  expect(s.netns.filter((n) => n !== FOREIGN)).toEqual([]);
  expect(s.resolv).toEqual([]);
  expect(s.tasks).toBe(false);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-cu-'));
  await deleteNetns(NS);
  await createNetns(NS);
  await netnsExec(NS, ['ip', 'link', 'set', 'lo', 'up']);
  await vethPair({ ns: NS, name: 'marina-cu-eth0', address: '198.18.44.1/24' }, { ns: NS, name: 'marina-cu-peer' });
  await netnsExec(NS, ['ip', 'route', 'add', 'default', 'via', '198.18.44.254', 'dev', 'marina-cu-eth0']);
  // foreign objects, some with names close to Marina's: cleanup must leave them
  await netnsExec(NS, ['ip', 'link', 'add', FOREIGN, 'type', 'bridge']);
  await netnsExec(NS, ['iptables', '-N', 'MARINA-CU-FGN']);
  await netnsExec(NS, ['iptables', '-A', 'MARINA-CU-FGN', '-s', '198.18.44.99', '-j', 'DROP']);
  await netnsExec(NS, ['iptables', '-A', 'FORWARD', '-j', 'MARINA-CU-FGN']);
  await netnsExec(NS, ['nft', 'add', 'table', 'ip', FOREIGN]);
  await createNetns(FOREIGN);
});

afterAll(async () => {
  await up?.stop();
  // whatever a failed run left: the cleanup under test first, then by hand
  await marina('up', '--cleanup', '--data-dir', join(dir, 'data'), '--hostname', AGENT);
  await netnsExec(NS, ['pkill', '-9', '-f', MARK], { allowFail: true });
  for (const ns of (await listNetns()).filter((n) => n.startsWith(netnsPrefix(AGENT)))) await deleteNetns(ns);
  if (existsSync('/etc/netns')) for (const d of readdirSync('/etc/netns').filter((n) => n.startsWith(netnsPrefix(AGENT)))) rmSync(join('/etc/netns', d), { recursive: true, force: true });
  await deleteNetns(FOREIGN);
  await deleteNetns(NS);
  rmSync(dir, { recursive: true, force: true });
});

const task = (name: string) => `exec python3 -c "import time; time.sleep(600)" ${name}-marina-cu-task`;

test('after marina up ran host, bridge and overlay tasks, up --cleanup removes every Marina object, twice, and nothing foreign', async () => {
  const data = join(dir, 'data');
  up = spawnMarina(['up', '--data-dir', data, '--hostname', AGENT], { netns: NS, env: { MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
  await waitUntil('the agent of marina up is synced', async () => (await inNs(['curl', '-sf', 'http://127.0.0.1:9102/health'])).code === 0, 30_000, 200);
  const posted = [];
  posted.push(await api('POST', '/v2/apps', { id: '/cu-host', cmd: task('host'), cpus: 0.01, mem: 8, portDefinitions: [{ port: 0 }] }));
  posted.push(await api('POST', '/v2/apps', { id: '/cu-bridge', cmd: task('bridge'), cpus: 0.01, mem: 8, networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0 }] } }));
  posted.push(await api('POST', '/v2/apps', { id: '/cu-overlay', cmd: task('overlay'), cpus: 0.01, mem: 8, networks: [{ mode: 'container', name: 'dcos' }] }));
  expect(posted.map((p) => p.id)).toEqual(['/cu-host', '/cu-bridge', '/cu-overlay']);
  for (const id of ['cu-host', 'cu-bridge', 'cu-overlay']) {
    await waitUntil(`${id} running`, async () => ((await api('GET', `/v2/apps/${id}/tasks`)) as { tasks: Array<{ state: string }> }).tasks.some((t) => t.state === 'TASK_RUNNING'), 30_000, 200);
  }
  const metrics = (await inNs(['curl', '-s', 'http://127.0.0.1:9102/metrics'])).stdout;
  expect(metrics).toMatch(/^marina_agent_status_reports_pending({[^}]*})? 0$/m);
  expect(metrics).toMatch(/^marina_agent_status_report_failures_total({[^}]*})? \d+$/m);
  expect(await up.stop(15_000)).toBe(0); // the agent leaves its tasks running (restart safety)
  up = undefined;

  const before = await state();
  expect(before.links).toContain('marina-br0');
  expect(before.chains).toContain(':MARINA-ISOLATE');
  expect(before.chains).toContain(':MARINA-EGRESS');
  expect(before.tables).toContain('table ip marina-agent');
  expect(before.tables).toContain('table inet marina-policy'); // the agent's network policy table, even without policies
  expect(before.netns.filter((n) => n !== FOREIGN).length).toBeGreaterThanOrEqual(2);
  expect(before.tasks).toBe(true);
  expectForeignIntact(before);
  // the host task's record gone, as when the agent dropped it or died before writing it: the cleanup
  // finds the process by its sandbox under the data dir (no netns of its own to sweep)
  const records = join(data, 'agent', 'tasks');
  const hostRecord = readdirSync(records).find((f) => (JSON.parse(readFileSync(join(records, f), 'utf8')) as TaskRecord).attachment.mode === 'host');
  expect(hostRecord).toBeDefined();
  rmSync(join(records, hostRecord!));

  const first = await marina('up', '--cleanup', '--data-dir', data, '--hostname', AGENT);
  expect([first.code, first.stderr]).toEqual([0, '']);
  const after = await state();
  expectNoMarina(after);
  expectForeignIntact(after);

  // idempotent, through either command
  for (const args of [['agent', '--cleanup', '--data-dir', join(data, 'agent'), '--hostname', AGENT], ['up', '--cleanup', '--data-dir', data, '--hostname', AGENT]]) {
    const again = await marina(...args);
    expect([again.code, again.stderr]).toEqual([0, '']);
    const s = await state();
    expectNoMarina(s);
    expectForeignIntact(s);
    expect(s.links.sort()).toEqual(after.links.sort());
  }
});
