/**
 * /stats with curl: the HTML page a browser gets (Accept: text/html) shows
 * per VIP and per edge route the backends, their state, active connections,
 * requests, errors and ejections; `Accept: application/json` keeps the JSON.
 * Kernel VIPs (nftables) in a netns host with a backend netns; the built-in
 * edge on loopback with a live and a dead backend.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { Task } from '../../lib/model/cluster';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { run, runOk } from '../helpers/exec';
import { cleanupNetns, createNetns, netnsExec, vethPair } from '../helpers/netns';
import { freePort } from '../helpers/ports';
import { nodeBinary } from '../helpers/process';
import { app, hostTask, SERVER_JS } from '../helpers/lb-topology';

jest.setTimeout(90_000);

const H = 'marina-lbsth';
const B = 'marina-lbstb';
const VIP = '198.19.250.60';
const IDLE_VIP = '198.19.250.61';

function edgeTask(id: string, appId: string, port: number, servicePort: number): Task {
  return { ...hostTask(id, appId, '127.0.0.1', port, []), ports: [{ hostPort: port, servicePort, protocol: 'tcp', labels: {} }] };
}

/** The <td> texts of the first table row naming `backend`. */
function cells(html: string, backend: string): string[] {
  const row = html.split('\n').find((l) => l.startsWith('<tr>') && l.includes(`<td>${backend}</td>`));
  if (!row) throw new Error(`no row for ${backend} in:\n${html}`);
  return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
}

