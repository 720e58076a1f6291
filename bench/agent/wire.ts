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
  const h = await startInProcessAgent(alloc, under.hosts[0], { killGraceMs: 200 });
  const lines: string[] = ['| case | n | p50 ms | p99 ms |', '|---|---|---|---|'];
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
      for (let i = 0; i < N; i++) {
        const id = `${name.replace(/\W+/g, '-')}.${i}`;
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
    // The CNI chains called directly (as a shell loop would), inside the same host netns.
    const bridgeConf = (i: number, masq: boolean) => ({ cniVersion: '1.0.0', name: 'marina-bench', type: 'bridge', bridge: 'marina-bbench', isGateway: true, ipMasq: masq, hairpinMode: true, ipam: { type: 'static', addresses: [{ address: `198.18.30.${10 + i}/24`, gateway: '198.18.30.1' }] } });
    const cni = (cmd: string, plugin: string, ns: string, conf: object) =>
      spawnSync('nsenter', ['--net=/run/netns/marina-ab1', `/usr/lib/cni/${plugin}`], { env: { ...process.env, CNI_COMMAND: cmd, CNI_CONTAINERID: ns, CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' }, input: JSON.stringify(conf) });
    const chains: Array<[string, boolean, boolean]> = [
      ['CNI bridge plugin alone (ipMasq, static IPAM, no netns create)', true, false],
      ['CNI bridge plugin alone (no ipMasq, static IPAM, no netns create)', false, false],
      ['CNI chain bridge (ipMasq) + portmap (snat), old agent config, + netns create', true, true],
    ];
    for (const [name, masq, withPorts] of chains) {
      const direct: number[] = [];
      for (let i = 0; i < N; i++) {
        const ns = `marina-abc${i}`;
        if (!withPorts) spawnSync('ip', ['netns', 'add', ns]);
        const t0 = performance.now();
        if (withPorts) spawnSync('ip', ['netns', 'add', ns]);
        const r = cni('ADD', 'bridge', ns, bridgeConf(i, masq));
        if (r.status !== 0) throw new Error(`bridge plugin failed: ${r.stdout}`);
        const pm = { cniVersion: '1.0.0', name: 'marina-bench', type: 'portmap', snat: true, runtimeConfig: { portMappings: [{ hostPort: 32000 + i, containerPort: 8080, protocol: 'tcp' }] }, prevResult: JSON.parse(r.stdout.toString()) };
        if (withPorts && cni('ADD', 'portmap', ns, pm).status !== 0) throw new Error('portmap failed');
        direct.push(performance.now() - t0);
        if (withPorts) cni('DEL', 'portmap', ns, pm);
        cni('DEL', 'bridge', ns, bridgeConf(i, masq));
        spawnSync('ip', ['netns', 'delete', ns]);
      }
      lines.push(row(name, direct));
    }
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
