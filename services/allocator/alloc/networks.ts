/** Virtual networks: validate, create (no overlaps) and delete (when no task uses it). */
import { MarinaError, type FieldError } from '../../../lib/errors';
import type { NetworkDriver, VirtualNetwork } from '../../../lib/model/cluster';
import type { AllocatorContext } from '../context';
import { Claims } from './claims';
import { contains, formatCidr, isIpv4, overlaps, parseCidr } from '../../../lib/net/ipv4';
import { specialOverlap4, specialOverlap6 } from '../../../lib/net/special';
import { formatCidr6, overlaps6, parseCidr6 } from '../../../lib/net/ipv6';
import { DEFAULT_BLOCK_SIZE6 } from './ips6';
import { commit } from '../state/commit';
import { K } from '../state/keys';

const DRIVERS: NetworkDriver[] = ['vxlan', 'host-gw', 'macvlan', 'ptp'];
const NAME_RE = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

/** Validate a network definition; errors name each field. */
export function parseNetwork(input: unknown): VirtualNetwork {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MarinaError('MARINA_ERR_INVALID', 'expected a JSON object (the network)', { details: [{ path: '/', errors: ['expected an object'] }] });
  }
  const o = input as Record<string, unknown>;
  const details: FieldError[] = [];
  const bad = (path: string, msg: string) => details.push({ path, errors: [msg] });
  const known = new Set(['name', 'cidr', 'cidr6', 'blockSize', 'blockSize6', 'driver', 'vni', 'parent', 'labels']);
  for (const k of Object.keys(o)) if (!known.has(k)) bad(`/${k}`, 'unknown field');
  const name = o.name;
  if (typeof name !== 'string' || !NAME_RE.test(name) || name === 'none' || name.length > 63) bad('/name', 'must be a network name (letters, digits, - _ .), not "none"');
  const driver = (o.driver ?? 'vxlan') as NetworkDriver;
  if (!DRIVERS.includes(driver)) bad('/driver', `must be one of ${DRIVERS.join(', ')}`);
  if (o.cidr === undefined && o.cidr6 === undefined) bad('/cidr', 'cidr or cidr6 is required');
  let prefix = 0;
  if (o.cidr !== undefined) {
    try {
      prefix = parseCidr(String(o.cidr), '/cidr').prefix;
    } catch {
      bad('/cidr', `'${String(o.cidr)}' is not an IPv4 CIDR`);
    }
  }
  let prefix6 = -1;
  let cidr6: string | undefined;
  if (o.cidr6 !== undefined) {
    try {
      const c = parseCidr6(String(o.cidr6), '/cidr6');
      prefix6 = c.prefix;
      cidr6 = formatCidr6(c);
    } catch {
      bad('/cidr6', `'${String(o.cidr6)}' is not an IPv6 CIDR (like 2001:2::/48)`);
    }
  }
  const blockSize6 = o.blockSize6 === undefined ? DEFAULT_BLOCK_SIZE6 : Number(o.blockSize6);
  if (o.blockSize6 !== undefined && o.cidr6 === undefined) bad('/blockSize6', 'needs cidr6');
  else if (!Number.isInteger(blockSize6) || blockSize6 > 126 || blockSize6 < prefix6) bad('/blockSize6', `must be an integer prefix length between the cidr6's (${prefix6}) and 126`);
  const blockSize = o.blockSize === undefined ? 26 : Number(o.blockSize);
  if (!Number.isInteger(blockSize) || blockSize > 30 || blockSize < prefix) bad('/blockSize', `must be an integer prefix length between the cidr's (${prefix}) and 30`);
  if (o.vni !== undefined && (!Number.isInteger(o.vni) || (o.vni as number) < 1 || (o.vni as number) > 16777215)) bad('/vni', 'must be an integer 1-16777215');
  if (o.parent !== undefined && typeof o.parent !== 'string') bad('/parent', 'must be an interface name');
  if (driver === 'macvlan' && !o.parent) bad('/parent', 'a macvlan network needs a parent interface');
  if (details.length > 0) throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details });
  return {
    name: name as string,
    ...(o.cidr !== undefined ? { cidr: String(o.cidr) } : {}),
    ...(cidr6 !== undefined ? { cidr6 } : {}),
    blockSize,
    ...(cidr6 !== undefined ? { blockSize6 } : {}),
    driver,
    ...(o.vni !== undefined ? { vni: o.vni as number } : {}),
    ...(o.parent !== undefined ? { parent: o.parent as string } : {}),
    labels: (o.labels as Record<string, string>) ?? {},
  };
}

