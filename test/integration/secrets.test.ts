/**
 * Secrets stay secret, end to end: `marina up` (a real process, debug logs,
 * in its own netns marina-sec1 with a veth on 198.18.24.0/24) runs apps
 * whose env holds secret-looking names, through create, update, a 422, a
 * malformed body (JSON and text/plain), an unknown user and a failing
 * task. None of the secret values appears in anything Marina logged, in
 * an error body, or in any service's /metrics.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netnsPrefix } from '../../services/agent/names';
import { waitUntil } from '../helpers/_children';
import { createMachineNetns, deleteNetns, netnsExec } from '../helpers/netns';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { readClientConfig } from '../../lib/auth/client-config';
import { killProcessesUnder, processesUnder } from '../helpers/procs';

jest.setTimeout(120_000);

const NS = 'marina-sec1';
const AGENT = 'marina-sec';
let dir: string;
let up: MarinaProcess | undefined;
// Short (9 characters) so that a parser's excerpt of the input (V8 quotes about 10) would hold a whole one.
const secret = (n: number) => `q${n}${randomBytes(4).toString('hex').slice(0, 7)}`;
const SECRETS = Array.from({ length: 8 }, (_, i) => secret(i));

const curl = (args: string[]) => netnsExec(NS, ['curl', '-s', ...args], { allowFail: true });
// the allocator's API as the admin `marina up` wrote to its client config (MARINA_CLIENT_CONFIG below)
const adminHeader = () => ['-H', `authorization: Bearer ${readClientConfig(join(dir, 'client.json'))?.token ?? ''}`];
const api = async (method: string, path: string, body?: string, type = 'application/json') => {
  const r = await curl(['-X', method, ...(body === undefined ? [] : ['-H', `content-type: ${type}`, '--data-binary', body]), '-w', '\n%{http_code}', ...adminHeader(), `http://127.0.0.1:8080${path}`]);
  const lines = r.stdout.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
};
const sleeper = (id: string, env: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, cmd: 'exec sleep 600', instances: 1, env: { ...env, PLAIN: 'visible' }, ...extra });

async function taskStates(appId: string): Promise<string[]> {
  const r = await api('GET', `/v2/apps${appId}/tasks`);
  return r.status === 200 ? (JSON.parse(r.body) as { tasks: Array<{ state: string }> }).tasks.map((t) => t.state) : [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-sec-'));
  await createMachineNetns(NS, '198.18.24.1');
});

afterAll(async () => {
  await up?.stop();
  killProcessesUnder(dir);
  for (const d of readdirSync('/etc/netns').filter((n) => n.startsWith(netnsPrefix(AGENT)))) rmSync(join('/etc/netns', d), { recursive: true, force: true });
  await deleteNetns(NS);
  rmSync(dir, { recursive: true, force: true });
});

test('no secret env value reaches the logs, an error body or /metrics', async () => {
  up = spawnMarina(['up', '--data-dir', join(dir, 'data'), '--hostname', AGENT], { netns: NS, env: { MARINA_LOG_LEVEL: 'debug', MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
  await waitUntil('the agent has synced', async () => (await curl(['-f', 'http://127.0.0.1:9102/health'])).code === 0, 30_000, 200);
  const bodies: string[] = []; // error bodies and /metrics
  const call = async (method: string, path: string, body?: string, type?: string) => {
    const r = await api(method, path, body, type);
    if (r.status >= 400) bodies.push(r.body); // a 2xx shows the app as written (to roles that may write it: the API's concern)
    return r;
  };

  // create, then update the secret (a new task with the new env)
  expect((await call('POST', '/v2/apps', sleeper('/sec/db', { DB_PASSWORD: SECRETS[0], API_TOKEN: SECRETS[1] }))).status).toBe(201);
  await waitUntil('/sec/db running', async () => (await taskStates('/sec/db')).includes('TASK_RUNNING'), 30_000, 200);
  expect((await call('PUT', '/v2/apps/sec/db?force=true', sleeper('/sec/db', { DB_PASSWORD: SECRETS[2], API_TOKEN: SECRETS[1] }))).status).toBe(200);

  // failures (error bodies are checked too): an invalid definition, malformed bodies with the value unquoted
  expect((await call('POST', '/v2/apps', sleeper('/sec/bad', { DB_PASSWORD: SECRETS[3] }, { instances: -1 }))).status).toBe(422);
  for (const type of ['application/json', 'text/plain']) {
    // malformed JSON is a 400; a text/plain body is refused unread (415), so neither can echo the value
    const refused = type === 'text/plain' ? 415 : 400;
    expect((await call('POST', '/v2/apps', `{"id": "/sec/bad2", "env": {"DB_PASSWORD": ${SECRETS[4]}}}`, type)).status).toBe(refused);
    expect((await call('POST', '/v2/apps', SECRETS[5], type)).status).toBe(refused);
  }

  // a user the agent does not have, and a task that fails
  expect((await call('POST', '/v2/apps', sleeper('/sec/ghost', { SECRET_KEY: SECRETS[6] }, { user: 'marina-no-such-user' }))).status).toBe(201);
  expect((await call('POST', '/v2/apps', JSON.stringify({ id: '/sec/fail', cmd: 'exit 3', instances: 1, env: { DB_PASSWORD: SECRETS[7] } }))).status).toBe(201);
  // /sec/ghost and /sec/fail never run: their deployments stay in flight, as in Marathon
  await waitUntil('the update rolled out', async () => !(JSON.parse((await api('GET', '/v2/deployments')).body) as Array<{ affectedApps: string[] }>).some((d) => d.affectedApps.includes('/sec/db')), 30_000, 500);
  await waitUntil('failures logged', async () => up!.output().includes('failed to launch task') && /"appId":"\/sec\/fail"[^\n]*"state":"TASK_FAILED"/.test(up!.output()), 30_000, 200);

  for (const url of ['http://127.0.0.1:8080/metrics', 'http://127.0.0.1:9102/metrics', 'http://127.0.0.1:9096/metrics', 'http://127.0.0.1:8123/metrics']) {
    const m = await curl(['-f', ...(url.includes(':8080/') ? adminHeader() : []), url]);
    expect([url, m.code]).toEqual([url, 0]);
    bodies.push(m.stdout);
  }
  for (const id of ['/sec/db', '/sec/ghost', '/sec/fail']) expect((await call('DELETE', `/v2/apps${id}?force=true`)).status).toBe(200);
  await waitUntil('tasks gone', async () => processesUnder(dir).length === 0, 30_000, 200);
  expect(await up.stop(15_000)).toBe(0);
  const logs = up.output();
  up = undefined;

  expect(logs).toContain('"msg":"task released"'); // the test read the log that saw the tasks come and go
  for (const s of SECRETS) {
    expect([s, logs.includes(s)]).toEqual([s, false]);
    expect([s, bodies.filter((b) => b.includes(s))]).toEqual([s, []]);
  }
});
