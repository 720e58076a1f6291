/**
 * What an agent's watch carries (NodeRestriction for reads): its own tasks
 * in full; other hosts' tasks only as fabric entries (where their addresses
 * live, so VXLAN/host-gw can route to them), without env, ports or health
 * results. kube's Node authorizer likewise lets a kubelet read only what its
 * own pods reference.
 */
import type { ObjectChangeMsg } from '../../../lib/client/grpc-proto';
import type { Task } from '../../../lib/model/cluster';
import type { ViewChange } from '../view';

/** Marks a Watch request narrowed by grpc-policy.ts to one agent. */
export const NODE_RESTRICTED = Symbol('marina.nodeRestricted');

export function forAgent(c: ViewChange, node: string): ObjectChangeMsg {
  const msg: ObjectChangeMsg = { kind: c.kind, op: c.op, id: c.id, valueJson: c.valueJson };
  if (c.kind !== 'task' || c.op !== 'put' || c.agentId === node) return msg;
  const t = JSON.parse(c.valueJson) as Task;
  const fabric: Task = { ...t, env: {}, ports: [], vips: [], healthCheckResults: [] };
  return { ...msg, valueJson: JSON.stringify(fabric) };
}
