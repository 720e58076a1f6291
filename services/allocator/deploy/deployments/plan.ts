/**
 * The steps of a deployment changing several run specs at once (a group
 * change), in Marathon's dependency order: stops first, dependents before
 * what they depend on; then every new run spec started in one step; then
 * scales and restarts level by level, what others depend on first. A cycle
 * in the dependencies is a 422, as in Marathon.
 */
import { invalid } from '../../../../lib/errors';
import type { AppDefinition } from '../../../../lib/model/app';
import { isPod, stepsFor, type ChangeKind, type DeploymentRecord, type DeploymentStep } from './record';

export interface SpecChange {
  kind: ChangeKind;
  before: AppDefinition | null;
  after: AppDefinition | null;
}

const idOf = (c: SpecChange) => (c.after ?? c.before)!.id;

/** Dependency level of each changed run spec among the changed ones (0: depends on none of them). */
function levels(changes: SpecChange[]): Map<string, number> {
  const defs = new Map(changes.map((c) => [idOf(c), (c.after ?? c.before)!]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) throw invalid([{ path: '/', errors: [`Dependency graph has cyclic dependencies (through ${id})`] }]);
    visiting.add(id);
    let l = 0;
    for (const dep of defs.get(id)!.dependencies ?? []) {
      for (const other of defs.keys()) if (other !== id && (other === dep || other.startsWith(dep + '/'))) l = Math.max(l, visit(other) + 1);
    }
    visiting.delete(id);
    level.set(id, l);
    return l;
  };
  for (const id of defs.keys()) visit(id);
  return level;
}

/** Actions of one kind grouped into steps by level (ascending, or descending for stops). */
function byLevel(changes: SpecChange[], lv: Map<string, number>, kindOf: (c: SpecChange) => ChangeKind, descending: boolean): DeploymentStep[] {
  const groups = new Map<number, SpecChange[]>();
  for (const c of changes) groups.set(lv.get(idOf(c))!, [...(groups.get(lv.get(idOf(c))!) ?? []), c]);
  const order = [...groups.keys()].sort((a, b) => (descending ? b - a : a - b));
  return order.map((l) => ({ actions: groups.get(l)!.flatMap((c) => stepsFor(kindOf(c), idOf(c), isPod(c.after ?? c.before))[0]!.actions) }));
}

export function planSteps(changes: SpecChange[]): DeploymentStep[] {
  const lv = levels(changes);
  const stops = changes.filter((c) => c.kind === 'stop');
  const starts = changes.filter((c) => c.kind === 'start');
  const rest = changes.filter((c) => c.kind !== 'stop');
  const steps = byLevel(stops, lv, () => 'stop', true);
  if (starts.length > 0) steps.push({ actions: starts.flatMap((c) => stepsFor('start', idOf(c), isPod(c.after))[0]!.actions) });
  steps.push(...byLevel(rest, lv, (c) => (c.kind === 'start' ? 'scale' : c.kind), false));
  return steps;
}

/** A deployment record of several changes. */
export function planRecord(id: string, changes: SpecChange[], version: string): DeploymentRecord {
  const ids = changes.map(idOf);
  const pods = new Set(changes.filter((c) => isPod(c.after ?? c.before)).map(idOf));
  return {
    id,
    version,
    affectedApps: ids.filter((i) => !pods.has(i)),
    affectedPods: ids.filter((i) => pods.has(i)),
    steps: planSteps(changes),
    currentStep: 1,
    original: Object.fromEntries(changes.map((c) => [idOf(c), c.before])),
    target: Object.fromEntries(changes.map((c) => [idOf(c), c.after])),
  };
}
