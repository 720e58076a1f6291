/**
 * Who tasks run as, through a real agent (in-process, simulated host
 * marina-au1 on 198.18.23.0/24, real processes): an app without `user`
 * runs as the agent's default task user (nobody) with NET_BIND_SERVICE as
 * its only capability, `"user": "root"` runs as root, an unknown user fails
 * the task with the reason, and the README's first app still serves.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { processesUnder } from '../helpers/procs';
import { run } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';

jest.setTimeout(60_000);

let under: SimUnderlay;
let alloc: FakeAllocator;
let agent: AgentHandle;
let H: string;
const NOBODY_UID = execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  under = await createHosts('marina-au', '198.18.23', 1);
  H = under.hosts[0].name;
  alloc = new FakeAllocator();
  agent = await startInProcessAgent(alloc, under.hosts[0], { dnsServer: '198.18.23.1' });
});

afterAll(async () => {
  await agent?.stop(true).catch(() => undefined);
  await under?.destroy();
  expect((await listNetns()).filter((n) => n.startsWith('marina-au'))).toEqual([]);
});

async function state(taskId: string, want: string): Promise<void> {
  await waitUntil(`${taskId} ${want}`, async () => alloc.lastState(taskId) === want, 20_000);
}

const PROBE = 'echo "uid: $(id -u)"; grep -E "^CapEff:" /proc/self/status; exec sleep 600';

async function probe(id: string, extra: Parameters<typeof app>[2], taskExtra: Parameters<typeof task>[3] = {}): Promise<Record<string, string>> {
  alloc.putApp(app(`/${id}`, PROBE, extra));
  alloc.putTask(task(`${id}.1`, `/${id}`, H, taskExtra));
  await state(`${id}.1`, 'TASK_RUNNING');
  const out = agent.agent.lives.get(`${id}.1`)!.live.record!.stdoutPath!;
  await waitUntil(`${id} output`, async () => readFileSync(out, 'utf8').includes('CapEff'), 5_000);
  return Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(/:\s*/)));
}

test.each([
  ['host', {}, {}],
  ['bridge', { networks: [{ mode: 'container/bridge' as const }] }, { networkMode: 'bridge' as const }],
])('an app without "user" runs as nobody with only NET_BIND_SERVICE (%s mode)', async (mode, appExtra, taskExtra) => {
  const s = await probe(`plain-${mode}`, appExtra, taskExtra);
  expect(s.uid).toBe(NOBODY_UID);
  expect(s.CapEff).toBe('0000000000000400');
});

test('"user": "root" runs as root', async () => {
  const s = await probe('asroot', { user: 'root' });
  expect(s.uid).toBe('0');
  expect(s.CapEff).not.toBe('0000000000000400');
});

test('"user": "nobody" is honoured, as Marathon does', async () => {
  expect((await probe('asnobody', { user: 'nobody' })).uid).toBe(NOBODY_UID);
});

test('an unknown user fails the task with the reason; the agent carries on', async () => {
  alloc.putApp(app('/ghost', 'exec sleep 600', { user: 'marina-no-such-user' }));
  alloc.putTask(task('ghost.1', '/ghost', H));
  await state('ghost.1', 'TASK_FAILED');
  const report = [...alloc.reports].reverse().find((r) => r.taskId === 'ghost.1')!;
  expect(report.message).toBe('failed to launch: user "marina-no-such-user" does not exist on this agent (getent passwd found no entry): create it there or set the app\'s "user" to an existing one');
  expect(agent.agent.lives.has('ghost.1')).toBe(false);
});

test("the README's first app (python3 -m http.server $PORT0) serves as nobody", async () => {
  alloc.putApp(app('/web', 'python3 -m http.server $PORT0'));
  alloc.putTask(task('web.1', '/web', H, { env: { PORT0: '31923', PORT: '31923' }, ports: [{ hostPort: 31923, protocol: 'tcp', labels: {} }] }));
  await state('web.1', 'TASK_RUNNING');
  await waitUntil('http.server answers', async () => (await run('ip', ['netns', 'exec', H, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${under.hosts[0].ip}:31923/`])).stdout === '200', 10_000);
  const sandbox = dirname(agent.agent.lives.get('web.1')!.live.record!.stdoutPath!);
  const server = processesUnder(sandbox).filter((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'python3');
  expect(server).toHaveLength(1);
  expect(readFileSync(`/proc/${server[0]}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${NOBODY_UID}\\s`, 'm'));
});

test('a COMMAND health check runs as the task does: its user, its env only (not the agent\'s)', async () => {
  const check = { protocol: 'COMMAND' as const, command: { value: `test "$(id -u)" = ${NOBODY_UID} && test -z "$JEST_WORKER_ID" && test "$MARATHON_APP_ID" = /checked` }, gracePeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 2, maxConsecutiveFailures: 0, delaySeconds: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4' as const };
  expect(process.env.JEST_WORKER_ID).toBeDefined(); // the agent's (this process's) env has it; the check must not see it
  alloc.putApp(app('/checked', 'exec sleep 600', { healthChecks: [check] }));
  alloc.putTask(task('checked.1', '/checked', H));
  await waitUntil('checked.1 ready', async () => alloc.reports.some((r) => r.taskId === 'checked.1' && r.state === 'TASK_RUNNING' && r.ready), 15_000);
});
