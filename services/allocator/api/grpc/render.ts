/**
 * The JSON texts the Apps RPCs carry (app_json, apps_json). The wire keeps
 * Marathon's app and task shapes for now (clients parse them as they parse
 * /v2), but this transport produces them itself from the core's domain types.
 */
import type { AppDefinition } from '../../../../lib/model/app';
import type { Task } from '../../../../lib/model/cluster';
import { appStatus } from '../../deploy/apps';
import type { StoredApp } from '../../deploy/rollout';
import type { StateView } from '../../state/view';

function taskJson(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    appId: t.appId,
    host: t.host,
    ports: t.ports.flatMap((p) => (p.hostPort === undefined ? [] : [p.hostPort])),
    servicePorts: t.ports.map((p) => p.servicePort ?? 0),
    ipAddresses: t.ipAddresses.map(({ ipAddress, protocol }) => ({ ipAddress, protocol })),
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

/** One app as the Apps RPCs send it: definition, counters, tasks when asked. */
export function appJson(app: AppDefinition, view: StateView, embedTasks: boolean): string {
  const s = appStatus(view, app);
  const ports = app.portDefinitions ?? app.container?.portMappings?.map((m) => ({ port: m.servicePort })) ?? [];
  return JSON.stringify({
    ...app,
    ports: ports.map((p) => p.port),
    versionInfo: (app as StoredApp).versionInfo ?? { lastScalingAt: app.version, lastConfigChangeAt: app.version },
    tasksStaged: s.staged,
    tasksRunning: s.running,
    tasksHealthy: s.healthy,
    tasksUnhealthy: s.unhealthy,
    deployments: [],
    ...(embedTasks ? { tasks: s.tasks.map(taskJson) } : {}),
  });
}
