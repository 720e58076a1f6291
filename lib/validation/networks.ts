/**
 * Marathon `networks`: host (default), container/bridge, container (named
 * virtual network). Marathon's rules: host mixes with nothing, at most one
 * bridge and it mixes with nothing, container networks are named and unique.
 */
import type { AppNetwork, NetworkMode } from '../model/app';
import { items, type Issues } from './issues';

const MODES: readonly NetworkMode[] = ['host', 'container/bridge', 'container'];
const NETWORK_FIELDS = new Set(['mode', 'name', 'labels']);
const NETWORK_NAME_RE = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

/** How an app is wired, derived from its networks. */
export type AppNetworking = 'host' | 'bridge' | 'container';

export function networkingOf(networks: AppNetwork[]): AppNetworking {
  const first = networks[0];
  if (!first || first.mode === 'host') return 'host';
  return first.mode === 'container/bridge' ? 'bridge' : 'container';
}

function parseOne(r: import('./issues').Reader, issues: Issues): AppNetwork | undefined {
  r.rejectUnknown(NETWORK_FIELDS);
  const mode = (r.string('mode') ?? 'container') as NetworkMode;
  if (!MODES.includes(mode)) {
    issues.add(r.p('mode'), `'${mode}' is not one of host, container/bridge, container`);
    return undefined;
  }
  const name = r.string('name');
  const labels = r.stringMap('labels');
  if (mode !== 'container' && name !== undefined) issues.add(r.p('name'), `a ${mode} network must not have a name`);
  if (mode === 'container') {
    if (name === undefined || name === '') issues.add(r.p('name'), 'container networks must have a name');
    else if (!NETWORK_NAME_RE.test(name)) issues.add(r.p('name'), `'${name}' is not a valid network name`);
  }
  const net: AppNetwork = { mode };
  if (mode === 'container' && name !== undefined) net.name = name;
  if (labels !== undefined) net.labels = labels;
  return net;
}

/** Parse `networks`; absent or empty means `[{mode: 'host'}]` as in Marathon. */
export function parseNetworks(raw: unknown[] | undefined, issues: Issues): AppNetwork[] {
  if (!raw || raw.length === 0) return [{ mode: 'host' }];
  const nets: AppNetwork[] = [];
  for (const [r] of items(raw, '/networks', issues)) {
    const n = parseOne(r, issues);
    if (n) nets.push(n);
  }
  const count = (m: NetworkMode): number => nets.filter((n) => n.mode === m).length;
  if (count('host') > 0 && nets.length > 1) issues.add('/networks', 'host networking cannot be mixed with other networks');
  if (count('container/bridge') > 1) issues.add('/networks', 'at most one container/bridge network is allowed');
  if (count('container/bridge') === 1 && nets.length > 1) issues.add('/networks', 'container/bridge networking cannot be mixed with other networks');
  const names = nets.filter((n) => n.mode === 'container').map((n) => n.name);
  if (new Set(names).size !== names.length) issues.add('/networks', 'container network names must be unique');
  return nets.length > 0 ? nets : [{ mode: 'host' }];
}
