/**
 * Agent wiring benchmark: time from a task appearing on the feed to its
 * TASK_RUNNING report, per mode (p50/p99 of sequential launches), 100 bridge
 * tasks at once on one host, and the CNI bridge plugin invoked directly
 * (ADD with static IPAM) for comparison. One simulated host netns
 * (marina-ab1, 198.18.6.0/24); everything is removed at the end.
 * Run: npx tsc -p tsconfig.json && node dist/bench/agent/wire.js [N]
 */
import { spawnSync } from 'node:child_process';
import { FakeAllocator, app, task } from '../../test/integration/agent-helpers/fake-allocator';
import { createHosts } from '../../test/integration/agent-helpers/hosts';
import { startInProcessAgent } from '../../test/integration/agent-helpers/in-process';
import type { Task } from '../../lib/model/cluster';

const N = Number(process.argv[2] ?? 30);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function until(fn: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setImmediate(r));
  }
}

function row(name: string, ms: number[]): string {
  return `| ${name} | ${ms.length} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} |`;
}

async function main(): Promise<void> {
  const under = await createHosts('marina-ab', '198.18.6', 1);
  const alloc = new FakeAllocator();
  alloc.putNetwork({ name: 'bench', cidr: '198.19.32.0/20', blockSize: 26, driver: 'vxlan', vni: 99, labels: {} });
  alloc.putApp(app('/b', 'exec sleep 600'));
  const h = await startInProcessAgent(alloc, under.hosts[0], { killGraceMs: 200 });
  const lines: string[] = ['| case | n | p50 ms | p99 ms |', '|---|---|---|---|'];
  try {
    const modes: Array<[string, (i: number) => Partial<Task>]> = [
      ['host', () => ({ networkMode: 'host' })],
      ['none', () => ({ networkMode: 'none' })],
      ['bridge (+portmap)', (i) => ({ networkMode: 'bridge', ports: [{ hostPort: 31000 + i, containerPort: 8080, protocol: 'tcp', labels: {} }] })],
      ['virtual vxlan', (i) => ({ networkMode: 'container', networkName: 'bench', ipAddresses: [{ ipAddress: `198.19.32.${10 + i}`, protocol: 'IPv4', networkName: 'bench', prefixLength: 20, gateway: '198.19.32.1' }] })],
    ];
    for (const [name, extra] of modes) {
      const ms: number[] = [];
      for (let i = 0; i < N; i++) {
        const id = `${name.split(' ')[0]}.${i}`;
        const t0 = performance.now();
        alloc.putTask(task(id, '/b', 'marina-ab1', extra(i)));
        await until(() => alloc.lastState(id) === 'TASK_RUNNING' || alloc.lastState(id) === 'TASK_FAILED');
        ms.push(performance.now() - t0);
        if (alloc.lastState(id) === 'TASK_FAILED') throw new Error(`${id} failed`);
        alloc.putTask({ ...alloc.task(id)!, desired: 'stop' });
        await until(() => alloc.lastState(id) === 'TASK_KILLED');
      }
      lines.push(row(`agent: ${name}`, ms));
    }
    const direct: number[] = [];
    const conf = (i: number) => JSON.stringify({ cniVersion: '1.0.0', name: 'marina-bench', type: 'bridge', bridge: 'marina-bbench', isGateway: true, ipMasq: true, hairpinMode: true, ipam: { type: 'static', addresses: [{ address: `198.18.30.${10 + i}/24`, gateway: '198.18.30.1' }] } });
    for (let i = 0; i < N; i++) {
      const ns = `marina-abc${i}`;
      spawnSync('ip', ['netns', 'add', ns]);
      const env = { ...process.env, CNI_COMMAND: 'ADD', CNI_CONTAINERID: ns, CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' };
      const t0 = performance.now();
      const r = spawnSync('nsenter', ['--net=/run/netns/marina-ab1', '/usr/lib/cni/bridge'], { env, input: conf(i) });
      direct.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`bridge plugin failed: ${r.stdout}`);
      spawnSync('nsenter', ['--net=/run/netns/marina-ab1', '/usr/lib/cni/bridge'], { env: { ...env, CNI_COMMAND: 'DEL' }, input: conf(i) });
      spawnSync('ip', ['netns', 'delete', ns]);
    }
    lines.push(row('CNI bridge plugin alone (static IPAM, no netns create)', direct));
    const ids = Array.from({ length: 100 }, (_, i) => `many.${i}`);
    const t0 = performance.now();
    for (const [i, id] of ids.entries()) alloc.putTask(task(id, '/b', 'marina-ab1', { networkMode: 'bridge', ports: [{ hostPort: 31500 + i, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
    await until(() => ids.every((id) => alloc.lastState(id) === 'TASK_RUNNING'), 120_000);
    const secs = (performance.now() - t0) / 1000;
    lines.push('', `100 bridge tasks on one host: ${secs.toFixed(2)} s → ${(100 / secs).toFixed(1)} tasks/s`);
  } finally {
    await h.stop(true);
    await under.destroy();
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
