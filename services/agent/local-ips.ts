/**
 * Addresses of the host's bridge subnet (agent.bridgeCidr) for bridge-mode
 * tasks. The allocator hands each host a subnet (flannel's per-host lease);
 * the host assigns inside it, like host-local IPAM. The used set is rebuilt
 * from the task records after a restart.
 */
import { MarinaError } from '../../lib/errors';
import { contains, firstHost, hostsOf } from '../../lib/net/ipv4';

export class LocalIps {
  private readonly used = new Set<string>();

  constructor(private cidr?: string) {}

  setCidr(cidr: string | undefined): void {
    this.cidr = cidr;
  }

  /** Mark an address taken if it is in the subnet (re-adopted tasks). */
  markUsed(ip: string | undefined): void {
    if (ip && this.cidr && contains(this.cidr, ip)) this.used.add(ip);
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip);
  }

  allocate(owner: string): { address: string; gateway: string } {
    if (!this.cidr) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${owner}: bridge mode needs the agent's bridgeCidr (none allocated; set --bridge-cidr)`);
    const prefix = this.cidr.split('/')[1];
    for (const ip of hostsOf(this.cidr)) {
      if (this.used.has(ip)) continue;
      this.used.add(ip);
      return { address: `${ip}/${prefix}`, gateway: firstHost(this.cidr) };
    }
    throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `bridge subnet ${this.cidr} has no free address for task ${owner}`);
  }
}
