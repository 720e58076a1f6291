/**
 * The real `marina` binary (node bin/marina.js, after tsc) against a real
 * allocator process: tables, --output json, exit codes (0 ok, 1 failure,
 * 2 usage), per-field 422 details, --wait with a timeout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { repoRoot } from '../../lib/paths';
import { run } from '../helpers/exec';
import { freePorts } from '../helpers/ports';
import { nodeBinary, spawnMarina, type MarinaProcess } from '../helpers/process';
import { adminClientOf, type AdminClient } from '../helpers/allocator-auth';

jest.setTimeout(60_000);

let alloc: MarinaProcess;
let dir: string;
let api: string;
let grpcAddr: string;
let admin: AdminClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-cli-'));
  const [p1, p2] = await freePorts(2);
  api = `http://127.0.0.1:${p1}`;
  grpcAddr = `127.0.0.1:${p2}`;
  alloc = spawnMarina(['allocator', '--api-listen', `127.0.0.1:${p1}`, '--grpc-listen', grpcAddr, '--data-dir', join(dir, 'data')]);
  await alloc.waitForHttp(`${api}/ping`);
  admin = await adminClientOf(join(dir, 'data'));
});

afterAll(async () => {
  await alloc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const marina = (...args: string[]) => run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), ...args], { env: { ...process.env, MARINA_API: api, ...admin.env } });

test('apps create/list/show/scale/tasks/delete with tables and JSON; exit codes', async () => {
  const agents = new GrpcAgentApi({ address: grpcAddr, credentials: admin.credentials });
  const agent = await agents.registerAgent({ id: 'cli-agent', hostname: 'cli-host', ip: '198.18.0.40' });
  // As an agent does: each CLI run is a Node start (~1 s on a loaded machine), longer in all than the 10 s lease.
  const keep = setInterval(() => void agents.keepAlive(agent.id).catch(() => undefined), 2_000);
  const file = join(dir, 'web.json');
  writeFileSync(file, JSON.stringify({ id: '/cli/web', cmd: 'sleep 1000', instances: 2, portDefinitions: [{ port: 0 }] }));
  const created = await marina('apps', 'create', '-f', file);
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/^ID\s+DEPLOYMENT\n\/cli\/web\s+[0-9a-f-]{36}\n$/);

  const list = await marina('apps', 'list');
  expect(list.stdout).toMatch(/\/cli\/web\s+2\s+0\s+2/);
  const json = JSON.parse((await marina('apps', 'list', '--output', 'json')).stdout);
  expect(json[0]).toMatchObject({ id: '/cli/web', instances: 2 });

  const tasks = JSON.parse((await marina('apps', 'tasks', '/cli/web', '-o', 'json')).stdout);
  expect(tasks).toHaveLength(2);
  expect((await marina('apps', 'show', 'cli/web')).stdout).toContain('TASK_STAGING');

  // duplicate: failure exit 1 with the code; invalid: per-field details
  const dup = await marina('apps', 'create', '-f', file);
  expect([dup.code, dup.stderr]).toEqual([1, expect.stringContaining('MARINA_ERR_CONFLICT')]);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: '/bad', cmd: 'x', instances: 'two' }));
  const bad = await marina('apps', 'create', '-f', join(dir, 'bad.json'));
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/\/instances: /);
  expect((await marina('apps', 'scale', '/cli/web', 'many')).code).toBe(2);
  expect((await marina('apps', 'frobnicate')).code).toBe(2);
  expect((await marina('apps', 'show', '/nope')).code).toBe(1);

  // --wait: times out (no agent runs the tasks) → non-zero; then the agent reports running → 0
  // the create's deployment is in flight (no task runs yet): a scale is locked, as in Marathon, unless --force
  const locked = await marina('apps', 'scale', '/cli/web', '3');
  expect([locked.code, locked.stderr]).toEqual([1, expect.stringContaining('MARINA_ERR_APP_LOCKED')]);
  const timedOut = await marina('apps', 'scale', '/cli/web', '3', '--force', '--wait', '--timeout', '1');
  expect(timedOut.code).toBe(1);
  expect(timedOut.stderr).toContain('0/3 running');
  for (const t of tasks.concat(JSON.parse((await marina('apps', 'tasks', '/cli/web', '-o', 'json')).stdout))) {
    await agents.reportTaskStatus(agent.id, { taskId: t.id, state: 'TASK_RUNNING', ready: true }).catch(() => undefined);
  }
  const waited = await marina('apps', 'scale', '/cli/web', '3', '--force', '--wait', '--timeout', '10');
  expect(waited.code).toBe(0);
  expect(waited.stderr).toContain('3/3 running');
  clearInterval(keep); // from here on nothing needs a live agent: let its lease lapse, as before, so later tests place elsewhere

  const ports = JSON.parse((await marina('alloc', 'ports', '--agent', 'cli-agent', '-o', 'json')).stdout);
  expect(ports).toHaveLength(3);
  expect((await marina('agents', 'list')).stdout).toMatch(/cli-agent\s+cli-host\s+198\.18\.0\.40/);
  expect((await marina('networks', 'create', 'clinet', '--cidr', '198.19.8.0/24')).code).toBe(0);
  expect((await marina('networks', 'list')).stdout).toMatch(/clinet\s+198\.19\.8\.0\/24\s+vxlan/);
  expect((await marina('networks', 'delete', 'clinet')).code).toBe(0);
  expect((await marina('alloc', 'gc', '--dry-run')).stdout).toContain('0 orphan(s) found (dry run)');
  expect((await marina('apps', 'delete', '/cli/web')).code).toBe(0);
  expect((await marina('apps', 'show', '/cli/web')).code).toBe(1);
  clearInterval(keep);
  agents.close();
});

test('apps update --wait returns only when the rolling update has replaced every old task', async () => {
  const agents = new GrpcAgentApi({ address: grpcAddr, credentials: admin.credentials });
  const agent = await agents.registerAgent({ id: 'cli-agent-2', hostname: 'cli-host-2', ip: '198.18.0.41' });
  type T = { id: string; agentId: string; state: string; desired: string; version: string };
  // Marina's task objects (/v1): `desired` and `agentId` are not in Marathon's task shape
  const tasksOf = async (): Promise<T[]> => ((await (await fetch(`${api}/v1/tasks?app=/cli/roll`, { headers: admin.headers })).json()) as { tasks?: T[] }).tasks ?? [];
  // the agent: staging tasks run ~300 ms after they appear, stopping tasks are reported killed
  const firstSeen = new Map<string, number>();
  let stop = false;
  const sim = (async () => {
    while (!stop) {
      for (const t of await tasksOf().catch(() => [] as T[])) {
        const seen = firstSeen.get(t.id) ?? Date.now();
        firstSeen.set(t.id, seen);
        let state: string | undefined;
        if (t.desired === 'stop') state = 'TASK_KILLED';
        else if (t.state === 'TASK_STAGING' && Date.now() - seen > 300) state = 'TASK_RUNNING';
        // as the agent the task is on (the first test's agent may still be live and hold some)
        if (state) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: state as 'TASK_RUNNING', ready: state === 'TASK_RUNNING' }).catch(() => undefined);
      }
      await agents.keepAlive(agent.id).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const file = join(dir, 'roll.json');
    const def = { id: '/cli/roll', cmd: 'sleep 1000', instances: 2, portDefinitions: [{ port: 0 }], upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } };
    writeFileSync(file, JSON.stringify(def));
    expect((await marina('apps', 'create', '-f', file, '--wait', '--timeout', '10')).code).toBe(0);
    const old = new Set((await tasksOf()).map((t) => t.id));
    writeFileSync(file, JSON.stringify({ ...def, cmd: 'sleep 2000' }));
    const updated = await marina('apps', 'update', '/cli/roll', '-f', file, '--wait', '--timeout', '15');
    expect(updated.code).toBe(0);
    expect(updated.stderr).toContain('2/2 running, 0 old, 0 stopping');
    const after = await tasksOf();
    expect(after).toHaveLength(2);
    expect(after.some((t) => old.has(t.id))).toBe(false);
    expect(after.every((t) => t.state === 'TASK_RUNNING')).toBe(true);
  } finally {
    stop = true;
    await sim;
    agents.close();
  }
});

test('pods create/list/status/delete through /v2/pods; an invalid pod names its field; --wait', async () => {
  const agents = new GrpcAgentApi({ address: grpcAddr, credentials: admin.credentials });
  const agent = await agents.registerAgent({ id: 'cli-agent-3', hostname: 'cli-host-3', ip: '198.18.0.42' });
  const file = join(dir, 'pod.json');
  writeFileSync(file, JSON.stringify({
    id: '/cli/pod',
    containers: [
      { name: 'web', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 }, endpoints: [{ name: 'http', hostPort: 0 }] },
      { name: 'side', exec: { command: { shell: 'sleep 1000' } } },
    ],
  }));
  const created = await marina('pods', 'create', '-f', file, '--wait', '--timeout', '1');
  expect(created.code).toBe(1); // nothing runs the instance yet
  expect(created.stdout).toMatch(/^ID\s+VERSION\n\/cli\/pod\s+\S+\n$/);
  expect(created.stderr).toContain('0/1 stable');
  expect((await marina('pods', 'list')).stdout).toMatch(/\/cli\/pod\s+DEGRADED\s+1\s+0\s+web,side/);
  const status = JSON.parse((await marina('pods', 'status', '/cli/pod', '-o', 'json')).stdout);
  const inst = status.instances[0];
  expect(inst).toMatchObject({ status: 'STAGING', agentHostname: 'cli-host-3', containers: [{ name: 'web' }, { name: 'side' }] });
  expect(inst.containers[0].endpoints[0].allocatedHostPort).toBeGreaterThanOrEqual(31000);
  await agents.reportTaskStatus(agent.id, { taskId: inst.id, state: 'TASK_RUNNING', ready: true });
  const table = (await marina('pods', 'status', 'cli/pod')).stdout;
  expect(table).toContain('status: STABLE');
  expect(table).toMatch(new RegExp(`${inst.id.replace('.', '\\.')}\\s+STABLE\\s+cli-host-3\\s+\\S*\\s+http:\\d+`));

  writeFileSync(join(dir, 'bad-pod.json'), JSON.stringify({ id: '/cli/bad', containers: [{ name: 'x' }] }));
  const bad = await marina('pods', 'create', '-f', join(dir, 'bad-pod.json'));
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/\/containers\(0\)\/exec\/command\/shell: /);
  expect((await marina('pods', 'delete', '/cli/pod')).code).toBe(0);
  expect((await marina('pods', 'status', '/cli/pod')).code).toBe(1);
  agents.close();
});
