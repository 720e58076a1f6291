// Root-only (creates a netns and sets sysctls): runs in the integration project (see test/README.md).
import { execFileSync } from 'node:child_process';
import { HostExec, sysctlPath } from './exec';
import { useScratchNetns } from '../../test/helpers/netns';

const NS = `marina-ext${process.pid % 100000}`;

useScratchNetns(NS, ['marina-d0', 'marina-d1']);

describe('HostExec.sysctl', () => {
  test('sets sysctls in the host netns (through nsenter for a named host) and names the setting that failed', async () => {
    const exec = new HostExec(NS);
    await exec.sysctl(['net.ipv4.conf.marina-d0.route_localnet=1', 'net.ipv4.conf.marina-d0.proxy_arp=1']);
    const read = (k: string) => execFileSync('nsenter', [`--net=/run/netns/${NS}`, 'sysctl', '-n', k]).toString().trim();
    expect(read('net.ipv4.conf.marina-d0.route_localnet')).toBe('1');
    expect(read('net.ipv4.conf.marina-d0.proxy_arp')).toBe('1');
    await expect(exec.sysctl(['net.ipv4.conf.marina-nope.proxy_arp=1'])).rejects.toThrow(/marina-nope/);
  });

  test('/proc/sys paths keep dots inside interface names', () => {
    expect(sysctlPath('net.ipv4.conf.marina-br0.route_localnet')).toBe('/proc/sys/net/ipv4/conf/marina-br0/route_localnet');
    expect(sysctlPath('net.ipv4.conf.eth0.100.proxy_arp')).toBe('/proc/sys/net/ipv4/conf/eth0.100/proxy_arp');
    expect(sysctlPath('net.ipv4.ip_forward')).toBe('/proc/sys/net/ipv4/ip_forward');
  });
});
