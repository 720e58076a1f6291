/**
 * Tasks in Marathon's /v2 shape: exactly the fields of Marathon's
 * EnrichedTask (docs/docs/rest-api/public/api/v2/types/enrichedTask.raml).
 * Marina's own task fields (agentId, ready, desired, networks, VIPs) are
 * served by /v1/tasks, or added on /v2 only when asked (`embed=apps.marina`).
 */
import type { Task } from '../../../../../lib/model/cluster';

export interface MarathonTask {
  id: string;
  appId: string;
  host: string;
  ports: number[];
  servicePorts: number[];
  ipAddresses: Array<{ ipAddress: string; protocol: string }>;
  state: string;
  stagedAt: string;
  /** Absent until the task runs (Marathon leaves it out too). */
  startedAt?: string;
  version: string;
  healthCheckResults: unknown[];
  slaveId: string;
  localVolumes: unknown[];
}

/** Marina's task fields, added to /v2 tasks by `embed=apps.marina`. */
export interface MarinaTaskFields {
  agentId: string;
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
    ...(t.startedAt ? { startedAt: t.startedAt } : {}),
    version: t.version,
    healthCheckResults: t.healthCheckResults,
    slaveId: t.agentId,
    localVolumes: [],
  };
}

/** The /v2 task plus Marina's fields (only on explicit request). */
export function renderMarinaTask(t: Task): MarathonTask & MarinaTaskFields {
  return { ...renderTask(t), agentId: t.agentId, ready: t.ready, desired: t.desired };
}
