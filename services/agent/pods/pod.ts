/**
 * Pods (Marathon's pods, reduced to what the agent needs): several
 * processes sharing one task's netns, each told the pod's endpoints as
 * ENDPOINT_<NAME> (lib/env computeEndpointEnv). The allocator's /v2/pods
 * stores a pod as an app (lib/model/pod.ts) whose label MARINA_POD_CONTAINERS
 * holds its containers as JSON (an app may also carry the label itself),
 *   [{"name": "web", "cmd": "exec python3 -m http.server $ENDPOINT_HTTP"},
 *    {"name": "sidecar", "cmd": "...", "env": {"K": "V"}}]
 * and whose named ports (portDefinitions / portMappings `name`) are the
 * endpoints; the allocator allocates them as for any app and one task is
 * one pod instance. The first container to exit ends the instance: the
 * others are stopped and the task is reported FINISHED (status 0) or FAILED.
 */
import { computeEndpointEnv } from '../../../lib/env';
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import { POD_CONTAINER_NAME, POD_CONTAINERS_LABEL } from '../../../lib/model/pod';
import type { Task } from '../../../lib/model/cluster';

export const POD_LABEL = POD_CONTAINERS_LABEL;

export interface PodContainer {
  name: string;
  cmd: string;
  env: Record<string, string>;
}

const NAME = POD_CONTAINER_NAME;

function invalid(field: string, msg: string): never {
  throw new MarinaError('MARINA_ERR_AGENT_WIRING', `labels.${POD_LABEL}${field}: ${msg}`);
}

/** The app's pod containers, or undefined if it is not a pod. Every field checked by name. */
export function podContainers(app: AppDefinition | undefined): PodContainer[] | undefined {
  const raw = app?.labels?.[POD_LABEL];
  if (raw === undefined) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch (err) {
    return invalid('', `not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(list) || list.length === 0) invalid('', 'expected a non-empty JSON array of containers');
  const seen = new Set<string>();
  return (list as unknown[]).map((c, i) => {
    const o = (c ?? {}) as { name?: unknown; cmd?: unknown; env?: unknown };
    if (typeof o.name !== 'string' || !NAME.test(o.name)) invalid(`[${i}].name`, `expected a DNS label (a-z, 0-9, -), got ${JSON.stringify(o.name)}`);
    if (seen.has(o.name as string)) invalid(`[${i}].name`, `duplicate container name ${JSON.stringify(o.name)}`);
    seen.add(o.name as string);
    if (typeof o.cmd !== 'string' || o.cmd.trim() === '') invalid(`[${i}].cmd`, 'expected a non-empty shell command');
    const env = (o.env ?? {}) as Record<string, unknown>;
    if (typeof env !== 'object' || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string')) {
      invalid(`[${i}].env`, 'expected an object of string values');
    }
    return { name: o.name as string, cmd: o.cmd as string, env: env as Record<string, string> };
  });
}

/** ENDPOINT_<NAME>, EP_HOST_<NAME>, EP_CONTAINER_<NAME> of the task's named ports. */
export function endpointEnv(task: Task): Record<string, string> {
  const endpoints = task.ports
    .filter((p) => p.name)
    .map((p) => ({ name: p.name as string, hostPort: p.hostPort, containerPort: task.networkMode === 'host' ? undefined : p.containerPort }));
  return computeEndpointEnv(endpoints, { hostNetwork: task.networkMode === 'host' });
}

/** Per-container env: the task's env, the endpoints, the container's own env, and its name. */
export function containerEnv(base: Record<string, string>, task: Task, c: PodContainer): Record<string, string> {
  return { ...base, ...endpointEnv(task), ...c.env, MESOS_CONTAINER_NAME: c.name, MARINA_POD_CONTAINER: c.name };
}
