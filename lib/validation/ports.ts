/**
 * Ports: `portDefinitions` (host networking) and `container.portMappings`
 * (bridge and container networks), with Marathon's defaults:
 * host mode without portDefinitions → one dynamic port named "default";
 * explicit `[]` → no ports; bridge hostPort defaults to 0 (dynamic); on a
 * container network an absent hostPort means no host port.
 */
import type { AppNetwork, PortDefinition, PortMapping, PortProtocol } from '../model/app';
import { vipLabelError } from '../naming/dcos';
import { at, idx, items, type Issues, type Reader } from './issues';
import type { AppNetworking } from './networks';

const PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'udp,tcp'];
export const PORT_NAME_RE = /^[a-z0-9-]+$/;
const DEF_FIELDS = new Set(['port', 'protocol', 'name', 'labels']);
const MAP_FIELDS = new Set(['containerPort', 'hostPort', 'servicePort', 'protocol', 'name', 'labels', 'networkNames']);
const PORT = { min: 0, max: 65535, int: true };

function protocolOf(r: Reader): PortProtocol {
  const p = r.string('protocol');
  if (p === undefined) return 'tcp';
  if (p === 'tcp,udp') return 'udp,tcp';
  if (!(PROTOCOLS as readonly string[]).includes(p)) {
    r.issues.add(r.p('protocol'), `'${p}' is not one of tcp, udp, udp,tcp`);
    return 'tcp';
  }
  return p as PortProtocol;
}

function nameOf(r: Reader): string | undefined {
  const n = r.string('name');
  if (n !== undefined && !PORT_NAME_RE.test(n)) r.issues.add(r.p('name'), `must fully match regular expression '^[a-z0-9-]+$'`);
  return n;
}

function labelsOf(r: Reader): Record<string, string> {
  const labels = r.stringMap('labels') ?? {};
  for (const [k, v] of Object.entries(labels)) {
    if (!/^VIP_[0-9]+$/.test(k)) continue;
    const err = vipLabelError(v);
    if (err) r.issues.add(at(r.p('labels'), k), err);
  }
  return labels;
}

function uniqueNames(names: Array<string | undefined>, path: string, issues: Issues): void {
  const named = names.filter((n): n is string => n !== undefined);
  if (new Set(named).size !== named.length) issues.add(path, 'Port names must be unique.');
}

/** Host-mode `portDefinitions`; `undefined` raw means Marathon's default dynamic port. */
export function parsePortDefinitions(raw: unknown[] | undefined, present: boolean, mode: AppNetworking, issues: Issues): PortDefinition[] | undefined {
  if (mode !== 'host') {
    if (raw && raw.length > 0) issues.add('/portDefinitions', 'portDefinitions are only allowed with host networking; use container.portMappings');
    return undefined;
  }
  if (!present) return [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }];
  const defs: PortDefinition[] = [];
  for (const [r] of items(raw ?? [], '/portDefinitions', issues)) {
    r.rejectUnknown(DEF_FIELDS);
    if (!r.has('port')) issues.add(r.p('port'), 'is required');
    const def: PortDefinition = { port: r.number('port', PORT) ?? 0, protocol: protocolOf(r), labels: labelsOf(r) };
    const name = nameOf(r);
    if (name !== undefined) def.name = name;
    defs.push(def);
  }
  uniqueNames(defs.map((d) => d.name), '/portDefinitions', issues);
  const fixed = defs.map((d) => d.port).filter((p) => p !== 0);
  if (new Set(fixed).size !== fixed.length) issues.add('/portDefinitions', 'Ports must be unique.');
  return defs;
}

function networkNamesOf(r: Reader, networks: AppNetwork[], mode: AppNetworking): string[] | undefined {
  const names = r.strings('networkNames');
  if (names === undefined) return undefined;
  const known = networks.filter((n) => n.mode === 'container').map((n) => n.name);
  names.forEach((n, i) => {
    if (mode !== 'container' || !known.includes(n)) {
      r.issues.add(idx(r.p('networkNames'), i), `'${n}' is not a container network of this app`);
    }
  });
  return names;
}

function parseMapping(r: Reader, networks: AppNetwork[], mode: AppNetworking): PortMapping {
  r.rejectUnknown(MAP_FIELDS);
  const containerPort = r.number('containerPort', PORT) ?? 0;
  if (mode === 'container' && r.has('containerPort') && containerPort === 0) {
    r.issues.add(r.p('containerPort'), 'must be between 1 and 65535 on a container network');
  }
  const m: PortMapping = { containerPort, servicePort: r.number('servicePort', PORT) ?? 0, protocol: protocolOf(r), labels: labelsOf(r) };
  const hostPort = r.number('hostPort', PORT);
  if (hostPort !== undefined) m.hostPort = hostPort;
  else if (mode === 'bridge') m.hostPort = 0;
  const name = nameOf(r);
  if (name !== undefined) m.name = name;
  const networkNames = networkNamesOf(r, networks, mode);
  if (networkNames !== undefined) m.networkNames = networkNames;
  const containerNets = networks.filter((n) => n.mode === 'container').length;
  if (mode === 'container' && m.hostPort !== undefined && containerNets > 1 && networkNames?.length !== 1) {
    r.issues.add(r.p('networkNames'), 'must name exactly one network when hostPort is set and the app joins more than one container network');
  }
  return m;
}

/** `container.portMappings` for bridge / container networking. */
export function parsePortMappings(raw: unknown[] | undefined, networks: AppNetwork[], mode: AppNetworking, issues: Issues): PortMapping[] | undefined {
  if (raw === undefined) return undefined;
  const path = '/container/portMappings';
  if (mode === 'host') {
    if (raw.length > 0) issues.add(path, 'portMappings are only allowed with container/bridge or container networking; use portDefinitions');
    return undefined;
  }
  const maps = items(raw, path, issues).map(([r]) => parseMapping(r, networks, mode));
  uniqueNames(maps.map((m) => m.name), path, issues);
  return maps;
}
