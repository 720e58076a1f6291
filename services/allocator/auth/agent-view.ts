/**
 * What an agent's watch carries (NodeRestriction for reads): its own tasks
 * in full; other hosts' tasks only as fabric entries (where their addresses
 * live, so VXLAN/host-gw can route to them), without env, ports or health
 * results; apps without their env. kube's Node authorizer likewise lets a kubelet read only what its
 * own pods reference.
 */
import type { Task } from '../../../lib/model/cluster';
import type { ViewChange } from '../state/view';

/** Marks a Watch request narrowed by grpc-policy.ts to one agent. */
export const NODE_RESTRICTED = Symbol('marina.nodeRestricted');

/**
 * The change as agent `node` may see it: other hosts' task puts stripped to fabric entries, and
 * apps without their env (a task carries the env its agent runs it with; an app's env would give
 * every host every app's secrets).
 */
export function narrowForAgent(c: ViewChange, node: string): ViewChange {
  if (c.kind === 'app' && c.op === 'put') {
    const app = JSON.parse(c.valueJson) as { env?: Record<string, string> };
    return app.env && Object.keys(app.env).length > 0 ? { ...c, valueJson: JSON.stringify({ ...app, env: {} }) } : c;
  }
  if (c.kind !== 'task' || c.op !== 'put' || c.agentId === node) return c;
  const t = JSON.parse(c.valueJson) as Task;
  const fabric: Task = { ...t, env: {}, ports: [], vips: [], healthCheckResults: [] };
  return { ...c, valueJson: JSON.stringify(fabric) };
}

