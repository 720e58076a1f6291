/**
 * Agent wiring benchmark: time from a task appearing on the feed to its
 * TASK_RUNNING report, per mode (p50/p99 of sequential launches), 100 bridge
 * tasks at once on one host, and the CNI bridge plugin invoked directly
 * (ADD with static IPAM) for comparison — alone, and doing the agent's whole
 * job (netns create, bridge with ipMasq, task start). The agent's bridge
 * launches and the direct calls are also measured interleaved (one of each
 * in turn) so both see the same machine load: the ratio of that section is
 * the one to quote on a shared machine.
 * One simulated host netns (marina-ab1, 198.18.6.0/24); everything is
 * removed at the end.
 * Run: node -r ./bench/_register.js bench/agent/wire.ts [N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { FakeAllocator, app, task } from '../../test/helpers/agent/fake-allocator';
import { createHosts } from '../../test/helpers/agent/hosts';
import { startInProcessAgent } from '../../test/helpers/agent/in-process';
import type { Task } from '../../lib/model/cluster';

const N = Number(process.argv[2] ?? 30);
const HOST = 'marina-ab1';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Woken by every status report (no busy polling: it would take a core from the agent's children). */
let wake: () => void = () => undefined;

async function until(fn: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise<void>((r) => {
      wake = r;
      setTimeout(r, 50);
    });
  }
}

function row(name: string, ms: number[]): string {
  return `| ${name} | ${ms.length} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} |`;
}

/** How a direct run creates the netns: before the timing, as the old agent (2 ip), or as the agent now (one ip batch). */
type NetnsHow = 'pre' | 'two' | 'agent';

interface Direct {
  ipMasq: boolean;
  portmap: boolean;
  netns: NetnsHow;
  /** Start the task process as the agent's runner does (ip netns exec + unshare into uts/pid/mount namespaces + tini, detached). */
  start: boolean;
}

function nsAdd(ns: string, how: NetnsHow): void {
  if (how === 'agent') spawnSync('ip', ['-batch', '-'], { input: `netns add ${ns}\nnetns exec ${ns} ip link set lo up\n` });
  else {
    spawnSync('ip', ['netns', 'add', ns]);
    spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }
}