export async function createNetwork(ctx: AllocatorContext, net: VirtualNetwork): Promise<VirtualNetwork> {
  if (ctx.view.networks.has(net.name)) throw new MarinaError('MARINA_ERR_CONFLICT', `network ${net.name} already exists`);
  const refuse = (path: string, what: string) => {
    throw new MarinaError('MARINA_ERR_INVALID', `${path.slice(1)} ${path === '/cidr' ? net.cidr : net.cidr6} overlaps ${what}`, { details: [{ path, errors: [`overlaps ${what}`] }] });
  };
  if (net.cidr) {
    const c = parseCidr(net.cidr);
    const special = specialOverlap4(c);
    if (special) refuse('/cidr', special);
    for (const other of ctx.view.networks.values()) {
      if (other.cidr && overlaps(c, parseCidr(other.cidr))) refuse('/cidr', `network ${other.name} (${other.cidr})`);
    }
    for (const r of ctx.settings.vipRanges.v4) if (overlaps(c, r)) refuse('/cidr', `the VIP range ${formatCidr(r)}`);
    if (overlaps(c, ctx.settings.bridgeRange)) refuse('/cidr', `the bridge range ${formatCidr(ctx.settings.bridgeRange)}`);
    // the underlay: routing a host's own address into the fabric cuts it off
    for (const a of ctx.view.agents.values()) if (isIpv4(a.ip) && contains(c, a.ip)) refuse('/cidr', `the underlay address ${a.ip} of agent ${a.id}`);
  }
  if (net.cidr6) {
    const c = parseCidr6(net.cidr6);
    const special = specialOverlap6(c);
    if (special) refuse('/cidr6', special);
    for (const other of ctx.view.networks.values()) {
      if (other.cidr6 && overlaps6(c, parseCidr6(other.cidr6))) refuse('/cidr6', `network ${other.name} (${other.cidr6})`);
    }
    for (const r of ctx.settings.vipRanges.v6) if (overlaps6(c, r)) refuse('/cidr6', `the VIP range ${formatCidr6(r)}`);
    for (const a of ctx.view.agents.values()) {
      if (a.ip6 && overlaps6(c, parseCidr6(`${a.ip6}/128`))) refuse('/cidr6', `the underlay address ${a.ip6} of agent ${a.id}`);
    }
  }
  const claims = new Claims(ctx.view, ctx.reserved);
  claims.create(K.network(net.name), net);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  if (!res.succeeded) throw new MarinaError('MARINA_ERR_CONFLICT', `network ${net.name} already exists`);
  return net;
}

export async function deleteNetwork(ctx: AllocatorContext, name: string): Promise<void> {
  const entry = ctx.view.entry(K.network(name));
  if (!entry) throw new MarinaError('MARINA_ERR_NOT_FOUND', `network ${name} does not exist`);
  const users = [...ctx.view.tasks.values()].filter((t) => t.networkName === name);
  if (users.length > 0) throw new MarinaError('MARINA_ERR_CONFLICT', `network ${name} is used by ${users.length} task(s), e.g. ${users[0].id}`);
  const claims = new Claims(ctx.view, ctx.reserved);
  claims.deletes.set(K.network(name), entry.modRevision);
  for (const key of ctx.view.dir(`alloc/blocks/${name}/`)) claims.deletes.set(key, ctx.view.entry(key)!.modRevision);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  if (!res.succeeded) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `network ${name} changed during the delete; retry`);
}
