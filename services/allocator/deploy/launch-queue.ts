/**
 * Marathon's launch queue (GET /v2/queue): apps with instances still to
 * launch, how long their launch delay (backoff.ts) has left, and why they
 * wait, in words a person understands ("no agent has free port 8080",
 * "network dcos exhausted on every host"). The reason comes from planning
 * one instance against the current view in scratch claims: nothing is
 * written. DELETE /v2/queue/{appId}/delay clears the delay and converges.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { AllocatorContext } from '../context';
import { Claims } from '../alloc/claims';
import { appPorts, netModeOf } from '../alloc/app-ports';
import { commit } from '../state/commit';
import type { StoredApp } from './rollout';
import { backoffOf, resetBackoffInto } from './backoff';
import { waitingOn } from './dependencies';
import { heldAs } from './deployments/hold';
import { boundVips } from './launcher';
import { planInstance } from './plan-instance';
import { liveTasks, loadsFor } from './tasks';
import type { Deployer } from './deployer';

export interface QueuedApp {
  app: AppDefinition;
  /** Instances left to launch. */
  count: number;
  /** Epoch ms before which the app may not launch (0 = no delay). */
  delayUntil: number;
  /** Since when the app wants these instances (its last scaling or config change). */
  since: string;
  /** Why the instances do not run yet. */
  reason: string;
  /** Agents considered, and how many of them could not take an instance. */
  agents: number;
  rejected: number;
}

/** A person-readable reason from a placement error. */
function reasonOf(err: MarinaError, app: AppDefinition): string {
  const ports = appPorts(app).filter((p) => p.hostPort !== undefined);
  const fixed = ports.filter((p) => p.hostPort! > 0).map((p) => p.hostPort!);
  switch (err.code) {
    case 'MARINA_ERR_NO_AGENT':
      return app.constraints.length > 0 ? `no agent satisfies the constraints ${JSON.stringify(app.constraints)}` : 'no live agent';
    case 'MARINA_ERR_PORT_EXHAUSTED':
      return fixed.length > 0 ? `no agent has free port ${fixed.join(', ')}` : `no agent has ${ports.length} free host port${ports.length === 1 ? '' : 's'} in its port range`;
    case 'MARINA_ERR_IP_EXHAUSTED': {
      const { mode, network } = netModeOf(app);
      return mode === 'container' ? `network ${network} exhausted on every host` : 'no free bridge address on any agent';
    }
    default:
      return err.message;
  }
}

function whyWaiting(ctx: AllocatorContext, app: AppDefinition, delayUntil: number, now: number): { reason: string; rejected: number } {
  const agents = ctx.view.agents.size;
  if (delayUntil > now) {
    const failures = backoffOf(ctx.view, app.id)?.failures ?? 0;
    return { reason: `launch delayed after ${failures} failed task${failures === 1 ? '' : 's'} in a row (backoff)`, rejected: 0 };
  }
  const dependency = waitingOn(ctx.view, app);
  if (dependency !== undefined) return { reason: `waiting for its dependency ${dependency} to run and be healthy`, rejected: 0 };
  if (agents === 0) return { reason: 'no live agent', rejected: 0 };
  try {
    planInstance(new Claims(ctx.view, ctx.reserved), { app, vips: boundVips(ctx, app) }, loadsFor(ctx.view, app.id), new Date(now).toISOString());
    return { reason: 'room found: launching at the next reconcile pass', rejected: 0 };
  } catch (err) {
    if (!(err instanceof MarinaError)) throw err;
    return { reason: reasonOf(err, app), rejected: agents };
  }
}

function queued(ctx: AllocatorContext, app: AppDefinition, now: number): QueuedApp | undefined {
  // instances a group deployment's later step will ask for are not queued yet (Marathon queues them when the step comes)
  const held = heldAs(ctx.view, app.id);
  const count = (held === undefined ? app.instances : (held?.instances ?? 0)) - liveTasks(ctx.view, app.id).length;
  const delayUntil = backoffOf(ctx.view, app.id)?.nextLaunchAt ?? 0;
  if (count <= 0) return undefined;
  const since = (app as StoredApp).versionInfo?.lastScalingAt ?? app.version ?? new Date(now).toISOString();
  return { app, count, delayUntil, since, ...whyWaiting(ctx, app, delayUntil, now), agents: ctx.view.agents.size };
}

/** Every app (pods too: they are scheduled as apps) with instances left to launch, by id. */
export function launchQueue(ctx: AllocatorContext, now = Date.now()): QueuedApp[] {
  return [...ctx.view.apps.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .flatMap((a) => queued(ctx, a, now) ?? []);
}

/** Clear the app's launch delay (if any) and try to launch at once. */
export async function resetLaunchDelay(ctx: AllocatorContext, deployer: Deployer, appId: string): Promise<void> {
  if (!ctx.view.apps.has(appId)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${appId}' does not exist`);
  const claims = new Claims(ctx.view, ctx.reserved);
  if (resetBackoffInto(claims, appId)) {
    const res = await commit(ctx, claims);
    if (res.succeeded) await ctx.view.waitFor(res.revision);
  }
  await deployer.converge(appId).catch((err: Error) => ctx.log.debug({ appId, err: err.message }, 'cannot launch yet'));
}
