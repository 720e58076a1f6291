/**
 * What a change does to one run spec, judged from the definitions alone:
 * nothing, a start, a stop, a scale (only `instances` differ) or a restart
 * (the config differs). Pure, so plans, progress and reverts share it.
 */
import type { AppDefinition } from '../../../../lib/model/app';
import { appPorts, withServicePorts } from '../../alloc/app-ports';
import type { StoredApp } from '../rollout';
import type { SpecChange } from './plan';

/** The definition without what the store adds (version, instances, versionInfo), for comparisons. */
export function configOf(app: AppDefinition): string {
  const { version: _v, instances: _i, versionInfo: _vi, ...rest } = app as StoredApp;
  return JSON.stringify(rest);
}

/** The change from before to after (undefined: none). */
export function changeOf(before: AppDefinition | null, after: AppDefinition | null): SpecChange | undefined {
  if (!before && !after) return undefined;
  if (!before) return { kind: 'start', before, after };
  if (!after) return { kind: 'stop', before, after };
  // a port left at 0 keeps the service port the stored definition was given: no change
  const before0 = appPorts(before).map((p) => p.servicePort);
  const kept = withServicePorts(after, appPorts(after).map((p, i) => (p.servicePort === 0 ? (before0[i] ?? 0) : p.servicePort)));
  if (configOf(before) !== configOf(kept)) return { kind: 'restart', before, after };
  if (before.instances !== after.instances) return { kind: 'scale', before, after };
  return undefined;
}
