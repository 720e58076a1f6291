/**
 * A deployer may write a network policy only when everything it protects is
 * inside the deployer's prefixes: every selector app pattern under a prefix
 * (`/shop/*` under `/shop`), and no labels-only selector (labels can pick
 * apps anywhere). Peers (`from`/`to`) name other apps freely: admitting
 * traffic into one's own apps is one's own business.
 */
import { underPrefix, type Identity } from '../../../lib/auth/identity';
import type { PolicySelector } from '../../../lib/model/policy';

/** Undefined when allowed; else the 403 message. `selectors`: the request's and the stored policy's (a replace or delete touches both). */
export function deniedPolicyScope(id: Identity, selectors: Array<PolicySelector | undefined>): string | undefined {
  if (id.role === 'admin') return undefined;
  if (id.role !== 'deployer') return `role ${id.role} may not change network policies (admin, deployer)`;
  const prefixes = id.prefixes ?? [];
  for (const s of selectors) {
    if (!s || typeof s !== 'object') continue;
    const apps = Array.isArray(s.apps) ? s.apps.filter((a): a is string => typeof a === 'string') : [];
    if (apps.length === 0 && s.labels) return `a policy selecting by labels alone may pick apps outside the prefixes of this deployer token (${prefixes.join(', ')}); name its apps`;
    for (const a of apps) {
      const base = a.endsWith('/*') ? a.slice(0, -2) || '/' : a;
      if (!underPrefix(base, prefixes)) return `app ${a} is outside the prefixes of this deployer token (${prefixes.join(', ')})`;
    }
  }
  return undefined;
}
