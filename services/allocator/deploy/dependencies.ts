/**
 * Marathon's `dependencies`: an app launches only once every run spec it
 * depends on (an app id, or a group id: every app below it) runs at full
 * strength — exactly `instances` live tasks of its current config, all
 * running and ready. Until then its instances wait (GET /v2/queue says so);
 * the reconciler launches them as soon as the dependencies are up.
 */
import type { AppDefinition } from '../../../lib/model/app';
import { isServing } from '../../../lib/model/cluster';
import type { StateView } from '../state/view';
import { isOld } from './rollout';
import { liveTasks } from './tasks';

function upAtFullStrength(view: StateView, app: AppDefinition): boolean {
  const live = liveTasks(view, app.id);
  return live.length >= app.instances && live.filter((t) => isServing(t) && !isOld(app, t)).length >= app.instances;
}

/** The run specs a dependency id names: the app itself, or every app below the group. */
function named(view: StateView, id: string): AppDefinition[] {
  const app = view.apps.get(id);
  if (app) return [app];
  return [...view.apps.values()].filter((a) => a.id.startsWith(id + '/'));
}

/** The first dependency that is not up yet (undefined: the app may launch). */
export function waitingOn(view: StateView, app: AppDefinition): string | undefined {
  for (const dep of app.dependencies ?? []) {
    const specs = named(view, dep);
    if (specs.length === 0 || specs.some((a) => !upAtFullStrength(view, a))) return dep;
  }
  return undefined;
}
