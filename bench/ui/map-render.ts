/**
 * The cluster map with 1,000 apps × 10 tasks (issue 12: first render < 2 s,
 * responsive while 100 tasks change per second), in headless Chromium over
 * CDP (WebSocket on a loopback port, test/helpers/cdp.ts).
 *
 * The feed is synthetic but goes through the production code: the page's
 * own files (api/ui/static.ts), /v1/map rendered by map-model.ts's
 * clusterMap from a seeded view (20 hosts, a VXLAN and a host-gw network,
 * 100 VIPs), and /v2/events frames in the hub's own SSE encoding
 * (sseFrame), 100 status_update_events a second: half flip a task between
 * running and starting, half kill one and start its replacement. A
 * screenshot goes to test-output/ui/bench.png.
 *
 *   node -r ./bench/_register.js bench/ui/map-render.ts [apps=1000] [tasksPerApp=10] [seconds=15] [changesPerSecond=100]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Fastify from 'fastify';
import type { AppDefinition } from '../../lib/model/app';
import type { Agent, Task, VirtualNetwork } from '../../lib/model/cluster';
import { clusterMap, taskDetail, type MapView } from '../../services/allocator/api/marina-v1/map-model';
import { uiRoutes } from '../../services/allocator/api/ui/static';
import { ProgrammingReports } from '../../services/allocator/telemetry/programming-reports';
import { sseFrame } from '../../services/allocator/api/marathon-v2/events/hub';
import { Browser } from '../../test/helpers/cdp';
import { repoRoot } from '../../lib/paths';

const [APPS, PER_APP, SECONDS, RATE] = [1000, 10, 15, 100].map((d, i) => Number(process.argv[2 + i] ?? d));
/** NO_POSTS=1: task changes only, no app posts (so no snapshot reloads). */
const POSTS = !process.env.NO_POSTS;

function seed(): MapView {
  const agents = new Map<string, Agent>();
  for (let i = 1; i <= 20; i++) agents.set(`h${i}`, { id: `h${i}`, hostname: `host-${i}`, ip: `198.18.0.${10 + i}`, portRanges: [], attributes: {}, mtu: 1500, registeredAt: new Date().toISOString() });
  const networks = new Map<string, VirtualNetwork>([
    ['blue', { name: 'blue', driver: 'vxlan', cidr: '198.19.0.0/17', vni: 7, blockSize: 26, labels: {} }],
    ['green', { name: 'green', driver: 'host-gw', cidr: '198.19.128.0/18', blockSize: 26, labels: {} }],
  ]);
  const apps = new Map<string, AppDefinition>();
  const tasks = new Map<string, Task>();
  for (let a = 0; a < APPS; a++) {
    const id = `/team-${a % 25}/app-${a}`;
    const net = a % 10 === 0 ? 'blue' : a % 10 === 1 ? 'green' : undefined;
    apps.set(id, { id, instances: PER_APP, healthChecks: [], networks: net ? [{ mode: 'container', name: net }] : [], env: {} } as unknown as AppDefinition);
    for (let i = 0; i < PER_APP; i++) tasks.set(`${id.slice(1).replace(/\//g, '_')}.${i}`, task(id, `${id.slice(1).replace(/\//g, '_')}.${i}`, a * PER_APP + i, net, a));
  }
  return { revision: 1, apps, tasks, agents, networks };
}

function task(appId: string, id: string, n: number, net: string | undefined, a: number): Task {
  const agentId = `h${(n % 20) + 1}`;
  const base = net === 'blue' ? 0 : 128 << 8;
  const ip = net ? `198.19.${(base >> 8) + ((n >> 8) & 63)}.${n & 255}` : `198.18.0.${10 + (n % 20) + 1}`;
  return {
    id, appId, appVersion: 'v1', agentId, host: `host-${(n % 20) + 1}`, networkMode: net ? 'container' : 'host', ...(net ? { networkName: net } : {}),
    ports: [{ hostPort: 20000 + (n % 10000), protocol: 'tcp', labels: {} }], ipAddresses: [{ ipAddress: ip, protocol: 'IPv4', ...(net ? { networkName: net } : {}) }],
    vips: a < 100 ? [{ label: `/vip-${a}:80`, name: `/vip-${a}`, ip: `198.19.250.${a}`, port: 80, protocol: 'tcp', portIndex: 0 }] : [],
    env: { DB_PASSWORD: 'never-sent' }, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: new Date().toISOString(), version: 'v1',
  };
}

