/**
 * A bridge task reaching a VIP whose backend is on the same bridge of the
 * same host (both modes). The host netns holds a bridge (198.18.4.1/24) with
 * two bridge-mode tasks: client 198.18.4.2 and backend 198.18.4.3:8080
 * (hairpin on, as the CNI bridge plugin sets). Without br_netfilter the
 * backend's reply is bridged straight back and never un-NATed; the agent's
 * setting (HostExec.sysctl of bridgeNetfilterSysctls) makes it pass. The
 * backend echoes the client address: masquerade only for hairpin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { Task, TaskVip } from '../../lib/model/cluster';
import { HostExec } from '../../services/agent/exec';
import { bridgeNetfilterSysctls } from '../../services/agent/modes/cni-mode';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { runOk } from '../helpers/exec';
import { cleanupNetns, createNetns, netnsExec, vethPair } from '../helpers/netns';
import { nodeBinary } from '../helpers/process';
import { app } from '../helpers/lb-topology';

jest.setTimeout(120_000);

const VIP = '198.19.250.30';
const ECHO_JS = `
const name = process.argv[1];
require('http').createServer((req, res) => res.end(name + ' ' + req.socket.remoteAddress)).listen(Number(process.argv[2]), '0.0.0.0');
`;

function bridgeTask(id: string, ip: string, vips: TaskVip[]): Task {
  return {
    id, appId: '/br', appVersion: 'v1', agentId: 'agent-h', host: '198.18.2.1', networkMode: 'bridge',
    ports: [{ hostPort: 31080, containerPort: 8080, servicePort: 10030, protocol: 'tcp', labels: {} }],
    ipAddresses: [{ ipAddress: ip, protocol: 'IPv4', networkName: 'bridge' }], vips, env: {}, state: 'TASK_RUNNING',
    ready: true, desired: 'run', healthCheckResults: [], stagedAt: '2026-01-01T00:00:00Z', version: 'v1',
  };
}

describe.each(['nftables', 'iptables'])('same-bridge VIP backend (%s)', (mode) => {
  const tag = mode === 'nftables' ? 'n' : 'i';
  const host = `marina-lbb${tag}h`;
  const client = `marina-lbb${tag}c`;
  const server = `marina-lbb${tag}s`;
  const children: ChildProcess[] = [];
  let lb: RunningLb | undefined;

  async function onBridge(ns: string, ip: string, peer: string): Promise<void> {
    await createNetns(ns);
    await vethPair({ ns, name: 'eth0', address: `${ip}/24` }, { ns: host, name: peer });
    await runOk('ip', ['-n', host, 'link', 'set', peer, 'master', 'marinabr1']);
    await runOk('ip', ['-n', host, 'link', 'set', peer, 'type', 'bridge_slave', 'hairpin', 'on']);
    await netnsExec(ns, ['ip', 'route', 'add', 'default', 'via', '198.18.4.1']);
  }

  const curl = (ns: string) => netnsExec(ns, ['curl', '-sS', '-m', '2', `http://${VIP}/`], { allowFail: true });
  const stats = async () => {
    const { port } = lb!.http.address() as { port: number };
    return (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { bridgeNetfilter?: Record<string, boolean | string> };
  };

  beforeAll(async () => {
    await createNetns(host);
    await netnsExec(host, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    // The state before an agent created a bridge here: bridged frames skip netfilter.
    await netnsExec(host, ['sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=0', 'net.bridge.bridge-nf-call-ip6tables=0']);
    await runOk('ip', ['-n', host, 'link', 'add', 'marinabr1', 'type', 'bridge']);
    await runOk('ip', ['-n', host, 'addr', 'add', '198.18.4.1/24', 'dev', 'marinabr1']);
    await runOk('ip', ['-n', host, 'link', 'set', 'marinabr1', 'up']);
    await onBridge(client, '198.18.4.2', `marinabv${tag}0`);
    await onBridge(server, '198.18.4.3', `marinabv${tag}1`);
    children.push(spawn('ip', ['netns', 'exec', server, nodeBinary(), '-e', ECHO_JS, 'backend', '8080'], { stdio: 'ignore' }));
    for (let i = 0; i < 100 && (await netnsExec(client, ['curl', '-s', '-m', '1', 'http://198.18.4.3:8080/'], { allowFail: true })).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    const feed = new MemoryFeed();
    feed.publish([
      { kind: 'app', op: 'put', id: '/br', value: app('/br') },
      { kind: 'task', op: 'put', id: 'br.0', value: bridgeTask('br.0', '198.18.4.3', [{ label: `${VIP}:80`, ip: VIP, port: 80, protocol: 'tcp', portIndex: 0 }]) },
    ]);
    lb = await startLb({
      allocator: 'unused', mode, listen: '127.0.0.1:0', syncPeriodMs: 1_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
      masqueradeAll: false, agentId: 'agent-h', edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external',
      edgeStrict: false, feed: feed.subscriber(), netns: host,
    });
    for (let i = 0; i < 200 && !lb.syncer.ready; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lb.syncer.lastError).toBeUndefined();
  });

  afterAll(async () => {
    await lb?.stop().catch(() => undefined);
    for (const c of children) c.kill('SIGKILL');
    await cleanupLb(host).catch(() => undefined);
    await cleanupNetns();
  });

  it('fails without br_netfilter and the lb reports the sysctls off', async () => {
    expect((await stats()).bridgeNetfilter).toEqual({ 'net.bridge.bridge-nf-call-iptables': false, 'net.bridge.bridge-nf-call-ip6tables': false });
    const r = await curl(client);
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toMatch(/backend/);
  });

  it("with the agent's bridge settings: the client reaches the backend on its bridge, unmasqueraded", async () => {
    await new HostExec(host).sysctl(bridgeNetfilterSysctls());
    const r = await curl(client);
    expect(r.stdout).toBe('backend 198.18.4.2');
    for (let i = 0; i < 100 && (await stats()).bridgeNetfilter?.['net.bridge.bridge-nf-call-iptables'] !== true; i++) await new Promise((res) => setTimeout(res, 50));
    expect((await stats()).bridgeNetfilter).toEqual({ 'net.bridge.bridge-nf-call-iptables': true, 'net.bridge.bridge-nf-call-ip6tables': true });
  });

  it('hairpin: the backend reaches itself through the VIP, masqueraded to the bridge address', async () => {
    const r = await curl(server);
    expect(r.stdout).toBe('backend 198.18.4.1');
  });
});
