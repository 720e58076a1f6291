/**
 * The environment Marathon gives an app's task (TaskBuilder + EnvironmentHelper):
 *
 * - ports: PORT0..n (host port when the task has one, else the container
 *   port), PORT_<declared> (declared = containerPort with portMappings, else
 *   the portDefinitions port; a declared 0 gives PORT_<assigned>),
 *   PORT_<NAME> (named ports that have a host port), PORT (first assigned),
 *   PORTS (comma list of assigned), and HOST; these get the optional prefix
 *   (Marathon's --env_vars_prefix);
 * - context (never prefixed): MESOS_TASK_ID, MARATHON_APP_ID,
 *   MARATHON_APP_VERSION, MARATHON_APP_DOCKER_IMAGE (when set),
 *   MARATHON_APP_RESOURCE_{CPUS,MEM,DISK,GPUS} (Scala number format),
 *   MARATHON_APP_LABELS + MARATHON_APP_LABEL_<KEY>, MESOS_CONTAINER_NAME (when given);
 * - the app's own `env` last: user variables win over generated ones
 *   (Marathon issue 905: an app may override PORT, PORT0, ...).
 */
import type { AppDefinition } from '../model/app';
import type { TaskPort } from '../model/cluster';
import { labelsToEnv } from './labels-env';
import { javaDouble } from './scala-number';

export interface TaskEnvInput {
  id: string;
  /** Agent hostname or address (Marathon: the offer's hostname). */
  host: string;
  /** Allocated ports, in the app's port order. */
  ports: TaskPort[];
  networkMode: 'host' | 'bridge' | 'container' | 'none';
  /** Used when the app has no version yet. */
  appVersion?: string;
}

export interface TaskEnvOptions {
  /** Prefix for port variables and HOST (Marathon --env_vars_prefix). */
  prefix?: string;
  /** Mesos sets MESOS_CONTAINER_NAME; the agent passes its container name here. */
  containerName?: string;
}

interface DeclaredPort {
  declared: number;
  name?: string;
}

function declaredPorts(app: AppDefinition): DeclaredPort[] {
  const mappings = app.container?.portMappings ?? [];
  if (mappings.length > 0) return mappings.map((m) => ({ declared: m.containerPort, ...(m.name ? { name: m.name } : {}) }));
  return (app.portDefinitions ?? []).map((d) => ({ declared: d.port, ...(d.name ? { name: d.name } : {}) }));
}

/** Marathon's portsEnv: PORTn, PORT_<declared>, PORT_<NAME>, PORT, PORTS. */
export function portsEnv(declared: DeclaredPort[], taskPorts: TaskPort[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (declared.length === 0) return env;
  const assigned: number[] = [];
  declared.forEach((d, i) => {
    const hostPort = taskPorts[i]?.hostPort;
    // No host port: the container port (Marathon picks a random one for a declared 0; Marina's allocator does, in containerPort).
    const port = hostPort ?? (d.declared !== 0 ? d.declared : taskPorts[i]?.containerPort);
    if (port === undefined || port === 0) return;
    env[`PORT${i}`] = String(port);
    env[`PORT_${d.declared !== 0 ? d.declared : port}`] = String(port);
    if (d.name !== undefined && hostPort !== undefined) env[`PORT_${d.name.toUpperCase()}`] = String(hostPort);
    if (hostPort !== undefined || d.declared === 0) assigned.push(port);
  });
  if (assigned.length > 0) env.PORT = String(assigned[0]);
  env.PORTS = assigned.join(',');
  return env;
}

/** MESOS_TASK_ID, MARATHON_APP_* and label variables (Marathon's taskContextEnv). */
export function taskContextEnv(app: AppDefinition, taskId: string, appVersion?: string): Record<string, string> {
  const env: Record<string, string> = {
    MESOS_TASK_ID: taskId,
    MARATHON_APP_ID: app.id,
  };
  const version = app.version ?? appVersion;
  if (version !== undefined) env.MARATHON_APP_VERSION = version;
  const image = app.container?.docker?.image;
  if (typeof image === 'string' && image !== '') env.MARATHON_APP_DOCKER_IMAGE = image;
  env.MARATHON_APP_RESOURCE_CPUS = javaDouble(app.cpus);
  env.MARATHON_APP_RESOURCE_MEM = javaDouble(app.mem);
  env.MARATHON_APP_RESOURCE_DISK = javaDouble(app.disk);
  env.MARATHON_APP_RESOURCE_GPUS = String(Math.trunc(app.gpus));
  return { ...env, ...labelsToEnv(app.labels) };
}

/** The full environment of one task of `app`, as Marathon computes it. */
export function computeTaskEnv(app: AppDefinition, task: TaskEnvInput, opts: TaskEnvOptions = {}): Record<string, string> {
  const prefix = opts.prefix ?? '';
  const generated: Record<string, string> = { ...portsEnv(declaredPorts(app), task.ports), HOST: task.host };
  const prefixed: Record<string, string> = {};
  for (const [k, v] of Object.entries(generated)) prefixed[prefix + k] = v;
  const context = taskContextEnv(app, task.id, task.appVersion);
  if (opts.containerName !== undefined) context.MESOS_CONTAINER_NAME = opts.containerName;
  return { ...context, ...prefixed, ...app.env };
}