function statusEvent(t: Task, state: string) {
  return { slaveId: t.agentId, taskId: t.id, taskStatus: state, message: '', appId: t.appId, host: t.host, ipAddresses: t.ipAddresses.map((x) => ({ ipAddress: x.ipAddress, protocol: x.protocol })), ports: [t.ports[0]!.hostPort!], version: 'v1', eventType: 'status_update_event', timestamp: new Date().toISOString() };
}

async function main() {
  const view = seed();
  const streams = new Set<(frame: string) => void>();
  const app = Fastify({ logger: false });
  uiRoutes(app);
  app.get('/v1/map', async () => clusterMap(view));
  app.get('/v1/map/tasks/:id', async (req, reply) => {
    const t = view.tasks.get((req.params as { id: string }).id);
    return t ? taskDetail(t, []) : reply.code(404).send({ message: 'gone' });
  });
  // what the page also asks the allocator for: the SLI panel (the production store, nothing reported
  // here) and a clicked task's log tail (the agents' answer, in its shape), so the page logs no 404s
  const programming = new ProgrammingReports();
  app.get('/v1/programming-latency', async () => ({ components: programming.list() }));
  app.get('/v1/tasks/:id/logs', async (req, reply) => {
    const t = view.tasks.get((req.params as { id: string }).id);
    const stream = (req.query as { stream?: string }).stream === 'stderr' ? 'stderr' : 'stdout';
    return t ? { taskId: t.id, appId: t.appId, agentId: t.agentId, stream, lines: [`${t.id} serving`], truncated: false } : reply.code(404).send({ message: 'gone' });
  });
  app.get('/v2/events', (req, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (f: string) => reply.raw.write(f);
    streams.add(send);
    req.raw.on('close', () => streams.delete(send));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const mapBytes = JSON.stringify(clusterMap(view)).length;

  const browser = await Browser.launch({ width: 1440, height: 900 });
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  try {
    await browser.goto(`http://127.0.0.1:${port}/ui/`);
    // first render: navigation start → the frame after the map's first draw (two animation frames later)
    const firstRender = await browser.eval<number>(`new Promise((resolve) => {
      const wait = () => performance.getEntriesByName('map-rendered').length && document.querySelectorAll('button.task').length === ${APPS * PER_APP}
        ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))
        : requestAnimationFrame(wait);
      wait();
    })`);
    const mark = await browser.eval<number>(`performance.getEntriesByName('map-rendered')[0].startTime`);
    await browser.waitFor('the stream is live', `document.querySelector('#conn').dataset.state === 'live'`);

    // responsiveness under load: frame gaps, event-loop lag of a 50 ms timer, long tasks; and a task opened by keyboard
    await browser.eval(`window.__bench = { frames: [], lag: [], long: [] };
      new PerformanceObserver((l) => { for (const e of l.getEntries()) __bench.long.push(e.duration); }).observe({ type: 'longtask' });
      (function f(prev) { requestAnimationFrame((t) => { __bench.frames.push(t - prev); f(t); }); })(performance.now());
      (function g(due) { setTimeout(() => { __bench.lag.push(performance.now() - due); g(performance.now() + 50); }, 50); })(performance.now() + 50); true`);
    const ids = [...view.tasks.keys()];
    let changes = 0;
    let posts = 0;
    let seq = 0;
    const tickMs = 100;
    const perTick = RATE / (1000 / tickMs);
    const ticker = setInterval(() => {
      let frames = '';
      for (let i = 0; i < perTick; i++) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const t = view.tasks.get(id);
        if (!t) continue;
        if (changes % 2 === 0) {
          t.state = t.state === 'TASK_RUNNING' ? 'TASK_STARTING' : 'TASK_RUNNING';
          frames += sseFrame(statusEvent(t, t.state) as never);
        } else {
          // kill and replace: the old task leaves, a new one of the same app arrives (one change)
          view.tasks.delete(id);
          frames += sseFrame(statusEvent(t, 'TASK_KILLED') as never);
          const n = { ...t, id: `${id.split('.')[0]}.r${++seq}`, state: 'TASK_STAGING' as const };
          view.tasks.set(n.id, n);
          ids[ids.indexOf(id)] = n.id;
          frames += sseFrame(statusEvent(n, 'TASK_STAGING') as never);
        }
        changes++;
      }
      // every 5 s an app is posted (a deploy): the page takes a fresh snapshot, as it does on deployments
      if (POSTS && (changes / perTick) % 50 === 0) {
        const appId = [...view.apps.keys()][Math.floor(Math.random() * APPS)]!;
        frames += sseFrame({ clientIp: null, uri: `/v2/apps${appId}`, appDefinition: { id: appId, instances: PER_APP, networks: [], healthChecks: [] }, eventType: 'api_post_event', timestamp: new Date().toISOString() } as never);
        posts++;
      }
      for (const s of streams) s(frames);
    }, tickMs);
    // PROFILE=1: a CPU profile of the page while it runs, the functions with the most self time
    if (process.env.PROFILE) {
      await browser.call('Profiler.enable');
      await browser.call('Profiler.start');
    }
    const opens: number[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      if (process.env.NO_OPEN) continue;
      // Enter on a task → its dialog is open (the click handler and showModal, timed in the page)
      // a task on screen, as a user's is (focusing one far below scrolls the page: that is layout of the sections it passes, not the dialog)
      opens.push(await browser.eval<number>(`(() => { const b = document.querySelectorAll('button.task')[${Math.floor(Math.random() * 60)}]; b.focus();
        const t = performance.now(); b.click(); const d = performance.now() - t; document.querySelector('#detail').close(); return d; })()`));
    }
    clearInterval(ticker);
    if (process.env.PROFILE) {
      const { profile } = await browser.call<{ profile: { nodes: Array<{ id: number; hitCount: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] } }>('Profiler.stop');
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const f = byId.get(id)!.callFrame;
        const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      console.error([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms ${k}`).join('\n'));
    }
    const shot = join(repoRoot(), 'test-output', 'ui', 'bench.png');
    mkdirSync(dirname(shot), { recursive: true });
    writeFileSync(shot, await browser.screenshot());
    await new Promise((r) => setTimeout(r, 1000));
    const m = await browser.eval<{ frames: number[]; lag: number[]; long: number[] }>(`__bench`);
    const shown = await browser.eval<number>(`document.querySelectorAll('button.task').length`);
    const starting = await browser.eval<number>(`document.querySelectorAll('button.task.st-start').length`);
    const want = [...view.tasks.values()].filter((t) => t.state !== 'TASK_RUNNING').length;
    const q = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : 0);
    const r = (x: number) => Math.round(x);
    console.log(JSON.stringify({
      apps: APPS, tasks: APPS * PER_APP, mapJsonBytes: mapBytes, firstRenderMs: r(firstRender), mapRenderedMarkMs: r(mark),
      changes, appPosts: posts, seconds: SECONDS, shown, starting: { page: starting, feed: want },
      frameGapMs: { p50: r(q(m.frames, 0.5)), p99: r(q(m.frames, 0.99)), max: r(q(m.frames, 1)) },
      timerLagMs: { p50: r(q(m.lag, 0.5)), p99: r(q(m.lag, 0.99)), max: r(q(m.lag, 1)) },
      longTasks: { count: m.long.length, maxMs: r(q(m.long, 1)) },
      openDetailMs: { max: Math.round(q(opens, 1) * 10) / 10 },
      errors: browser.errors, loadBefore: load, loadAfter: readFileSync('/proc/loadavg', 'utf8').trim(),
    }, null, 1));
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
