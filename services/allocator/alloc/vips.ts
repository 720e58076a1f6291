/**
 * VIPs from port labels VIP_n. Named (`/web:80`): the name gets a stable
 * address from the VIP range, derived from a hash of the name and probed
 * linearly past taken addresses; the binding name → address is stored
 * (alloc/vipnames, with alloc/vipaddrs for the reverse) and never reused
 * for another name, so the address survives restarts and re-deploys.
 * Fixed (`198.19.250.7:80`): used as written. Each address:port is owned by
 * one app (alloc/vips); another app asking for it gets MARINA_ERR_VIP_CONFLICT.
 */
import { createHash } from 'node:crypto';
import { MarinaError } from '../../../lib/errors';
import type { TaskVip } from '../../../lib/model/cluster';
import { parseVipLabel } from '../../../lib/naming';
import { K } from '../state/keys';
import { vipLabelsOf, type AppPort } from './app-ports';
import type { Claims, Owner } from './claims';
import { intToIp, type Cidr4 } from '../../../lib/net/ipv4';

export const vipAddrKey = (ip: string) => `alloc/vipaddrs/${ip}`;
export const vipNameKey = (name: string) => K.vipName(encodeURIComponent(name));

function hashOffset(name: string, size: number): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) % size;
}

/** The address bound to a VIP name, binding a new one when needed. */
function addressForName(claims: Claims, name: string, range: Cidr4): string {
  const existing = claims.view.value<Owner>(vipNameKey(name))?.ip;
  if (existing) return existing;
  const planned = claims.planned.get(vipNameKey(name));
  if (planned) return (JSON.parse(planned) as Owner).ip!;
  const start = hashOffset(name, range.size);
  for (let i = 0; i < range.size; i++) {
    const n = range.base + ((start + i) % range.size);
    if (n === range.base || n === range.base + range.size - 1) continue;
    const ip = intToIp(n);
    if (claims.taken(vipAddrKey(ip))) continue;
    claims.create(vipNameKey(name), { kind: 'vipname', name, ip });
    claims.create(vipAddrKey(ip), { kind: 'vipaddr', name, ip });
    return ip;
  }
  throw new MarinaError('MARINA_ERR_VIP_EXHAUSTED', `the VIP range has no free address for VIP name ${name}`);
}

/** Resolve (and claim) every VIP of an app's ports; returns them per port index. */
export function assignVips(claims: Claims, appId: string, ports: AppPort[], range: Cidr4): TaskVip[] {
  const out: TaskVip[] = [];
  for (const port of ports) {
    for (const { key, label } of vipLabelsOf(port)) {
      const path = `${port.path}/labels/${key}`;
      const parsed = parseVipLabel(label, path);
      let ip: string;
      if (parsed.name !== undefined) {
        ip = addressForName(claims, parsed.name, range);
      } else {
        ip = parsed.ip;
        const bound = claims.view.value<Owner>(vipAddrKey(ip));
        if (bound?.name) {
          throw new MarinaError('MARINA_ERR_VIP_CONFLICT', `VIP ${label} (${path}): address ${ip} is bound to VIP name ${bound.name}`, {
            details: [{ path, errors: [`address ${ip} is bound to VIP name ${bound.name}`] }],
          });
        }
      }
      const vipKey = K.vip(ip, parsed.port);
      const owner = claims.view.value<Owner>(vipKey);
      if ((owner && owner.appId !== appId) || (!owner && claims.taken(vipKey) && !claims.planned.has(vipKey))) {
        throw new MarinaError('MARINA_ERR_VIP_CONFLICT', `VIP ${label} (${path}): ${ip}:${parsed.port} is already owned by app ${owner?.appId ?? '(another deploy in progress)'}`, {
          details: [{ path, errors: [`${ip}:${parsed.port} is already owned by another app`] }],
        });
      }
      if (!owner) claims.create(vipKey, { kind: 'vip', appId, name: parsed.name, ip });
      out.push({ label, name: parsed.name, ip, port: parsed.port, protocol: port.protocol, portIndex: port.index });
    }
  }
  return out;
}
