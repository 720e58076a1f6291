/**
 * The cluster map (/ui, docs/ui.md) in headless Chromium against `marina up`
 * in its own machine netns (marina-uim, 198.18.77.0/24, hostname
 * marina-uim-h). The browser runs in that netns too (its loopback is where
 * the API listens) and is driven over --remote-debugging-pipe
 * (test/helpers/cdp.ts). The page loads with a strict CSP and no console
 * errors, shows the host, the app and its task; the app scaled through the
 * API shows its new tasks without a reload, and the network-programming
 * panel counts its new tasks for DNS and the lb (figures the components
 * reported, as GET /v1/programming-latency gives them); Enter on a task opens its
 * detail (allocations, env with the secret masked, the stdout tail from
 * GET /v1/tasks/:id/logs, which a viewer token may not read,
 * a trace with its hops), Escape closes it; a pod's logs come per container
 * (API and detail). A screenshot is written to
 * test-output/ui/map.png (MARINA_UI_SHOT overrides the path).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readClientConfig } from '../../lib/auth/client-config';
import { repoRoot } from '../../lib/paths';
import { waitUntil } from '../helpers/_children';
import { Browser } from '../helpers/cdp';
import { commandOf, processesUnder } from '../helpers/procs';
import { createUpMachine, removeUpMachine, type UpMachine } from '../helpers/up-machine';
import { spawnMarina, type MarinaProcess } from '../helpers/process';

jest.setTimeout(180_000);

const NS = 'marina-uim';
const HOST = 'marina-uim-h';
const IP = '198.18.77.1';
const SECRET = 'hunter2-map-secret';
let dir: string;
let machine: UpMachine;
let up: MarinaProcess | undefined;
let browser: Browser | undefined;
let token = '';
const OUT_LINE = 'marina-map-stdout-line';
const ERR_LINE = 'marina-map-stderr-line';
const POD_LINE = 'marina-map-pod-line';

async function api(method: string, path: string, body?: unknown, as = token): Promise<{ status: number; body: any }> {
  const args = ['curl', '-s', '-w', '\\n%{http_code}', '-H', `authorization: Bearer ${as}`, '-X', method, `http://127.0.0.1:8080${path}`];
  if (body) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  const out = (await machine.exec(args)).stdout;
  const cut = out.lastIndexOf('\n');
  const text = out.slice(0, cut);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: Number(out.slice(cut + 1)), body: parsed };
}

const running = async (app: string, n: number) => {
  const r = await api('GET', `/v2/apps${app}/tasks`);
  return r.status === 200 && r.body.tasks.filter((t: { state: string }) => t.state === 'TASK_RUNNING').length === n;
};

/** The last GET /v1/programming-latency, and one component's row of it on this host. */
let reported: Array<{ component: string; host: string; reporter: string; count: number; p50Seconds?: number; p99Seconds?: number; updatedAt: string }> = [];
const programming = (component: string) => reported.find((r) => r.component === component && r.host === HOST);

