/**
 * `marina up` as a new user runs it: everything in one process on the
 * embedded store, default addresses, then an app through the CLI, its task
 * answering on $PORT0, DNS answering for it, a clean SIGTERM, and state that
 * survives a restart. It runs in a network namespace of its own so the
 * defaults (127.0.0.1:8080, :53, nft table marina) touch nothing of the host.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { waitUntil } from '../helpers/_children';
import { nodeBinary, spawnMarina, type MarinaProcess } from '../helpers/process';
import { createUpMachine, removeUpMachine, type UpMachine } from '../helpers/up-machine';
import { killProcessesUnder, processesUnder } from '../helpers/procs';

jest.setTimeout(120_000);

const NS = 'marina-up1';
let dir: string;
let up: MarinaProcess | undefined;
let machine: UpMachine;

/** Run a command inside the namespace, with Node 24 and marina on PATH. */
const inNs = (cmd: string[]) => machine.exec(cmd, { env: { MARINA_CLIENT_CONFIG: clientConfig() } });
/** Where `up` writes the admin client config and the CLI reads it (~/.marina/client.json for users; a temp path here). */
const clientConfig = () => join(dir, 'home', '.marina', 'client.json');
const marina = (...args: string[]) => inNs([nodeBinary(), join(repoRoot(), 'bin', 'marina.js'), ...args]);

async function ping(): Promise<boolean> {
  const res = await inNs(['curl', '-sf', 'http://127.0.0.1:8080/ping']);
  return res.code === 0 && res.stdout.trim() === 'pong';
}

function startUp(): MarinaProcess {
  return spawnMarina(['up', '--data-dir', join(dir, 'data')], { netns: NS, env: { MARINA_CLIENT_CONFIG: clientConfig() } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-up-'));
  // A "machine" with one NIC and a default route; `marina up` picks its address as its agent's.
  machine = await createUpMachine(NS, '198.18.3.1/24');
});

afterAll(async () => {
  await up?.stop();
  // The agent leaves tasks running for re-adoption: make sure none survive.
  // Only this run's tasks (their cwd is under dir): other runs on the machine use the same command line.
  killProcessesUnder(dir);
  // then whatever is left in the namespace, and the resolv.conf dirs the agent (id = this machine's hostname) wrote
  await removeUpMachine(NS, hostname());
  rmSync(dir, { recursive: true, force: true });
});

test('up serves /ping on 127.0.0.1:8080, runs an app, answers DNS, stops on SIGTERM and keeps state', async () => {
  up = startUp();
  await waitUntil('marina up answers /ping', ping, 30_000, 200);
  // auth is on: /ping is open, the rest needs the admin config `up` wrote (0600, exactly these keys)
  await waitUntil('client config written', async () => existsSync(clientConfig()), 30_000, 200);
  expect(statSync(clientConfig()).mode & 0o777).toBe(0o600);
  expect(Object.keys(JSON.parse(readFileSync(clientConfig(), 'utf8'))).sort()).toEqual(['api', 'grpc', 'token']);
  expect((await inNs(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://127.0.0.1:8080/v2/apps'])).stdout).toBe('401');

  // An app as users write it: host mode, one dynamic port, run with Marathon's env.
  const file = join(dir, 'web.json');
  writeFileSync(
    file,
    JSON.stringify({
      id: '/shop/web',
      cmd: 'exec python3 -c "import http.server,os,sys; sys.argv[0]=\'marina-up-test-task\'; http.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=int(os.environ[\'PORT0\']))"',
      instances: 1,
      portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/web:80' } }],
    }),
  );
  const created = await marina('apps', 'create', '-f', file, '--wait', '--timeout', '60');
  expect(created.code).toBe(0);
  expect(created.stderr).toContain('/shop/web: 1/1 running');

  const tasks = JSON.parse((await marina('apps', 'tasks', '/shop/web', '-o', 'json')).stdout) as Array<{ state: string; ports: number[]; host: string }>;
  expect(tasks).toHaveLength(1);
  expect(tasks[0].state).toBe('TASK_RUNNING');
  const port = tasks[0].ports[0];
  expect(port).toBeGreaterThanOrEqual(31000);
  expect(port).toBeLessThanOrEqual(32000);

  // The task listens on its $PORT0.
  await waitUntil('task answers on $PORT0 at the agent address', async () => (await inNs(['curl', '-sf', '-o', '/dev/null', `http://198.18.3.1:${port}/`])).code === 0, 20_000, 200);

  // DNS: both name forms of the group app, and the SRV record with the host port.
  const a = await inNs(['dig', '@127.0.0.1', 'web-shop.marathon.mesos', '+short']);
  expect(a.stdout.trim()).toBe('198.18.3.1');
  const dotted = await inNs(['dig', '@127.0.0.1', 'web.shop.marathon.mesos', '+short']);
  expect(dotted.stdout.trim()).toBe('198.18.3.1');
  const srv = await inNs(['dig', '@127.0.0.1', '_web-shop._tcp.marathon.mesos', 'SRV', '+short']);
  expect(srv.stdout.trim()).toMatch(new RegExp(`^0 1 ${port} web-shop-[a-z0-9]{5}-[a-z0-9-]+\\.marathon\\.mesos\\.$`));

  // The named VIP: a stable address from 198.19.250.0/24 in DNS, served by the nftables rules.
  const vip = (await inNs(['dig', '@127.0.0.1', 'web.marathon.l4lb.thisdcos.directory', '+short'])).stdout.trim();
  expect(vip).toMatch(/^198\.19\.250\.\d+$/);
  await waitUntil('VIP answers', async () => (await inNs(['curl', '-sf', '-o', '/dev/null', '--max-time', '2', `http://${vip}:80/`])).code === 0, 20_000, 200);

  // SIGTERM: a clean exit.
  expect(await up.stop(15_000)).toBe(0);
  up = undefined;

  // State survives: the app is there after a restart on the same data dir.
  up = startUp();
  await waitUntil('marina up answers /ping again', ping, 30_000, 200);
  const shown = await marina('apps', 'show', '/shop/web', '-o', 'json');
  expect([shown.code, shown.stderr]).toEqual([0, '']);
  expect(JSON.parse(shown.stdout)).toMatchObject({ id: '/shop/web', instances: 1 });

  // Deleting the app stops its task.
  expect((await marina('apps', 'delete', '/shop/web')).code).toBe(0);
  await waitUntil('task process gone', async () => processesUnder(dir).length === 0, 20_000, 200);
  expect(await up.stop(15_000)).toBe(0);
  up = undefined;
});
