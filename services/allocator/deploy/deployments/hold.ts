/**
 * A group change stores every run spec's target at once (Marathon's root
 * group is replaced by the target immediately) while its deployment makes
 * the instance actions step by step: until the step acting on an app comes,
 * its instances stay as the original definition asks (a removed app's tasks
 * keep running, a scale or restart waits, a new app has none). From its
 * first step on (a new app's StartApplication: launches then also wait for
 * its dependencies, dependencies.ts) it follows its stored definition. The
 * launcher, the deployer and the garbage collector ask here before
 * launching or stopping.
 */
import type { AppDefinition } from '../../../../lib/model/app';
import type { StateView } from '../../state/view';
import { actionTarget, deploymentsAffecting } from './record';

/**
 * What app `id`'s instances follow now: undefined = its stored definition
 * (no hold); null = none (not started yet); else the original definition,
 * until the deployment's first step acting on the app comes.
 */
export function heldAs(view: StateView, id: string): AppDefinition | null | undefined {
  for (const d of deploymentsAffecting(view, [id])) {
    if (!d.stepwise || !(id in d.target)) continue;
    const reached: string[] = [];
    let acted = false;
    d.steps.forEach((s, i) => {
      for (const a of s.actions) {
        if (actionTarget(a) !== id) continue;
        acted = true;
        if (i + 1 <= d.currentStep) reached.push(a.action);
      }
    });
    if (!acted) continue;
    if (reached.length === 0) return d.held && id in d.held ? d.held[id]! : (d.original[id] ?? null);
  }
  return undefined;
}
