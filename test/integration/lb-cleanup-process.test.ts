/**
 * `marina lb` as a process (the built binary, run by spawnMarina inside a
 * netns host): `--cleanup` after a running lb programmed IPv4 and IPv6 VIPs
 * (nftables) and iptables/ip6tables rules were left by an earlier iptables
 * run; nothing of Marina's is left in `nft list ruleset`, `iptables-save` or
 * `ip6tables-save`, foreign tables/chains/rules survive, exit code 0. And a
 * starting lb logs a warning naming the br_netfilter sysctl when it is off.
 */
import type { ChildProcess } from 'node:child_process';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { TaskVip } from '../../lib/model/cluster';
import { IptablesBackend } from '../../services/lb/backends/iptables/apply';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { cleanupNetns, createNetns, netnsExec } from '../helpers/netns';
import { spawnMarina, stopAllMarina } from '../helpers/process';
import { app, hostTask } from '../helpers/lb-topology';

jest.setTimeout(90_000);

const NS = 'marina-lbcp';

function exitCode(child: ChildProcess, timeoutMs = 30_000): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('marina lb --cleanup did not exit')), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(t);
      resolve(code ?? signal);
    });
  });
}

/** The saved rules without the `# Generated/Completed` timestamp lines. */
const save = async (cmd: string[]) => (await netnsExec(NS, cmd)).stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n');
const dump = async () => ({ nft: await save(['nft', 'list', 'ruleset']), ipt: await save(['iptables-save']), ip6t: await save(['ip6tables-save']) });

describe('marina lb process', () => {
  let lb: RunningLb | undefined;

  beforeAll(async () => {
    await createNetns(NS);
  });

  afterAll(async () => {
    await lb?.stop().catch(() => undefined);
    await stopAllMarina();
    await cleanupLb(NS).catch(() => undefined);
    await cleanupNetns();
  });

  it('warns at start, naming the br_netfilter sysctls, when bridged frames skip netfilter', async () => {
    await netnsExec(NS, ['sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=0']);
    // No allocator answers: the check runs before the first snapshot.
    const p = spawnMarina(['lb', '--allocator', '127.0.0.1:1', '--listen', '127.0.0.1:0', '--cluster-cidrs', '198.18.0.0/15'], { netns: NS });
    await p.waitForOutput('net.bridge.bridge-nf-call-iptables=1 not set');
    expect(p.output()).not.toMatch(/bridge-nf-call-ip6tables=1/);
    await p.stop();
    await netnsExec(NS, ['sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=1']);
  });

  it('--cleanup removes every Marina object of both modes and families, keeps foreign ones, exits 0', async () => {
    const v4: TaskVip[] = [{ label: '198.19.250.40:80', ip: '198.19.250.40', port: 80, protocol: 'tcp', portIndex: 0 }];
    const v6: TaskVip[] = [{ label: '[2001:2:0:fa::40]:80', ip: '2001:2:0:fa::40', port: 80, protocol: 'tcp', portIndex: 0 }];
    const feed = new MemoryFeed();
    feed.publish([
      { kind: 'app', op: 'put', id: '/a', value: app('/a') },
      { kind: 'app', op: 'put', id: '/b', value: app('/b') },
      { kind: 'task', op: 'put', id: 'a.0', value: hostTask('a.0', '/a', '198.18.5.11', 8080, v4) },
      { kind: 'task', op: 'put', id: 'b.0', value: hostTask('b.0', '/b', '2001:2:0:5::11', 8080, v6, { host: '2001:2:0:5::11', agentId: 'agent-b' }) },
    ]);
    lb = await startLb({
      allocator: 'unused', mode: 'nftables', listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
      masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false,
      feed: feed.subscriber(), netns: NS,
    });
    for (let i = 0; i < 200 && !lb.syncer.ready; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lb.syncer.lastError).toBeUndefined();
    // What an earlier iptables-mode run left (a start in nftables mode would have removed it: write it after).
    await new IptablesBackend({ clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false, netns: NS }).sync(new Map(), lb.syncer.applied, true);
    // The operator's own objects.
    await netnsExec(NS, ['nft', 'add table inet operator; add chain inet operator keep { type filter hook input priority 0; }; add rule inet operator keep tcp dport 22 accept']);
    await netnsExec(NS, ['iptables', '-t', 'nat', '-N', 'OPERATOR-OWN']);
    await netnsExec(NS, ['iptables', '-t', 'nat', '-A', 'PREROUTING', '-j', 'OPERATOR-OWN']);
    await netnsExec(NS, ['iptables', '-t', 'filter', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
    await netnsExec(NS, ['ip6tables', '-t', 'nat', '-N', 'OPERATOR-OWN6']);
    const before = await dump();
    expect(before.nft).toContain('2001:2:0:fa::40 . tcp . 80');
    expect(before.nft).toContain('198.19.250.40 . tcp . 80');
    expect(before.ipt).toMatch(/-A MARINA-(SERVICES|NET-\S+) .*198\.19\.250\.40\/32/);
    expect(before.ip6t).toMatch(/-A MARINA-(SERVICES|NET-\S+) .*2001:2:0:fa::40\/128/);

    await lb.stop(); // rules stay when the lb stops
    lb = undefined;
    expect((await dump()).nft).toContain('table inet marina');
    const p = spawnMarina(['lb', '--cleanup'], { netns: NS });
    expect(await exitCode(p.child)).toBe(0);
    const after = await dump();
    expect(after.nft).not.toMatch(/marina/i);
    for (const t of [after.ipt, after.ip6t]) expect(t).not.toMatch(/MARINA|marina lb/);
    expect(after.nft).toContain('table inet operator');
    expect(after.nft).toContain('tcp dport 22 accept');
    expect(after.ipt).toContain('-A PREROUTING -j OPERATOR-OWN');
    expect(after.ipt).toContain('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
    expect(after.ip6t).toContain(':OPERATOR-OWN6');

    // Idempotent: a second run finds nothing to remove and still exits 0.
    const again = spawnMarina(['lb', '--cleanup'], { netns: NS });
    expect(await exitCode(again.child)).toBe(0);
    expect(await dump()).toEqual(after);
  });
});