/** Buttons of an app's tasks in the page. */
const taskButtons = (app: string) => `document.querySelectorAll('section.app[data-app="${app}"] button.task').length`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-uim-'));
  machine = await createUpMachine(NS, `${IP}/24`, '198.18.77.254');
  up = spawnMarina(['up', '--data-dir', join(dir, 'data'), '--dns-listen', `${IP}:53`], { netns: NS, hostname: HOST, env: { MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
  await waitUntil('marina up answers /ping', async () => (await machine.exec(['curl', '-sf', 'http://127.0.0.1:8080/ping'])).code === 0, 60_000, 250);
  await waitUntil('client config written', async () => Boolean(readClientConfig(join(dir, 'client.json'))?.token), 30_000, 250);
  token = readClientConfig(join(dir, 'client.json'))!.token!;
  await waitUntil('the agent registered', async () => (await api('GET', '/v1/agents')).body?.agents?.length === 1, 30_000, 250);
  const created = await api('POST', '/v2/apps', {
    id: '/map/web', cmd: `echo ${OUT_LINE}; echo ${ERR_LINE} >&2; exec python3 -m http.server $PORT0 --bind 0.0.0.0`, cpus: 0.1, mem: 32, instances: 1,
    env: { DB_PASSWORD: SECRET, GREETING: 'hello' },
    portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/mapweb:80' } }],
  });
  expect(created.status).toBe(201);
  await waitUntil('/map/web runs', () => running('/map/web', 1), 60_000, 250);
});

afterAll(async () => {
  try {
    await browser?.close();
    if (up?.running()) {
      await api('DELETE', '/v2/apps/map/web').catch(() => undefined);
      await api('DELETE', '/v2/pods/map/pod').catch(() => undefined);
      await waitUntil('tasks gone', async () => (await api('GET', '/v1/tasks')).body?.tasks?.length === 0, 30_000, 250).catch(() => undefined);
    }
  } finally {
    await up?.stop(15_000);
    // with its app and pod deleted before marina stopped, no task of theirs is left (the leak this caught: helper
    // safety nets that killed marina before this hook ran, test/README.md)
    const left = processesUnder(dir).map((pid) => `${pid} ${commandOf(pid)}`);
    // what the agent leaves running (by pid, in the machine and task netns), the netns, resolv.conf dirs
    await removeUpMachine(NS, HOST, dir);
    rmSync(dir, { recursive: true, force: true });
    expect(left).toEqual([]);
  }
});

test('the page loads under a strict CSP and shows the host, the app and its task; it follows a scale; a task opens by keyboard with its allocations and a masked secret', async () => {
  // the files are served with a CSP that forbids inline code; the API still needs credentials
  const head = await machine.exec(['curl', '-s', '-D', '-', '-o', '/dev/null', 'http://127.0.0.1:8080/ui/']);
  expect(head.stdout).toMatch(/content-security-policy: default-src 'none'; script-src 'self'; style-src 'self'/i);
  expect(head.stdout).not.toMatch(/unsafe-inline/);
  // without --http-credentials the 401 challenges for a token only (a Basic challenge makes browsers prompt for a password)
  const anon = (await machine.exec(['curl', '-s', '-D', '-', '-o', '/dev/null', 'http://127.0.0.1:8080/v1/map'])).stdout;
  expect(anon).toMatch(/^HTTP\/1\.1 401/);
  expect(anon).toMatch(/^www-authenticate: Bearer realm="Marina"\r?$/im);

  browser = await Browser.launch({ netns: NS });
  const b = browser;
  // a tab that already holds the token (as after the form below): no 401 is ever logged
  await b.beforeLoad(`sessionStorage.setItem('marina.token', ${JSON.stringify(token)})`);
  await b.goto('http://127.0.0.1:8080/ui/');
  await b.waitFor('the task is drawn', `${taskButtons('/map/web')} === 1 && document.querySelector('#conn').dataset.state === 'live'`);
  expect(await b.eval(`document.querySelector('#hosts').textContent`)).toContain(HOST);
  expect(await b.eval(`document.querySelector('#fabric').textContent`)).toContain(HOST);
  expect(await b.eval(`document.querySelector('section.app[data-app="/map/web"] h3').textContent`)).toBe('/map/web');
  expect(await b.eval(`document.querySelector('#vips').textContent`)).toMatch(/\/mapweb 198\.19\.250\.\d+:80\/tcp → 198\.18\.77\.1:\d+/);
  expect(await b.eval(`document.querySelector('button.task').getAttribute('aria-label')`)).toMatch(new RegExp(`running on ${HOST}`));

  // the token form: the same token again; the page reconnects with it
  await b.eval(`document.querySelector('#token').value = ${JSON.stringify(token)}; document.querySelector('#token-form').requestSubmit(); true`);
  await b.waitFor('live again', `document.querySelector('#conn').dataset.state === 'live'`);

  // scaled through the API: the new tasks appear without a reload
  await waitUntil('dns and lb reported their programming latency', async () => {
    reported = (await api('GET', '/v1/programming-latency')).body.components;
    return ['dns', 'lb'].every((c) => programming(c) !== undefined);
  }, 30_000, 250);
  const before = { dns: programming('dns')!.count, lb: programming('lb')!.count };
  expect((await api('PUT', '/v2/apps/map/web', { instances: 3 })).status).toBe(200);
  await b.waitFor('three tasks drawn, running', `${taskButtons('/map/web')} === 3 && document.querySelector('section.app[data-app="/map/web"] .count').textContent === '3/3 running'`, 60_000);

  // the two new serving tasks counted by DNS and by the lb (the panel polls every 5 s; components report every 5 s)
  const cells = (c: string) => `[...document.querySelectorAll('#programming tr[data-component="${c}"][data-host="${HOST}"] td')].map((td) => td.textContent)`;
  for (const c of ['dns', 'lb'] as const) {
    await b.waitFor(`the ${c} row counts the scale`, `(${cells(c)})[2] >= ${before[c] + 2}`, 40_000);
  }
  reported = (await api('GET', '/v1/programming-latency')).body.components;
  for (const c of ['dns', 'lb'] as const) {
    const r = programming(c)!;
    expect(r).toMatchObject({ host: HOST, reporter: expect.any(String), updatedAt: expect.any(String) });
    expect(r.count).toBeGreaterThanOrEqual(before[c] + 2);
    expect(r.p50Seconds).toBeGreaterThan(0);
    expect(r.p99Seconds).toBeGreaterThanOrEqual(r.p50Seconds!);
    // the panel shows these figures (the count, then p50 and p99 in ms or s)
    const row = await b.eval<string[]>(cells(c));
    expect(row.slice(1, 3)).toEqual([HOST, expect.stringMatching(/^\d+$/)]);
    expect(Number(row[2])).toBeGreaterThanOrEqual(before[c] + 2);
    expect(row[3]).toMatch(/^\d+(\.\d)? (ms|s)$/);
    expect(row[4]).toMatch(/^\d+(\.\d)? (ms|s)$/);
  }
  // the agent's policy programming reports too (no policy here: nothing to count)
  expect(programming('agent-policy')).toMatchObject({ host: HOST });

  // keyboard: focus a task, Enter opens its detail, Escape closes it and gives focus back
  await b.eval(`document.querySelector('section.app[data-app="/map/web"] button.task').focus(); true`);
  const taskId = await b.eval<string>(`document.activeElement.dataset.task`);
  await b.key('Enter');
  await b.waitFor('the detail shows the env', `document.querySelector('#detail').open && document.querySelector('#detail-body table') !== null`);
  const detail = await b.eval<string>(`document.querySelector('#detail-body').innerText`);
  expect(detail).toContain(taskId);
  expect(detail).toMatch(/DB_PASSWORD\s+\*\*\*\*/);
  expect(detail).toMatch(/GREETING\s+hello/);
  expect(detail).toMatch(/Ports[\s\S]*http\s+\d+/);
  expect(detail).toMatch(/198\.19\.250\.\d+:80/);
  // the stdout tail, read by the agent from the sandbox (the map's detail loads it after the rest)
  await b.waitFor('the logs tail', `document.querySelector('#logs-tail pre') !== null`, 30_000);
  expect(await b.eval<string>(`document.querySelector('#logs-tail').innerText`)).toContain(OUT_LINE);
  // the secret never reached the page, in any answer it fetched
  expect(await b.eval<string>(`document.documentElement.outerHTML`)).not.toContain(SECRET);

  // trace to… the app's VIP: the hops are listed
  const vip = /(198\.19\.250\.\d+):80/.exec(detail)![1];
  await b.eval(`document.querySelector('#trace-to').value = '${vip}:80'; document.querySelector('#trace-form').requestSubmit(); true`);
  await b.waitFor('the trace hops', `document.querySelectorAll('#trace-out .hops li').length > 0`, 30_000);
  expect(await b.eval<string>(`document.querySelector('#trace-out').innerText`)).toMatch(/vip (ok|fail)/);

  // screenshot with the detail open, for review
  const shot = process.env.MARINA_UI_SHOT ?? join(repoRoot(), 'test-output', 'ui', 'map.png');
  mkdirSync(dirname(shot), { recursive: true });
  writeFileSync(shot, await b.screenshot());
  await b.key('Escape');
  await b.waitFor('the detail closed, focus back on the task', `!document.querySelector('#detail').open && document.activeElement.dataset.task === '${taskId}'`);
  writeFileSync(shot.replace(/\.png$/, '-overview.png'), await b.screenshot());

  // scaled down: the stopped tasks leave the map
  expect((await api('PUT', '/v2/apps/map/web?force=true', { instances: 1 })).status).toBe(200);
  await b.waitFor('one task left', `${taskButtons('/map/web')} === 1`, 60_000);

  // the filter matches a host by its whole name: a prefix of the host shows nothing, the name shows the app
  const filter = (text: string) => b.eval<boolean>(`(() => { const f = document.querySelector('#filter'); f.value = ${JSON.stringify(text)}; f.dispatchEvent(new Event('input')); return document.querySelector('section.app[data-app="/map/web"]').hidden; })()`);
  expect(await filter(HOST.slice(0, -2))).toBe(true);
  expect(await filter(HOST)).toBe(false);
  expect(await filter('')).toBe(false);
  expect(b.errors).toEqual([]);
});

test('GET /v1/tasks/:id/logs: the stdout and stderr tail for admin; 403 for a viewer, 404 for an unknown task, 422 naming lines out of range', async () => {
  const taskId = (await api('GET', '/v2/apps/map/web/tasks')).body.tasks[0].id as string;
  await waitUntil('the line is in stdout', async () => ((await api('GET', `/v1/tasks/${taskId}/logs?lines=200`)).body?.lines ?? []).includes(OUT_LINE), 20_000, 250);
  const out = await api('GET', `/v1/tasks/${taskId}/logs?lines=5`);
  expect(out.status).toBe(200);
  expect(out.body).toMatchObject({ taskId, appId: '/map/web', stream: 'stdout' });
  expect(out.body.lines.length).toBeLessThanOrEqual(5);
  const err = await api('GET', `/v1/tasks/${taskId}/logs?lines=200&stream=stderr`);
  expect(err.status).toBe(200);
  expect(err.body.lines).toContain(ERR_LINE);
  const viewer = await api('POST', '/v1/tokens', { role: 'viewer' });
  expect(viewer.status).toBe(201);
  const denied = await api('GET', `/v1/tasks/${taskId}/logs`, undefined, viewer.body.token);
  expect(denied.status).toBe(403);
  expect((await api('GET', '/v1/tasks/no-such-task/logs')).status).toBe(404);
  for (const n of ['0', '201', 'x', '-1']) {
    const bad = await api('GET', `/v1/tasks/${taskId}/logs?lines=${n}`);
    expect({ n, status: bad.status }).toEqual({ n, status: 422 });
    expect(bad.body.message).toMatch(/lines/);
  }
  const badStream = await api('GET', `/v1/tasks/${taskId}/logs?stream=env`);
  expect(badStream.status).toBe(422);
  expect(badStream.body.message).toMatch(/stream/);
});

test("a pod's containers' logs: each container's tail labelled, one with ?container=, 422 naming /container otherwise; the map's detail picks a container", async () => {
  const container = (name: string, shell: string) => ({ name, exec: { command: { shell } }, resources: { cpus: 0.05, mem: 16 } });
  const created = await api('POST', '/v2/pods', {
    id: '/map/pod', scaling: { kind: 'fixed', instances: 1 }, networks: [{ mode: 'host' }],
    containers: [container('web', `echo ${POD_LINE}-web; exec sleep 3600`), container('side', `echo ${POD_LINE}-side; echo ${POD_LINE}-side-err >&2; exec sleep 3600`)],
  });
  expect(created.status).toBe(201);
  const podTask = async () => ((await api('GET', '/v1/tasks')).body?.tasks ?? []).find((t: { appId: string; state: string }) => t.appId === '/map/pod' && t.state === 'TASK_RUNNING') as { id: string } | undefined;
  await waitUntil('/map/pod runs', async () => (await podTask()) !== undefined, 60_000, 250);
  const taskId = (await podTask())!.id;
  const path = `/v1/tasks/${encodeURIComponent(taskId)}/logs`;
  await waitUntil('both containers wrote', async () => JSON.stringify((await api('GET', path)).body?.containers ?? []).includes(`${POD_LINE}-side`), 20_000, 250);
  const all = await api('GET', path);
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({ taskId, appId: '/map/pod', stream: 'stdout', containers: [{ container: 'web', lines: [`${POD_LINE}-web`] }, { container: 'side', lines: [`${POD_LINE}-side`] }] });
  const one = await api('GET', `${path}?container=side&stream=stderr`);
  expect(one.body).toMatchObject({ container: 'side', stream: 'stderr', lines: [`${POD_LINE}-side-err`] });
  expect(one.body.containers).toBeUndefined();
  const unknown = await api('GET', `${path}?container=db`);
  expect({ status: unknown.status, path: unknown.body.details?.[0]?.path }).toEqual({ status: 422, path: '/container' });
  expect(unknown.body.message).toMatch(/container "db" is not in this pod \(web, side\)/);
  const plain = (await api('GET', '/v2/apps/map/web/tasks')).body.tasks[0].id as string;
  const notPod = await api('GET', `/v1/tasks/${plain}/logs?container=web`);
  expect({ status: notPod.status, message: notPod.body.message }).toEqual({ status: 422, message: expect.stringMatching(/container applies to pod tasks only/) });

  // the map: the detail lists both containers' tails, then the one chosen
  const b = browser!;
  await b.waitFor('the pod is drawn', `${taskButtons('/map/pod')} === 1`, 30_000);
  await b.eval(`document.querySelector('section.app[data-app="/map/pod"] button.task').click(); true`);
  await b.waitFor('both tails', `document.querySelectorAll('#logs-tail pre').length === 2`, 30_000);
  const both = await b.eval<string>(`document.querySelector('#logs-tail').innerText`);
  expect(both).toMatch(new RegExp(`container web\\s+${POD_LINE}-web\\s+container side\\s+${POD_LINE}-side`));
  await b.eval(`(() => { const c = document.querySelector('#logs-container'); c.value = 'web'; c.dispatchEvent(new Event('change')); return true; })()`);
  await b.waitFor('the web tail alone', `document.querySelectorAll('#logs-tail pre').length === 1 && document.querySelector('#logs-tail').innerText.includes('${POD_LINE}-web')`, 30_000);
  expect(await b.eval<string>(`document.querySelector('#logs-tail').innerText`)).not.toContain(`${POD_LINE}-side`);
  await b.key('Escape');
  expect(b.errors).toEqual([]);
});
