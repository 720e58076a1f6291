/**
 * Deployments in Marathon's shapes (deployment.raml): the list entry
 * (DeploymentStepInfo without original/target, as GET /v2/deployments
 * answers) and the plan the deployment events carry (DeploymentPlan, with
 * `original` / `target` as groups holding the affected run specs; the
 * `plan-format=light` form leaves those two out).
 */
import type { AppDefinition } from '../../../../../lib/model/app';
import { maskAppEnvs } from '../../../../../lib/secrets';
import type { DeploymentRecord, DeploymentStep } from '../../../deploy/deployments/record';
import { isPod } from '../../../deploy/deployments/record';
import { renderPod } from '../pod-ops';
import { renderAppDefinition } from './app';

type Obj = Record<string, unknown>;

/** GET /v2/deployments entry. */
export function renderDeployment(d: DeploymentRecord): Obj {
  const current = d.steps[Math.min(d.currentStep, d.steps.length) - 1] ?? { actions: [] };
  return {
    id: d.id,
    version: d.version,
    affectedApps: d.affectedApps,
    affectedPods: d.affectedPods,
    steps: d.steps,
    currentActions: current.actions.map((a) => ({ ...a, readinessCheckResults: [] })),
    currentStep: d.currentStep,
    totalSteps: d.steps.length,
  };
}

/** A root group holding the given run specs (Marathon sends its whole root group; Marina, the affected part). */
function groupOf(specs: Record<string, AppDefinition | null>, version: string): Obj {
  const present = Object.values(specs).filter((a): a is AppDefinition => a !== null);
  const apps = present.filter((a) => !isPod(a)).map(renderAppDefinition);
  // the event stream is read-only: secret-looking env values are masked for every reader
  return maskAppEnvs({ id: '/', apps, pods: present.filter(isPod).map(renderPod), groups: [], dependencies: [], version, enforceRole: false }, () => false) as Obj;
}

/** The plan of a deployment event; light = without original/target. */
export function renderPlan(d: DeploymentRecord, light: boolean): Obj {
  if (light) return { id: d.id, steps: d.steps, version: d.version };
  return { id: d.id, original: groupOf(d.original, d.version), target: groupOf(d.target, d.version), steps: d.steps, version: d.version };
}

export function stepOf(d: DeploymentRecord, n: number): DeploymentStep {
  return d.steps[Math.max(1, Math.min(n, d.steps.length)) - 1] ?? { actions: [] };
}