describe('lb /stats page', () => {
  const children: ChildProcess[] = [];
  let lb: RunningLb | undefined;
  let edgeBackend: Server | undefined;
  let statsUrl = '';
  let [sp, tp, live, dead] = [0, 0, 0, 0];

  beforeAll(async () => {
    await createNetns(H);
    await createNetns(B);
    await vethPair({ ns: H, name: 'eth0', address: '198.18.6.1/24' }, { ns: B, name: 'eth0', address: '198.18.6.11/24' });
    await netnsExec(H, ['ip', 'route', 'add', '198.19.250.0/24', 'dev', 'eth0']);
    children.push(spawn('ip', ['netns', 'exec', B, nodeBinary(), '-e', SERVER_JS, 'b1', '8080'], { stdio: 'ignore' }));
    for (let i = 0; i < 100 && (await netnsExec(H, ['curl', '-s', '-m', '1', 'http://198.18.6.11:8080/'], { allowFail: true })).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    [sp, tp, live, dead] = [await freePort(), await freePort(), await freePort(), await freePort()];
    edgeBackend = createServer((req, res) => res.end('e1'));
    await new Promise<void>((r) => edgeBackend!.listen(live, '127.0.0.1', r));
    const feed = new MemoryFeed();
    feed.publish([
      { kind: 'app', op: 'put', id: '/web', value: app('/web', { HAPROXY_GROUP: 'internal' }) },
      { kind: 'app', op: 'put', id: '/idle', value: app('/idle', { HAPROXY_GROUP: 'internal' }) },
      { kind: 'task', op: 'put', id: 'web.0', value: hostTask('web.0', '/web', '198.18.6.11', 8080, [{ label: `${VIP}:80`, ip: VIP, port: 80, protocol: 'tcp', portIndex: 0 }]) },
      { kind: 'task', op: 'put', id: 'idle.0', value: hostTask('idle.0', '/idle', '198.18.6.12', 8080, [{ label: `${IDLE_VIP}:80`, ip: IDLE_VIP, port: 80, protocol: 'tcp', portIndex: 0 }], { ready: false }) },
      { kind: 'app', op: 'put', id: '/site', value: app('/site', { HAPROXY_0_MODE: 'http' }) },
      { kind: 'task', op: 'put', id: 'site.0', value: edgeTask('site.0', '/site', live, sp) },
      { kind: 'task', op: 'put', id: 'site.1', value: edgeTask('site.1', '/site', dead, sp) },
      { kind: 'app', op: 'put', id: '/raw', value: app('/raw', { HAPROXY_0_MODE: 'tcp', HAPROXY_0_BALANCE: 'leastconn' }) },
      { kind: 'task', op: 'put', id: 'raw.0', value: edgeTask('raw.0', '/raw', live, tp) },
    ]);
    lb = await startLb({
      allocator: 'unused', mode: 'nftables', listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
      masqueradeAll: false, agentId: 'host-1', edge: true, edgeAddress: '127.0.0.1', edgeHttpPort: await freePort(), edgeGroup: 'external',
      edgeStrict: false, feed: feed.subscriber(), netns: H,
    });
    for (let i = 0; i < 200 && !(lb.syncer.ready && lb.edge?.ready); i++) await new Promise((r) => setTimeout(r, 20));
    statsUrl = `http://127.0.0.1:${(lb.http.address() as { port: number }).port}/stats`;
  });

  afterAll(async () => {
    await lb?.stop().catch(() => undefined);
    for (const c of children) c.kill('SIGKILL');
    edgeBackend?.closeAllConnections();
    edgeBackend?.close();
    await cleanupLb(H).catch(() => undefined);
    await cleanupNetns();
  });

  it('shows a browser VIPs and edge routes with backends, state, active connections, requests, errors, ejections', async () => {
    // One connection held open through the VIP; edge traffic with one dead backend (retried, then ejected).
    const hold = spawn('ip', ['netns', 'exec', H, nodeBinary(), '-e', `const s = require('net').connect(80, '${VIP}'); s.on('connect', () => console.log('up')); setTimeout(() => s.destroy(), 15000);`], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(hold);
    await new Promise((r) => hold.stdout!.once('data', r));
    for (let i = 0; i < 12; i++) expect((await runOk('curl', ['-sS', '-m', '3', `http://127.0.0.1:${sp}/`])).stdout).toBe('e1');
    for (let i = 0; i < 2; i++) expect((await runOk('curl', ['-sS', '-m', '3', `http://127.0.0.1:${tp}/`])).stdout).toBe('e1');

    const r = await run('curl', ['-sS', '-m', '5', '-D', '-', '-H', 'Accept: text/html,application/xhtml+xml,*/*;q=0.8', statsUrl]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/content-type: text\/html/i);
    const html = r.stdout;
    expect(html).toContain('<h2>VIPs (2)</h2>');
    expect(html).toContain('<h2>Edge routes (2)</h2>');
    // service, frontend, state, balance, backend, task, backend state, active, requests, errors, ejections
    expect(cells(html, '198.18.6.11:8080')).toEqual(['/web', `${VIP}:80/tcp`, 'ok', 'random', '198.18.6.11:8080', 'web.0', 'up', '1', '—', '—', '—']);
    const idle = html.split('\n').find((l) => l.includes(`${IDLE_VIP}:80/tcp`))!;
    expect(idle).toContain('no backend (rejecting)');
    const deadRow = cells(html, `127.0.0.1:${dead}`);
    expect(deadRow.slice(4, 7)).toEqual([`127.0.0.1:${dead}`, 'site.1', 'ejected']);
    expect(Number(deadRow[9])).toBeGreaterThanOrEqual(3); // errors: connect failures
    expect(deadRow[10]).toBe('1'); // ejections
    const liveRow = cells(html, `127.0.0.1:${live}`);
    expect(liveRow.slice(4, 8)).toEqual([`127.0.0.1:${live}`, 'site.0', 'up', '0']);
    expect(liveRow[8]).toBe('12'); // requests: every request ended here
    expect(html).toMatch(new RegExp(`<td>/raw port 0</td><td>127\\.0\\.0\\.1:${tp} tcp</td><td class="ok">ok</td><td>leastconn</td><td>127\\.0\\.0\\.1:${live}</td><td>raw\\.0</td><td class="ok">up</td><td class="n">0</td><td class="n">2</td><td class="n">0</td>`));
    hold.kill('SIGKILL');
  });

  it('keeps the JSON for Accept: application/json (and for curl without Accept)', async () => {
    for (const accept of [['-H', 'Accept: application/json'], []]) {
      const r = await run('curl', ['-sS', '-m', '5', ...accept, statsUrl]);
      const j = JSON.parse(r.stdout) as { mode: string; vips: Array<{ key: string }>; services: Array<{ kind: string; frontend: string; members: unknown[] }> };
      expect(j.mode).toBe('nftables');
      expect(j.vips.map((v) => v.key).sort()).toEqual([`${VIP}:80/tcp`, `${IDLE_VIP}:80/tcp`]);
      expect(j.services.filter((s) => s.kind === 'edge')).toHaveLength(2);
    }
  });
});
