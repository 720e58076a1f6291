/**
 * Service ports (Marathon `servicePort`, range 10000-20000 by default):
 * unique cluster-wide, one key each, owned by the app. 0 = assigned; an
 * app keeps its ports across scaling and updates (same index, same port).
 */
import { MarinaError } from '../../../lib/errors';
import { K } from '../state/keys';
import type { AppPort } from './app-ports';
import type { Claims, Owner } from './claims';

export interface Range {
  begin: number;
  end: number;
}

function ownedBy(claims: Claims, key: string, appId: string): boolean {
  return claims.view.value<Owner>(key)?.appId === appId;
}

/**
 * The service port for each app port: the fixed one (must be free or this
 * app's), the previous assignment at that index, or a free one from range.
 */
export function assignServicePorts(claims: Claims, appId: string, ports: AppPort[], previous: number[], range: Range): number[] {
  const out: number[] = [];
  const used = new Set<number>();
  const own = { kind: 'serviceport', appId };
  for (const p of ports) {
    let sp = p.servicePort;
    if (sp === 0 && previous[p.index] && !used.has(previous[p.index])) sp = previous[p.index];
    if (sp > 0) {
      const key = K.servicePort(sp);
      if (used.has(sp) || (claims.taken(key) && !ownedBy(claims, key, appId))) {
        throw new MarinaError('MARINA_ERR_SERVICE_PORT_EXHAUSTED', `service port ${sp} (${p.path}/servicePort) is already used by another app`, {
          details: [{ path: `${p.path}`, errors: [`service port ${sp} is already in use`] }],
        });
      }
      if (!claims.view.kv.has(key)) claims.create(key, own);
    } else {
      const n = range.end - range.begin + 1;
      const start = Math.floor(Math.random() * n);
      for (let i = 0; i < n && sp === 0; i++) {
        const candidate = range.begin + ((start + i) % n);
        if (!used.has(candidate) && !claims.taken(K.servicePort(candidate))) sp = candidate;
      }
      if (sp === 0) {
        throw new MarinaError('MARINA_ERR_SERVICE_PORT_EXHAUSTED', `no free service port in ${range.begin}-${range.end} for ${p.path}`);
      }
      claims.create(K.servicePort(sp), own);
    }
    used.add(sp);
    out.push(sp);
  }
  return out;
}
