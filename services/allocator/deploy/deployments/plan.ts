/**
 * The steps of a deployment changing several run specs at once (a group
 * change), in Marathon's dependency order: stops first, dependents before
 * what they depend on (Marathon stops all in one step; the dependencies
 * ask for this order); then every new run spec started in one step; then
 * scales and restarts level by level, what others depend on first, levels
 * being the longest dependency path through every run spec (Marathon's
 * DeploymentPlan.runSpecsGroupedByLongestPath). A cycle is a 422.
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

/**
 * Dependency level of each changed run spec: the length of the longest
 * dependency path from it through every run spec of `defs` (Marathon's
 * runSpecsGroupedByLongestPath over the whole root group, so two changed
 * apps between which an unchanged one sits are still ordered).
 */
function levels(ids: string[], defs: Map<string, AppDefinition>): Map<string, number> {
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const all = [...defs.keys()];
  const visit = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) throw invalid([{ path: '/', errors: [`Dependency graph has cyclic dependencies (through ${id})`] }]);
    visiting.add(id);
    let l = 0;
    for (const dep of defs.get(id)?.dependencies ?? []) {
      for (const other of all) if (other !== id && (other === dep || other.startsWith(dep + '/'))) l = Math.max(l, visit(other) + 1);
    }
    visiting.delete(id);
    level.set(id, l);
    return l;
  };
  for (const id of ids) visit(id);
  return level;
}

/** The run specs before (stops are ordered in it) and after the changes (the rest are). */
function graphs(changes: SpecChange[], world: Iterable<AppDefinition>): { before: Map<string, AppDefinition>; after: Map<string, AppDefinition> } {
  const before = new Map<string, AppDefinition>();
  for (const a of world) before.set(a.id, a);
  for (const c of changes) if (c.before) before.set(c.before.id, c.before);
  const after = new Map(before);
  for (const c of changes) {
    if (c.after) after.set(c.after.id, c.after);
    else after.delete(idOf(c));
  }
  return { before, after };
}

/** Actions of one kind grouped into steps by level (ascending, or descending for stops). */
function byLevel(changes: SpecChange[], lv: Map<string, number>, kindOf: (c: SpecChange) => ChangeKind, descending: boolean): DeploymentStep[] {
  const groups = new Map<number, SpecChange[]>();
  for (const c of changes) groups.set(lv.get(idOf(c))!, [...(groups.get(lv.get(idOf(c))!) ?? []), c]);
  const order = [...groups.keys()].sort((a, b) => (descending ? b - a : a - b));
  return order.map((l) => ({ actions: groups.get(l)!.flatMap((c) => stepsFor(kindOf(c), idOf(c), isPod(c.after ?? c.before))[0]!.actions) }));
}

/** The steps; `world` is every run spec as it is now (unchanged ones order the changed). */
export function planSteps(changes: SpecChange[], world: Iterable<AppDefinition> = []): DeploymentStep[] {
  const g = graphs(changes, world);
  const stops = changes.filter((c) => c.kind === 'stop');
  const starts = changes.filter((c) => c.kind === 'start');
  const rest = changes.filter((c) => c.kind !== 'stop');
  const lv = levels(rest.map(idOf), g.after);
  const steps = byLevel(stops, levels(stops.map(idOf), g.before), () => 'stop', true);
  if (starts.length > 0) steps.push({ actions: starts.flatMap((c) => stepsFor('start', idOf(c), isPod(c.after))[0]!.actions) });
  steps.push(...byLevel(rest, lv, (c) => (c.kind === 'start' ? 'scale' : c.kind), false));
  return steps;
}

/** A deployment record of several changes. */
export function planRecord(id: string, changes: SpecChange[], version: string, world: Iterable<AppDefinition> = []): DeploymentRecord {
  const ids = changes.map(idOf);
  const pods = new Set(changes.filter((c) => isPod(c.after ?? c.before)).map(idOf));
  return {
    id,
    version,
    affectedApps: ids.filter((i) => !pods.has(i)),
    affectedPods: ids.filter((i) => pods.has(i)),
    steps: planSteps(changes, world),
    currentStep: 1,
    original: Object.fromEntries(changes.map((c) => [idOf(c), c.before])),
    target: Object.fromEntries(changes.map((c) => [idOf(c), c.after])),
  };
}
