/**
 * A deployment as stored: `deployments/<uuid>`, written in the same
 * transaction as the change it deploys (so every replica sees it, and it
 * survives a restart) and deleted by the leader once its last step is done
 * (tracker.ts). Shapes follow Marathon's DeploymentPlan (deployment.raml):
 * steps of actions on apps or pods, 1-based `currentStep`, and the affected
 * run specs before (`original`, null = absent) and after (`target`) the
 * change, which a rollback (DELETE /v2/deployments/{id}) restores.
 */
import type { AppDefinition } from '../../../../lib/model/app';
import { podSpecOf } from '../../../../lib/validation/pod';
import type { StateView } from '../../state/view';

export type DeploymentActionName =
  | 'StartApplication'
  | 'StopApplication'
  | 'ScaleApplication'
  | 'RestartApplication'
  | 'StartPod'
  | 'StopPod'
  | 'ScalePod'
  | 'RestartPod';

export interface DeploymentAction {
  action: DeploymentActionName;
  app?: string;
  pod?: string;
}

export interface DeploymentStep {
  actions: DeploymentAction[];
}

export interface DeploymentRecord {
  id: string;
  version: string;
  affectedApps: string[];
  affectedPods: string[];
  steps: DeploymentStep[];
  /** 1-based index of the step in progress (Marathon's). */
  currentStep: number;
  /** Run specs before the change (null: did not exist). */
  original: Record<string, AppDefinition | null>;
  /** Run specs after the change (null: removed). */
  target: Record<string, AppDefinition | null>;
  /** The group the change was made through (group_change_success); else the parent of the run spec. */
  groupId?: string;
  /** Several changes made step by step (steps.ts); a step is done only once its run specs are as `target`. */
  stepwise?: boolean;
  /**
   * What an app's instances follow until its step comes, where not its
   * `original`: the definition a deployment this one superseded (force, a
   * rollback) still held them at (hold.ts).
   */
  held?: Record<string, AppDefinition | null>;
}

/** What a change does to one run spec. */
export type ChangeKind = 'start' | 'scale' | 'restart' | 'stop';

const PREFIX = 'deployments/';

/** The run spec an action names. */
export function actionTarget(a: DeploymentAction): string {
  return (a.app ?? a.pod)!;
}

function action(kind: Exclude<ChangeKind, 'start'> | 'start', id: string, pod: boolean): DeploymentAction {
  const verb = { start: 'Start', scale: 'Scale', restart: 'Restart', stop: 'Stop' }[kind];
  return pod ? { action: `${verb}Pod` as DeploymentActionName, pod: id } : { action: `${verb}Application` as DeploymentActionName, app: id };
}

/**
 * The steps of one change, as Marathon plans them: a new run spec is
 * started (step 1), then scaled to its instances (step 2); a scale, a
 * restart (new config) or a stop is one step.
 */
export function stepsFor(kind: ChangeKind, id: string, pod: boolean): DeploymentStep[] {
  if (kind === 'start') return [{ actions: [action('start', id, pod)] }, { actions: [action('scale', id, pod)] }];
  return [{ actions: [action(kind, id, pod)] }];
}

export function isPod(app: AppDefinition | null | undefined): boolean {
  return !!app && !!podSpecOf(app.labels);
}

/** A new record for one change of one run spec. */
export function newRecord(id: string, kind: ChangeKind, before: AppDefinition | null, after: AppDefinition | null, version: string): DeploymentRecord {
  const specId = (after ?? before)!.id;
  const pod = isPod(after ?? before);
  return {
    id,
    version,
    affectedApps: pod ? [] : [specId],
    affectedPods: pod ? [specId] : [],
    steps: stepsFor(kind, specId, pod),
    currentStep: 1,
    original: { [specId]: before },
    target: { [specId]: after },
  };
}

/** Every deployment in flight, oldest first. */
export function deploymentsOf(view: StateView): DeploymentRecord[] {
  const out: DeploymentRecord[] = [];
  for (const key of view.dir(PREFIX)) {
    const d = view.value<DeploymentRecord>(key);
    if (d) out.push(d);
  }
  return out.sort((a, b) => a.version.localeCompare(b.version) || a.id.localeCompare(b.id));
}

export function deploymentOf(view: StateView, id: string): DeploymentRecord | undefined {
  return view.value<DeploymentRecord>(PREFIX + id);
}

/** The deployments in flight that change any of the run specs. */
export function deploymentsAffecting(view: StateView, ids: Iterable<string>): DeploymentRecord[] {
  const wanted = new Set(ids);
  const out: DeploymentRecord[] = [];
  // every app of a list asks: filter before sorting
  for (const key of view.dir(PREFIX)) {
    const d = view.value<DeploymentRecord>(key);
    if (d && (d.affectedApps.some((a) => wanted.has(a)) || d.affectedPods.some((p) => wanted.has(p)))) out.push(d);
  }
  return out.sort((a, b) => a.version.localeCompare(b.version) || a.id.localeCompare(b.id));
}
