/**
 * Apps in Marathon's /v2 shape: exactly the fields Marathon emits for an
 * app (docs/docs/rest-api/public/api/v2/types/app.raml, AppInfo in
 * appInfo.raml), with Marathon's defaults for the parts Marina accepts but
 * does not use (fetch, executor, dependencies, secrets, unreachableStrategy).
 * A whitelist: nothing stored beside the definition can leak onto /v2.
 */
import type { AppDefinition } from '../../../../../lib/model/app';
import { isServing, type Task } from '../../../../../lib/model/cluster';
import type { StoredApp } from '../../../deploy/rollout';
import { appStatus } from '../../../deploy/apps';
import { backoffOf } from '../../../deploy/backoff';
import type { StateView } from '../../../state/view';
import { deploymentsAffecting } from '../../../deploy/deployments/record';
import { embedsOf, type AppEmbeds } from './embed';
import { renderMarinaTask, renderTask } from './task';

/** Marathon's default for apps that do not set one (instances are replaced at once when unreachable). */
export const DEFAULT_UNREACHABLE_STRATEGY = { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 };

/** The app definition alone, as Marathon writes it (also the body of a stored version). */
export function renderAppDefinition(app: AppDefinition): Record<string, unknown> {
  const version = app.version ?? new Date(0).toISOString();
  return {
    id: app.id,
    ...(app.acceptedResourceRoles ? { acceptedResourceRoles: app.acceptedResourceRoles } : {}),
    ...(app.args ? { args: app.args } : {}),
    backoffFactor: app.backoffFactor,
    backoffSeconds: app.backoffSeconds,
    ...(app.cmd !== undefined ? { cmd: app.cmd } : {}),
    constraints: app.constraints,
    ...(app.container ? { container: { ...app.container, volumes: app.container.volumes ?? [] } } : {}),
    cpus: app.cpus,
    dependencies: app.dependencies ?? [],
    disk: app.disk,
    env: app.env,
    executor: '',
    fetch: [],
    gpus: app.gpus,
    healthChecks: app.healthChecks,
    instances: app.instances,
    killSelection: app.killSelection,
    labels: app.labels,
    maxLaunchDelaySeconds: app.maxLaunchDelaySeconds,
    mem: app.mem,
    networks: app.networks,
    portDefinitions: app.portDefinitions ?? [],
    requirePorts: app.requirePorts,
    secrets: {},
    unreachableStrategy: DEFAULT_UNREACHABLE_STRATEGY,
    upgradeStrategy: app.upgradeStrategy,
    ...(app.user !== undefined ? { user: app.user } : {}),
    version,
    versionInfo: (app as StoredApp).versionInfo ?? { lastScalingAt: version, lastConfigChangeAt: version },
  };
}

type Counts = { staged: number; running: number; healthy: number; unhealthy: number };

function countsOf(tasks: Task[], hasChecks: boolean): Counts {
  const running = tasks.filter((t) => t.state === 'TASK_RUNNING');
  return {
    staged: tasks.filter((t) => t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING').length,
    running: running.length,
    healthy: hasChecks ? running.filter(isServing).length : 0,
    unhealthy: hasChecks ? running.filter((t) => !isServing(t)).length : 0,
  };
}

/** Marathon's taskStats: counts (and life times) of the app's tasks by version; empty groups left out. */
function taskStats(app: AppDefinition, tasks: Task[]): Record<string, unknown> {
  const info = (app as StoredApp).versionInfo;
  const stats = (group: Task[]) => {
    const lives = group.filter((t) => t.startedAt).map((t) => (Date.now() - Date.parse(t.startedAt!)) / 1000).sort((a, b) => a - b);
    const lifeTime = lives.length ? { averageSeconds: lives.reduce((a, b) => a + b, 0) / lives.length, medianSeconds: lives[Math.floor(lives.length / 2)] } : undefined;
    return { stats: { counts: countsOf(group, app.healthChecks.length > 0), ...(lifeTime ? { lifeTime } : {}) } };
  };
  const groups: Record<string, Task[]> = {
    startedAfterLastScaling: info ? tasks.filter((t) => t.stagedAt >= info.lastScalingAt) : [],
    withLatestConfig: info ? tasks.filter((t) => t.appVersion === info.lastConfigChangeAt) : tasks,
    withOutdatedConfig: info ? tasks.filter((t) => t.appVersion !== info.lastConfigChangeAt) : [],
    totalSummary: tasks,
  };
  return Object.fromEntries(Object.entries(groups).filter(([, g]) => g.length > 0).map(([k, g]) => [k, stats(g)]));
}

/**
 * The app with what `embed` asks for (AppInfo). The boolean form (counts and
 * deployments, tasks when true) is kept for callers that only choose tasks.
 */
export function renderApp(app: AppDefinition, view: StateView, embed: boolean | AppEmbeds): Record<string, unknown> {
  const e = typeof embed === 'boolean' ? embedsOf(embed) : embed;
  const s = appStatus(view, app);
  const out = renderAppDefinition(app);
  if (e.counts) Object.assign(out, { tasksStaged: s.staged, tasksRunning: s.running, tasksHealthy: s.healthy, tasksUnhealthy: s.unhealthy });
  if (e.deployments) out.deployments = deploymentsAffecting(view, [app.id]).map((d) => ({ id: d.id }));
  if (e.readiness) out.readinessCheckResults = [];
  if (e.tasks) out.tasks = s.tasks.map(e.marina ? renderMarinaTask : renderTask);
  if (e.taskStats) out.taskStats = taskStats(app, s.tasks);
  const failure = e.lastTaskFailure ? backoffOf(view, app.id)?.lastFailure : undefined;
  if (failure) {
    const { agentId, ...rest } = failure;
    out.lastTaskFailure = { appId: app.id, ...rest, slaveId: agentId };
  }
  return out;
}
