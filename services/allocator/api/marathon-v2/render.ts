/** Apps and tasks in Marathon's /v2 JSON shapes. */
import type { AppDefinition } from '../../../../lib/model/app';
import type { Task } from '../../../../lib/model/cluster';
import type { StoredApp } from '../../deploy/rollout';
import { appStatus } from '../../deploy/apps';
import type { StateView } from '../../state/view';

export interface MarathonTask {
  id: string;
  appId: string;
  host: string;
  ports: number[];
  servicePorts: number[];
  ipAddresses: Array<{ ipAddress: string; protocol: string }>;
  state: string;
  stagedAt: string;
  startedAt: string | null;
  version: string;
  healthCheckResults: unknown[];
  slaveId: string;
  agentId: string;
  localVolumes: unknown[];
  ready: boolean;
  desired: string;
}

export function renderTask(t: Task): MarathonTask {
  return {
    id: t.id,
    appId: t.appId,
    host: t.host,
    ports: t.ports.filter((p) => p.hostPort !== undefined).map((p) => p.hostPort!),
    servicePorts: t.ports.map((p) => p.servicePort ?? 0),
    ipAddresses: t.ipAddresses.map((a) => ({ ipAddress: a.ipAddress, protocol: a.protocol })),
    state: t.state,
    stagedAt: t.stagedAt,
    startedAt: t.startedAt ?? null,
    version: t.version,
    healthCheckResults: t.healthCheckResults,
    slaveId: t.agentId,
    agentId: t.agentId,
    localVolumes: [],
    ready: t.ready,
    desired: t.desired,
  };
}

/** The app with Marathon's counters; tasks embedded when asked. */
export function renderApp(app: AppDefinition, view: StateView, embedTasks: boolean): Record<string, unknown> {
  const s = appStatus(view, app);
  const out: Record<string, unknown> = {
    ...app,
    ports: (app.portDefinitions ?? app.container?.portMappings?.map((m) => ({ port: m.servicePort })) ?? []).map((p) => p.port),
    versionInfo: (app as StoredApp).versionInfo ?? { lastScalingAt: app.version, lastConfigChangeAt: app.version },
    tasksStaged: s.staged,
    tasksRunning: s.running,
    tasksHealthy: s.healthy,
    tasksUnhealthy: s.unhealthy,
    deployments: [],
  };
  if (embedTasks) out.tasks = s.tasks.map(renderTask);
  return out;
}
