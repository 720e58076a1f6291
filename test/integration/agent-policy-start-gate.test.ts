/**
 * A new task of an app a policy selects never runs unprotected: the agent
 * wires the task, then waits until its host's policy table holds the task's
 * address (policy/enforcer.ts programmedNow) before starting the process.
 * Real allocator (harness), in-process agent wired as `marina agent` wires it
 * (PolicyEnforcement + start gate) in simulated host marina-pg1
 * (198.18.48.0/24); the gate is observed, not replaced: when it lets the
 * launch go, the test reads the host's table with nft. The table's writes are
 * delayed by 1.5 s so that a launch that did not wait would see it without them.
 */
import type { MarinaAgent } from '../../services/agent/agent';
import { netnsPrefix } from '../../services/agent/names';
import { PolicyEnforcement } from '../../services/agent/policy/enforcer';
import { POLICY_FAMILY, POLICY_TABLE } from '../../services/agent/policy/names';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { harnessAgent, type HarnessAgent } from '../helpers/agent/harness-agent';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { until } from '../helpers/until';

jest.setTimeout(60_000);

let h: Harness;
let under: SimUnderlay;
let ha: HarnessAgent | undefined;
let agent: MarinaAgent | undefined;
let enforcement: PolicyEnforcement | undefined;
/** What the table held each time the gate let a launch go. */
const atGate: Array<{ taskId: string; ok: boolean; table: string }> = [];

beforeAll(async () => {
  h = await startHarness();
  under = await createHosts('marina-pg', '198.18.48', 1);
  const host = under.hosts[0];
  ha = await harnessAgent(h, host, 'marina-pg-');
  agent = ha.agent;
  const e = new PolicyEnforcement(agent, { resyncMs: 3_600_000 });
  enforcement = e;
  // widen the race: every kernel write lands 1.5 s late (still the real write), far later than the
  // task's wiring, so a launch that did not wait would find its address missing from the table
  const applier = e.syncer.applier;
  const late = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    await new Promise((r) => setTimeout(r, 1500));
    return f(...a);
  };
  applier.applyPatch = late(applier.applyPatch.bind(applier));
  applier.sync = late(applier.sync.bind(applier));
  e.start();
  agent.setStartGate(async (task) => {
    const ok = await e.programmedNow();
    const table = (await runOk('ip', ['netns', 'exec', host.netns, 'nft', 'list', 'table', POLICY_FAMILY, POLICY_TABLE])).stdout;
    atGate.push({ taskId: task.id, ok, table });
    return ok;
  });
  await agent.start();
});

afterAll(async () => {
  await ha?.stop();
  await enforcement?.syncer.applier.cleanup().catch(() => undefined);
  await enforcement?.stop();
  await h?.stop();
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-pg') || under.hosts.some((x) => n.startsWith(netnsPrefix(x.name))));
  expect(left).toEqual([]);
});

test('each new task of a selected app starts only once the host\'s dispatch map sends its address into the app\'s chain', async () => {
  await until('the agent synced', () => agent!.isSynced, 20_000);
  expect((await h.req('POST', '/v1/policies', { id: 'pg-deny', selector: { apps: ['/pg/*'] }, ingress: [] })).status).toBe(201);
  const posted = await h.req('POST', '/v2/apps', { id: '/pg/db', cmd: 'exec python3 -c "import time; time.sleep(600)"', cpus: 0.01, mem: 8, instances: 3, networks: [{ mode: 'container/bridge' }] });
  expect(posted.status).toBe(201);
  const running = async () => ((await h.req('GET', '/v2/apps/pg/db/tasks')).body.tasks as Array<{ id: string; state: string; ipAddresses: Array<{ ipAddress: string }> }>).filter((t) => t.state === 'TASK_RUNNING');
  await until('3 tasks running', async () => (await running()).length === 3, 30_000);
  // each launch passed the gate once, and at that moment the dispatch map held its own address → the app's chain
  const tasks = await running();
  expect(atGate.map((g) => g.taskId).sort()).toEqual(tasks.map((t) => t.id).sort());
  for (const t of tasks) {
    const g = atGate.find((x) => x.taskId === t.id)!;
    const ip = t.ipAddresses[0].ipAddress.replace(/\./g, '\\.');
    expect({ task: t.id, ok: g.ok, dispatched: new RegExp(`${ip} : (jump|goto) in-`).test(g.table) }).toEqual({ task: t.id, ok: true, dispatched: true });
  }
});
