/**
 * IP sources, as Mesos-DNS's `IPSources` (records/state/state.go): a task's
 * address for `N.F.D` comes from the first source, in configured order, that
 * yields any address. Names: host (agent), netinfo (container network infos),
 * mesos / docker (containerizer status labels), autoip (container address on
 * a virtual network, else the agent's).
 */
import { MarinaError } from '../../../lib/errors';

export const IP_SOURCES = ['host', 'netinfo', 'mesos', 'docker', 'autoip'] as const;
export type IpSource = (typeof IP_SOURCES)[number];

/** Mesos-DNS's default order. */
export const DEFAULT_IP_SOURCES: IpSource[] = ['netinfo', 'mesos', 'host'];

export function parseIpSources(list: string[], field = 'ip-sources'): IpSource[] {
  if (list.length === 0) throw new MarinaError('MARINA_ERR_CONFIG', `${field}: at least one IP source is needed (${IP_SOURCES.join(', ')})`);
  for (const s of list) {
    if (!(IP_SOURCES as readonly string[]).includes(s)) {
      throw new MarinaError('MARINA_ERR_CONFIG', `${field}: unknown IP source ${JSON.stringify(s)} (expected one of ${IP_SOURCES.join(', ')})`);
    }
  }
  return list as IpSource[];
}

/** The first non-empty list of addresses, trying sources in order. */
export function pickIps(order: IpSource[], by: (src: IpSource) => string[]): string[] {
  for (const src of order) {
    const ips = by(src).filter(Boolean);
    if (ips.length > 0) return ips;
  }
  return [];
}
