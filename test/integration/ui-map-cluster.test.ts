/**
 * The cluster map's fabric on a two-host local cluster
 * (deploy/local-cluster.sh up 2, prefix marina-um, 198.18.78.0/24, a VXLAN
 * network `overlay` and a host-gw network `hostgw`): a task on each
 * network, on different hosts. The page (headless Chromium in the
 * underlay netns, over the allocator's TLS) draws both hosts, a dashed
 * VXLAN tunnel and a solid host-gw route between them, and lists per host
 * the tunnels and routes it holds; /v1/map says the same, with the blocks
 * each end hosts. A host's name filters the apps to those on it. The
 * network-programming panel lists each host's agent (reporting under its
 * own certificate) and DNS, whose count includes the two task starts.
 * Screenshot: test-output/ui/map-cluster.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix } from '../../services/agent/names';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { clusterCurl } from '../helpers/local-cluster';
import { Browser } from '../helpers/cdp';
import { readClientConfig } from '../../lib/auth/client-config';

jest.setTimeout(240_000);

const P = 'marina-um';
const SUB = '198.18.78';
const DIR = '/tmp/marina-um-cluster';
const NETWORKS = 'overlay=198.19.128.0/20:vxlan,hostgw=198.19.144.0/20:host-gw';
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR, MARINA_LC_NETWORKS: NETWORKS };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
let browser: Browser | undefined;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const { args: auth, base } = clusterCurl(DIR, `${SUB}.1`);
  const args = ['netns', 'exec', `${P}u`, 'curl', '-s', ...auth, '-X', method, '-H', 'content-type: application/json', `${base}${path}`];
  if (body) args.push('-d', JSON.stringify(body));
  return JSON.parse((await runOk('ip', args)).stdout || 'null');
}

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '2'], { env, timeoutMs: 120_000 });
  const on = (h: string) => [['hostname', 'LIKE', h]];
  for (const [id, net, host] of [['/um/blue', 'overlay', `${P}1`], ['/um/green', 'hostgw', `${P}2`]] as const) {
    await api('POST', '/v2/apps', { id, cmd: 'exec sleep 3600', cpus: 0.1, mem: 32, constraints: on(host), networks: [{ mode: 'container', name: net }] });
  }
  await waitUntil('both tasks run', async () => ((await api('GET', '/v1/tasks')).tasks as Array<{ state: string }>).filter((t) => t.state === 'TASK_RUNNING').length === 2, 90_000, 500);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await run(script, ['down'], { env });
  const prefixes = [1, 2].map((i) => netnsPrefix(`${P}${i}`));
  expect((await listNetns()).filter((n) => n.startsWith(`${P}u`) || /^marina-um\d$/.test(n) || prefixes.some((p) => n.startsWith(p)))).toEqual([]);
});

test('two hosts, a VXLAN tunnel and a host-gw route between them, drawn and listed', async () => {
  const map = await api('GET', '/v1/map');
  const ids = (map.agents as Array<{ id: string }>).map((a) => a.id).sort();
  expect(ids).toEqual([`${P}1`, `${P}2`]);
  const links = (map.fabric as Array<{ network: string; driver: string; a: string; b: string; blocks: Record<string, string[]> }>).map((l) => ({ ...l, blocks: undefined, b1: l.blocks[`${P}1`], b2: l.blocks[`${P}2`] }));
  expect(links).toEqual([
    { network: 'hostgw', driver: 'host-gw', a: `${P}1`, b: `${P}2`, blocks: undefined, b1: [], b2: [expect.stringMatching(/^198\.19\.14[4-9]\.\d+\/26$|^198\.19\.15\d\.\d+\/26$/)] },
    { network: 'overlay', driver: 'vxlan', a: `${P}1`, b: `${P}2`, blocks: undefined, b1: [expect.stringMatching(/^198\.19\.1(2[89]|3\d|4[0-3])\.\d+\/26$/)], b2: [] },
  ]);

  const token = readClientConfig(join(DIR, 'allocator', 'client.json'))!.token!;
  // the cluster CA is not in the temp profile's certificate store; TLS itself is tested elsewhere
  browser = await Browser.launch({ netns: `${P}u`, flags: ['--ignore-certificate-errors'] });
  const b = browser;
  await b.beforeLoad(`sessionStorage.setItem('marina.token', ${JSON.stringify(token)})`);
  await b.goto(`https://${SUB}.1:8080/ui/`);
  await b.waitFor('hosts and fabric drawn', `document.querySelectorAll('#fabric g.host').length === 2 && document.querySelectorAll('#fabric line.link').length === 2`);
  expect(await b.eval(`[...document.querySelectorAll('#fabric line.link')].map((l) => l.getAttribute('class').split(' ')[1]).sort()`)).toEqual(['hostgw', 'vxlan']);
  const hosts = await b.eval<string>(`document.querySelector('#hosts').innerText`);
  expect(hosts).toMatch(new RegExp(`${P}1[\\s\\S]*hostgw \\(host-gw\\): routes to ${P}2; overlay \\(vxlan\\): tunnels to ${P}2`));
  expect(await b.eval<string>(`document.querySelector('#networks').innerText`)).toMatch(/hostgw · host-gw · 198\.19\.144\.0\/20[\s\S]*overlay · vxlan · 198\.19\.128\.0\/20/);
  await b.waitFor('both apps drawn', `document.querySelectorAll('button.task.st-run').length === 2`);
  // a host's name in the list filters the apps to those with tasks on it
  await b.eval(`[...document.querySelectorAll('#hosts button.host-name')].find((x) => x.textContent === '${P}2').click(); true`);
  expect(await b.eval(`[...document.querySelectorAll('section.app')].filter((s) => !s.hidden).map((s) => s.dataset.app)`)).toEqual(['/um/green']);
  expect(await b.eval(`document.activeElement.id`)).toBe('filter');
  // the programming panel: each host's agent reports its policy latency under its own id (its certificate), DNS with its viewer token;
  // the two tasks started in beforeAll are DNS changes counted (1 s ≥ p99 ≥ p50 > 0, what the panel shows the API gave)
  const row = (c: string, host: string) => `[...document.querySelectorAll('#programming tr[data-component="${c}"][data-host="${host}"] td')].map((td) => td.textContent)`;
  await b.waitFor('both agents and DNS in the panel', `(${row('agent-policy', `${P}1`)}).length === 6 && (${row('agent-policy', `${P}2`)}).length === 6 && document.querySelectorAll('#programming tr[data-component="dns"]').length === 1`, 30_000);
  const reported = (await api('GET', '/v1/programming-latency')).components as Array<{ component: string; host: string; reporter: string; count: number; p50Seconds?: number; p99Seconds?: number }>;
  expect(reported.filter((r) => r.component === 'agent-policy').map((r) => [r.host, r.reporter])).toEqual([[`${P}1`, `${P}1`], [`${P}2`, `${P}2`]]);
  const dns = reported.find((r) => r.component === 'dns')!;
  expect(dns.reporter).toMatch(/^token:/);
  expect(dns.count).toBeGreaterThanOrEqual(2);
  expect(dns.p50Seconds).toBeGreaterThan(0);
  expect(dns.p99Seconds).toBeGreaterThanOrEqual(dns.p50Seconds!);
  await b.waitFor('the DNS row shows the count reported', `Number((${row('dns', dns.host)})[2]) >= ${dns.count}`, 15_000);
  const shot = join(repoRoot(), 'test-output', 'ui', 'map-cluster.png');
  mkdirSync(join(repoRoot(), 'test-output', 'ui'), { recursive: true });
  writeFileSync(shot, await b.screenshot());
  expect(b.errors).toEqual([]);
});
