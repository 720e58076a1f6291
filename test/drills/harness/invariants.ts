/**
 * What every drill asserts, read from the allocator's API: 0 duplicate host
 * ports (per agent) or container IPs (per network), 0 tasks evicted by a
 * control-plane restart (every task that ran before is still there, same id,
 * same agent), every app at its instance count with every task running, and
 * the time it took to get there. Apps come from /v2 (Marathon's shape); the
 * task fields a drill needs (agentId, desired, ports by host port) are
 * Marina's and come from /v1/tasks.
 */
import type { Task } from '../../../lib/model/cluster';

export interface DrillTask {
  id: string;
  appId: string;
  agentId: string;
  /** Host ports the task holds on its agent. */
  hostPorts: number[];
  ipAddresses: string[];
  state: string;
  desired: string;
}

export interface ClusterView {
  apps: Array<{ id: string; instances: number; networks?: Array<{ mode: string; name?: string }> }>;
  tasks: DrillTask[];
  /** Deployments in progress (GET /v2/deployments). */
  deployments: number;
}

const drillTask = (t: Task): DrillTask => ({
  id: t.id, appId: t.appId, agentId: t.agentId, state: t.state, desired: t.desired,
  hostPorts: t.ports.flatMap((p) => (p.hostPort ? [p.hostPort] : [])),
  ipAddresses: t.ipAddresses.map((a) => a.ipAddress),
});

/** Apps (GET /v2/apps), every task (GET /v1/tasks) and the deployments in progress. */
export async function readCluster(get: (path: string) => Promise<unknown>): Promise<ClusterView> {
  const apps = (await get('/v2/apps')) as { apps?: ClusterView['apps'] };
  const tasks = (await get('/v1/tasks')) as { tasks?: Task[] };
  const deployments = await get('/v2/deployments');
  if (!apps?.apps || !tasks?.tasks || !Array.isArray(deployments)) {
    throw new Error(`unexpected answer: ${[apps, tasks, deployments].map((b) => JSON.stringify(b).slice(0, 200)).join(' ')}`);
  }
  return { apps: apps.apps.map((a) => ({ id: a.id, instances: a.instances, networks: a.networks })), tasks: tasks.tasks.map(drillTask), deployments: deployments.length };
}

/** Host ports used twice on one agent, container IPs used twice (host-mode tasks carry the agent's IP and are skipped). */
export function duplicates(view: ClusterView): string[] {
  const onNetwork = new Set(view.apps.filter((a) => a.networks?.some((n) => n.mode === 'container')).map((a) => a.id));
  const seen = new Map<string, string>();
  const dups: string[] = [];
  const claim = (key: string, taskId: string) => {
    const other = seen.get(key);
    if (other && other !== taskId) dups.push(`${key}: ${other} and ${taskId}`);
    seen.set(key, taskId);
  };
  for (const t of view.tasks) {
    for (const p of t.hostPorts) claim(`port ${t.agentId}:${p}`, t.id);
    if (onNetwork.has(t.appId)) for (const a of t.ipAddresses) claim(`ip ${a}`, t.id);
  }
  return dups;
}

/** Tasks of `before` (running, wanted) that are gone, moved or no longer wanted now. */
export function evicted(before: DrillTask[], now: ClusterView): string[] {
  const byId = new Map(now.tasks.map((t) => [t.id, t]));
  return before
    .filter((t) => t.desired === 'run' && t.state === 'TASK_RUNNING')
    .filter((t) => {
      const n = byId.get(t.id);
      return !n || n.agentId !== t.agentId || n.desired !== 'run' || n.state === 'TASK_LOST';
    })
    .map((t) => `${t.id} on ${t.agentId}: ${byId.get(t.id)?.state ?? 'gone'}`);
}

/** True when every app has exactly `instances` wanted tasks, all running, nothing is left stopping and no deployment is in progress. */
export function converged(view: ClusterView): boolean {
  return view.deployments === 0 && view.apps.every((a) => {
    const ts = view.tasks.filter((t) => t.appId === a.id);
    return ts.length === a.instances && ts.every((t) => t.desired === 'run' && t.state === 'TASK_RUNNING');
  });
}

/** One line of figures a drill prints (collected into test/drills/README.md by hand). */
export function figure(drill: string, values: Record<string, number | string>): void {
  const text = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`).join(' ');
  process.stdout.write(`DRILL ${drill}: ${text}\n`);
}