function cni(cmd: string, plugin: string, ns: string, conf: object) {
  const env = { ...process.env, CNI_COMMAND: cmd, CNI_CONTAINERID: ns, CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' };
  return spawnSync('nsenter', [`--net=/run/netns/${HOST}`, `/usr/lib/cni/${plugin}`], { env, input: JSON.stringify(conf) });
}

/** One direct run (as a shell loop would, inside the same host netns); returns ms; undoes everything. */
function directOnce(i: number, d: Direct): number {
  const ns = `marina-abc${i}`;
  const bridge = { cniVersion: '1.0.0', name: 'marina-bench', type: 'bridge', bridge: 'marina-bbench', isGateway: true, ipMasq: d.ipMasq, hairpinMode: true, ipam: { type: 'static', addresses: [{ address: `198.18.30.${10 + (i % 200)}/24`, gateway: '198.18.30.1' }] } };
  if (d.netns === 'pre') nsAdd(ns, 'two');
  const t0 = performance.now();
  if (d.netns !== 'pre') nsAdd(ns, d.netns);
  const r = cni('ADD', 'bridge', ns, bridge);
  if (r.status !== 0) throw new Error(`bridge plugin failed: ${r.stdout}`);
  const pm = { cniVersion: '1.0.0', name: 'marina-bench', type: 'portmap', snat: true, runtimeConfig: { portMappings: [{ hostPort: 32000 + (i % 500), containerPort: 8080, protocol: 'tcp' }] }, prevResult: JSON.parse(r.stdout.toString()) };
  if (d.portmap && cni('ADD', 'portmap', ns, pm).status !== 0) throw new Error('portmap failed');
  const proc = d.start ? spawn('ip', ['netns', 'exec', ns, 'unshare', '--uts', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', '/usr/bin/tini', '-g', '--', '/bin/sh', '-c', 'exec sleep 600'], { stdio: 'ignore', detached: true }) : undefined;
  const ms = performance.now() - t0;
  if (proc?.pid) process.kill(-proc.pid, 'SIGKILL');
  if (d.portmap) cni('DEL', 'portmap', ns, pm);
  cni('DEL', 'bridge', ns, bridge);
  spawnSync('ip', ['netns', 'delete', ns]);
  return ms;
}

async function main(): Promise<void> {
  const under = await createHosts('marina-ab', '198.18.6', 1);
  const alloc = new FakeAllocator();
  const report = alloc.reportTaskStatus.bind(alloc);
  alloc.reportTaskStatus = async (...args) => {
    await report(...args);
    wake();
  };
  alloc.putNetwork({ name: 'bench', cidr: '198.19.32.0/20', blockSize: 26, driver: 'vxlan', vni: 99, labels: {} });
  alloc.putApp(app('/b', 'exec sleep 600'));
  // The production re-check interval (the test harness uses 1 s): a periodic cost, not a per-launch one.
  const h = await startInProcessAgent(alloc, under.hosts[0], { killGraceMs: 200, fabricRecheckMs: 10_000 });
  const lines: string[] = ['| case | n | p50 ms | p99 ms |', '|---|---|---|---|'];
  /** Launch one task through the feed; ms to TASK_RUNNING; then stop it. */
  const agentOnce = async (id: string, extra: Partial<Task>): Promise<number> => {
    const t0 = performance.now();
    alloc.putTask(task(id, '/b', HOST, extra));
    await until(() => alloc.lastState(id) === 'TASK_RUNNING' || alloc.lastState(id) === 'TASK_FAILED');
    const ms = performance.now() - t0;
    if (alloc.lastState(id) === 'TASK_FAILED') throw new Error(`${id} failed`);
    alloc.putTask({ ...alloc.task(id)!, desired: 'stop' });
    await until(() => alloc.lastState(id) === 'TASK_KILLED');
    return ms;
  };
  try {
    const modes: Array<[string, (i: number) => Partial<Task>]> = [
      ['host', () => ({ networkMode: 'host' })],
      ['none', () => ({ networkMode: 'none' })],
      ['bridge (+hostPort)', (i) => ({ networkMode: 'bridge', ports: [{ hostPort: 31000 + i, containerPort: 8080, protocol: 'tcp', labels: {} }] })],
      ['bridge (no ports)', () => ({ networkMode: 'bridge' })],
      ['virtual vxlan', (i) => ({ networkMode: 'container', networkName: 'bench', ipAddresses: [{ ipAddress: `198.19.32.${10 + i}`, protocol: 'IPv4', networkName: 'bench', prefixLength: 20, gateway: '198.19.32.1' }] })],
    ];
    for (const [name, extra] of modes) {
      const ms: number[] = [];
      for (let i = 0; i < N; i++) ms.push(await agentOnce(`${name.replace(/\W+/g, '-')}.${i}`, extra(i)));
      lines.push(row(`agent: ${name}`, ms));
    }
    const chains: Array<[string, Direct]> = [
      ['CNI bridge plugin alone (ipMasq, static IPAM, no netns create)', { ipMasq: true, portmap: false, netns: 'pre', start: false }],
      ['CNI bridge plugin alone (no ipMasq, static IPAM, no netns create)', { ipMasq: false, portmap: false, netns: 'pre', start: false }],
      ['CNI chain bridge (ipMasq) + portmap (snat), old agent config, + netns create (2 ip)', { ipMasq: true, portmap: true, netns: 'two', start: false }],
    ];
    for (const [name, d] of chains) lines.push(row(name, Array.from({ length: N }, (_, i) => directOnce(i, d))));
    // Interleaved: the agent's bridge launch and the same work done by hand, in turn.
    const same: Direct = { ipMasq: true, portmap: false, netns: 'agent', start: true };
    // The agent's own plugin call has ipMasq off (masquerade is one nft element per host): the strictest baseline.
    const noMasq: Direct = { ipMasq: false, portmap: false, netns: 'agent', start: true };
    const bare: Direct = { ipMasq: true, portmap: false, netns: 'pre', start: false };
    const paired = { agent: [] as number[], same: [] as number[], noMasq: [] as number[], bare: [] as number[] };
    for (let i = 0; i < N; i++) {
      paired.agent.push(await agentOnce(`paired.${i}`, { networkMode: 'bridge' }));
      paired.same.push(directOnce(i, same));
      paired.noMasq.push(directOnce(i, noMasq));
      paired.bare.push(directOnce(i, bare));
    }
    lines.push('', 'Interleaved (one of each in turn):', '', '| case | n | p50 ms | p99 ms |', '|---|---|---|---|');
    lines.push(row('agent: bridge (no ports), feed → TASK_RUNNING', paired.agent));
    lines.push(row('CNI: netns create (one ip batch) + bridge ADD (ipMasq, static IPAM) + task start', paired.same));
    lines.push(row('CNI: netns create (one ip batch) + bridge ADD (no ipMasq, static IPAM) + task start', paired.noMasq));
    lines.push(row('CNI: bridge ADD alone (ipMasq, static IPAM)', paired.bare));
    const r = (a: number[], b: number[]) => (pct(a, 50) / pct(b, 50)).toFixed(2);
    lines.push('', `p50 ratios: agent / same work by hand = ${r(paired.agent, paired.same)}×; agent / same without ipMasq = ${r(paired.agent, paired.noMasq)}×; agent / bridge plugin alone = ${r(paired.agent, paired.bare)}×`);
    const ids = Array.from({ length: 100 }, (_, i) => `many.${i}`);
    const t0 = performance.now();
    for (const [i, id] of ids.entries()) alloc.putTask(task(id, '/b', HOST, { networkMode: 'bridge', ports: [{ hostPort: 31500 + i, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
    await until(() => ids.every((id) => alloc.lastState(id) === 'TASK_RUNNING'), 120_000);
    const secs = (performance.now() - t0) / 1000;
    lines.push('', `100 bridge tasks on one host: ${secs.toFixed(2)} s → ${(100 / secs).toFixed(1)} tasks/s`);
    const fab = h.agent.fabric as { syncs: number; skipped?: number };
    lines.push(`fabric: ${fab.syncs} syncs, ${fab.skipped ?? 'n/a'} feed events skipped (fabric unchanged)`);
  } finally {
    await h.stop(true);
    await under.destroy();
    for (const ns of readdirSync('/run/netns').filter((n) => n.startsWith('marina-abc'))) spawnSync('ip', ['netns', 'delete', ns]);
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
