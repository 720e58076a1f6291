/**
 * Simulated hosts for agent tests: an underlay netns holding a bridge, and
 * one netns per host with a veth (eth0) onto it. Everything is named with the
 * given prefix (marina-at… for these tests) and removed by destroy().
 */
import { createNetns, deleteNetns, vethPair } from '../netns';
import { runOk } from '../exec';

export interface SimHost {
  name: string;
  netns: string;
  ip: string;
}

export interface SimUnderlay {
  netns: string;
  hosts: SimHost[];
  destroy(): Promise<void>;
}

/** N hosts on <subnet>.0/24 (e.g. '198.18.1'), host i at <subnet>.(10+i). */
export async function createHosts(prefix: string, subnet: string, n: number): Promise<SimUnderlay> {
  const underlay = `${prefix}u`;
  const created: string[] = [];
  const destroy = async () => {
    for (const ns of created.reverse()) await deleteNetns(ns).catch(() => undefined);
  };
  try {
    await createNetns(underlay);
    created.push(underlay);
    await runOk('ip', ['-n', underlay, 'link', 'add', `${prefix}br`, 'type', 'bridge']);
    await runOk('ip', ['-n', underlay, 'link', 'set', `${prefix}br`, 'up']);
    const hosts: SimHost[] = [];
    for (let i = 1; i <= n; i++) {
      const ns = `${prefix}${i}`;
      await createNetns(ns);
      created.push(ns);
      const ip = `${subnet}.${10 + i}`;
      await vethPair({ ns: underlay, name: `${prefix}v${i}` }, { ns, name: 'eth0', address: `${ip}/24` });
      await runOk('ip', ['-n', underlay, 'link', 'set', `${prefix}v${i}`, 'master', `${prefix}br`]);
      await runOk('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      hosts.push({ name: ns, netns: ns, ip });
    }
    return { netns: underlay, hosts, destroy };
  } catch (err) {
    await destroy();
    throw err;
  }
}
