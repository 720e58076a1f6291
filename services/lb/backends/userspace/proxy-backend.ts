/**
 * The userspace VIP backend (no root, no nftables): a TCP or UDP listener per
 * VIP on the VIP address itself, which must be local (`ip addr add VIP dev
 * lo` by the operator or by a host that routes the VIP range here).
 * Needs no conntrack flushing: its UDP sessions follow the backend set.
 */
import { logger } from '../../../../lib/log';
import { L4Balancer } from '../../proxy/l4/balancer';
import { TcpVip } from '../../proxy/l4/tcp';
import { UdpVip } from '../../proxy/l4/udp';
import type { BackendOptions, VipBackend } from '../backend';
import type { VipTable } from '../../model/vip-table';
import type { L4Stats } from '../backend';

export class UserspaceBackend implements VipBackend {
  readonly name = 'userspace';
  readonly kernelNat = false;
  private readonly vips = new Map<string, TcpVip | UdpVip>();
  private readonly log = logger('lb.userspace');

  constructor(_opts: BackendOptions) {}

  async sync(_prev: VipTable, desired: VipTable): Promise<void> {
    const failures: string[] = [];
    for (const [key, vip] of this.vips) {
      if (desired.has(key)) continue;
      await vip.close();
      this.vips.delete(key);
    }
    for (const svc of desired.values()) {
      let vip = this.vips.get(svc.key);
      if (!vip) {
        const bal = new L4Balancer(svc.affinitySeconds);
        vip = svc.proto === 'tcp' ? new TcpVip(svc.ip, svc.port, bal) : new UdpVip(svc.ip, svc.port, bal);
        try {
          await vip.listen();
        } catch (err) {
          failures.push(`${svc.key}: ${(err as Error).message}`);
          continue;
        }
        this.vips.set(svc.key, vip);
      }
      vip.balancer.update(svc.backends, svc.affinitySeconds);
      if (vip instanceof UdpVip) vip.prune();
    }
    if (failures.length > 0) {
      this.log.warn({ failures }, 'some VIP listeners could not start');
      throw new Error(`failed to listen on ${failures.join('; ')}`);
    }
  }

  memberStats(): L4Stats {
    return new Map([...this.vips].map(([key, vip]) => [key, vip.balancer.stats]));
  }

  async cleanup(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    for (const vip of this.vips.values()) await vip.close();
    this.vips.clear();
  }
}
