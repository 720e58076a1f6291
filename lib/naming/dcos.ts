/**
 * DC/OS (dcos-net) names under `thisdcos.directory`:
 * - tasks: `<label>.<framework>.{agentip,containerip,autoip}.dcos.thisdcos.directory`,
 *   label = mesos_state:label(task name), so `/group/web` (task name `web.group`) → `web-group`;
 * - named VIPs: `<domain_frag(name)>.<framework>.l4lb.thisdcos.directory`, so the
 *   label `/group/web:80` → `groupweb.marathon.l4lb.thisdcos.directory` ('/' is dropped).
 * Source: dcos-net apps/dcos_dns/src/dcos_dns_mesos.erl (format_name),
 * apps/dcos_l4lb/src/dcos_l4lb_mesos_poller.erl (key/3) and
 * dcos_l4lb_lashup_vip_listener.erl (binary_to_name); DC/OS docs "DNS" page.
 */
import { isIP } from 'node:net';
import { invalid } from '../errors';
import { dcosDomainFrag, dcosLabel } from './labels';
import { marathonTaskName } from './mesos-dns';

export const DCOS_DOMAIN = 'dcos.thisdcos.directory';
export const L4LB_DOMAIN = 'l4lb.thisdcos.directory';

export type DcosIpKind = 'agentip' | 'containerip' | 'autoip';

/** dcos-net's task label: `/group/web` → `web-group`. */
export function dcosAppLabel(appId: string): string {
  return dcosLabel(marathonTaskName(appId));
}

/** `web-group.marathon.autoip.dcos.thisdcos.directory` (no trailing dot). */
export function dcosTaskName(appId: string, kind: DcosIpKind, framework = 'marathon'): string {
  return `${dcosAppLabel(appId)}.${dcosLabel(framework)}.${kind}.${DCOS_DOMAIN}`;
}

/** The DNS label part of a named VIP: `/group/web` → `groupweb`, `my.vip` → `my.vip`. */
export function vipNameLabel(name: string): string {
  return dcosDomainFrag(name);
}

/** `web.marathon.l4lb.thisdcos.directory` for the VIP name `/web`. */
export function vipFqdn(name: string, framework = 'marathon'): string {
  return `${vipNameLabel(name)}.${dcosDomainFrag(framework)}.${L4LB_DOMAIN}`;
}

/** A parsed `VIP_n` port label: a named VIP or a fixed address, and its port. */
export type VipLabel = { name: string; ip?: undefined; port: number } | { ip: string; name?: undefined; port: number };

/** Why a VIP label is invalid, or undefined when it parses. */
export function vipLabelError(label: string): string | undefined {
  try {
    parseVipLabelOrThrow(label);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function parseVipLabelOrThrow(label: string): VipLabel {
  const colon = label.lastIndexOf(':');
  if (colon < 0) throw new Error(`VIP '${label}' must be <name>:<port> or <ip>:<port>`);
  let host = label.slice(0, colon);
  const portText = label.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new Error(`VIP '${label}' has an invalid port '${portText}' (1-65535)`);
  }
  const port = Number(portText);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIP(host) !== 0) return { ip: host, port };
  if (/^[0-9.]+$/.test(host)) throw new Error(`VIP '${label}' has an invalid IP address '${host}'`);
  if (vipNameLabel(host) === '') throw new Error(`VIP '${label}' has an empty name once sanitised`);
  return { name: host, port };
}

/**
 * Parse a VIP label as dcos-net does (split at the last ':'; an address that
 * parses is fixed, anything else is a name): `/web:80` → {name: '/web', port: 80},
 * `198.19.250.7:80` → {ip, port}. Throws a 422 naming `path`.
 */
export function parseVipLabel(label: string, path = '/labels/VIP_0'): VipLabel {
  try {
    return parseVipLabelOrThrow(label);
  } catch (err) {
    throw invalid([{ path, errors: [(err as Error).message] }]);
  }
}
