/**
 * What every drill asserts, read from the allocator's Marathon API:
 * 0 duplicate host ports (per agent) or container IPs (per network), 0 tasks
 * evicted by a control-plane restart (every task that ran before is still
 * there, same id, same agent), every app at its instance count with every
 * task running, and the time it took to get there.
 */
export interface DrillTask {
  id: string;
  appId: string;
  agentId: string;
  host: string;
  ports: number[];
  ipAddresses: Array<{ ipAddress: string }>;
  state: string;
  desired: string;
}

export interface ClusterView {
  apps: Array<{ id: string; instances: number; networks?: Array<{ mode: string; name?: string }> }>;
  tasks: DrillTask[];
}

/** Apps and their tasks, as /v2/apps?embed=apps.tasks renders them. */
export async function readCluster(get: (path: string) => Promise<unknown>): Promise<ClusterView> {
  const body = (await get('/v2/apps?embed=apps.tasks')) as { apps: Array<ClusterView['apps'][number] & { tasks?: DrillTask[] }> };
  return { apps: body.apps.map(({ tasks: _t, ...a }) => a), tasks: body.apps.flatMap((a) => a.tasks ?? []) };
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
    for (const p of t.ports) if (p) claim(`port ${t.agentId}:${p}`, t.id);
    if (onNetwork.has(t.appId)) for (const a of t.ipAddresses) claim(`ip ${a.ipAddress}`, t.id);
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

/** True when every app has exactly `instances` wanted tasks, all running, and nothing is left stopping. */
export function converged(view: ClusterView): boolean {
  return view.apps.every((a) => {
    const ts = view.tasks.filter((t) => t.appId === a.id);
    return ts.length === a.instances && ts.every((t) => t.desired === 'run' && t.state === 'TASK_RUNNING');
  });
}

/** One line of figures a drill prints (collected into test/drills/README.md by hand). */
export function figure(drill: string, values: Record<string, number | string>): void {
  const text = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`).join(' ');
  process.stdout.write(`DRILL ${drill}: ${text}\n`);
}
