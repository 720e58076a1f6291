/**
 * The VIP backends by name, and the one place the choice is made. Cleanup
 * runs against every kernel backend, because a restart may come with a
 * different choice (flannel newTrafficManager, CNI ipmasq).
 */
import { MarinaError } from '../../../lib/errors';
import type { BackendOptions, VipBackend } from './backend';
import { NftablesBackend } from './nftables/apply';
import { IptablesBackend } from './iptables/apply';
import { UserspaceBackend } from './userspace/proxy-backend';

type Factory = (opts: BackendOptions) => VipBackend;

const registry = new Map<string, Factory>([
  ['nftables', (o) => new NftablesBackend(o)],
  ['iptables', (o) => new IptablesBackend(o)],
  ['userspace', (o) => new UserspaceBackend(o)],
]);

export const BACKEND_NAMES = [...registry.keys()];

/** The backend for `mode`; an unknown name is a config error naming the flag. */
export function chooseBackend(mode: string, opts: BackendOptions): VipBackend {
  const make = registry.get(mode);
  if (!make) throw new MarinaError('MARINA_ERR_CONFIG', `invalid --mode ${JSON.stringify(mode)}: expected one of ${BACKEND_NAMES.join(', ')}`);
  return make(opts);
}

/** Clean up every kernel backend except `keep` (all of them when keep is undefined). */
export async function cleanupOthers(keep: string | undefined, opts: BackendOptions): Promise<void> {
  for (const [name, make] of registry) {
    if (name === keep) continue;
    const b = make(opts);
    if (b.kernelNat) await b.cleanup();
  }
}
