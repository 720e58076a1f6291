/**
 * App operations behind POST/PUT/DELETE /v2/apps and the Apps RPCs.
 * Operations on one app are serialised in this replica (a promise chain);
 * across replicas the transactions' compares keep them apart.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Task } from '../../../lib/model/cluster';
import type { AllocatorContext } from '../context';
import { Claims, type Owner } from '../alloc/claims';
import { appPorts, withServicePorts } from '../alloc/app-ports';
import { assignServicePorts } from '../alloc/service-ports';
import { assignVips } from '../alloc/vips';
import { commitChunks, ensureCount, planChunks } from './launcher';
import { K } from '../state/keys';
import { liveTasks, pickVictims, stopInto } from './tasks';
import { scaled, type StoredApp } from './rollout';
import { releaseStale } from '../alloc/stale-app-keys';
import { launchBlockedUntil } from './backoff';
import { waitingOn } from './dependencies';
import { heldAs } from './deployments/hold';
import { versionInto, versionsDeleteInto } from './versions';
import { assertPlaceable } from '../placement/feasibility';
import { deploymentInto, SUPERSEDE, type WriteOptions } from './deployments/lock';

export interface DeploymentResult {
  deploymentId: string;
  version: string;
  app?: AppDefinition;
}

/** A short random pause after a lost race, growing with the attempt (max ~50 ms). */
function jitter(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
}

function notFound(appId: string): MarinaError {
  return new MarinaError('MARINA_ERR_NOT_FOUND', `App '${appId}' does not exist`);
}

function servicePortsOf(app: AppDefinition | undefined): number[] {
  return app ? appPorts(app).map((p) => p.servicePort) : [];
}

export class Deployer {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: AllocatorContext) {}

  /** Run fn after every earlier operation on appId in this replica. */
  withAppLock<T>(appId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(appId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(appId, tail);
    void tail.then(() => {
      if (this.locks.get(appId) === tail) this.locks.delete(appId);
    });
    return next;
  }

  /**
   * App-level claims (service ports, VIPs) and the app as it will be stored.
   * configVersion: keep that config version (a rollback to it: its tasks stay current).
   */
  private appLevel(app: AppDefinition, previous: AppDefinition | undefined, configVersion?: string): { claims: Claims; app: AppDefinition; vips: ReturnType<typeof assignVips> } {
    const claims = new Claims(this.ctx.view, this.ctx.reserved);
    const sp = assignServicePorts(claims, app.id, appPorts(app), servicePortsOf(previous), this.ctx.settings.servicePortRange);
    const version = new Date().toISOString();
    const { versionInfo: _vi, ...plain } = app as StoredApp;
    const stored: StoredApp = { ...withServicePorts(plain, sp), version, versionInfo: { lastConfigChangeAt: configVersion ?? version, lastScalingAt: version } };
    const vips = assignVips(claims, app.id, appPorts(stored), this.ctx.settings.vipRange);
    return { claims, app: stored, vips };
  }

  /**
   * Create an app and the instances that fit now; 409 when the id exists.
   * Instances without room yet (no agent, port or address) wait in the
   * launch queue (launch-queue.ts) and launch when the reconciler finds room,
   * as Marathon's do; only a definition no agent could ever take is refused.
   * configVersion: keep that config version (a removed app put back by a
   * rollback: the tasks it still has stay current).
   */
  create(input: AppDefinition, opts: WriteOptions = SUPERSEDE, configVersion?: string): Promise<DeploymentResult> {
    return this.withAppLock(input.id, async () => {
      assertPlaceable(this.ctx.view, input);
      for (let attempt = 0; attempt < 30; attempt++) {
        if (attempt > 0) await jitter(attempt);
        if (this.ctx.view.apps.has(input.id)) throw new MarinaError('MARINA_ERR_CONFLICT', `An app with id [${input.id}] already exists.`);
        const { claims, app, vips } = this.appLevel(input, undefined, configVersion);
        claims.create(K.app(app.id), app);
        versionInto(claims, app);
        const deploymentId = deploymentInto(claims, 'start', null, app, app.version!, opts);
        // an app with dependencies not up yet is stored; its instances launch once they are (dependencies.ts)
        // (and one a group change stores before its step comes launches then: deployments/hold.ts)
        const wanted = waitingOn(this.ctx.view, app) === undefined && heldAs(this.ctx.view, app.id) === undefined ? app.instances : 0;
        const chunks = planChunks(this.ctx, app, vips, wanted, claims, false);
        const res = await commitChunks(this.ctx, app.id, chunks, undefined);
        if (res.committed > 0) {
          if (res.conflict) await ensureCount(this.ctx, app.id, res.revision);
          else await this.ctx.view.waitFor(res.revision);
          return { deploymentId, version: app.version!, app };
        }
        await this.ctx.view.waitFor(res.revision);
      }
      throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `could not create app ${input.id}: too many concurrent changes`);
    });
  }

  /** Scale to n instances (a new version); scale-up launches what fits now (the rest waits), unless the app backs off. */
  scale(appId: string, instances: number, opts: WriteOptions = SUPERSEDE): Promise<DeploymentResult> {
    return this.withAppLock(appId, async () => {
      for (let attempt = 0; attempt < 30; attempt++) {
        if (attempt > 0) await jitter(attempt);
        const current = this.ctx.view.apps.get(appId);
        const entry = this.ctx.view.entry(K.app(appId));
        if (!current || !entry) throw notFound(appId);
        const app = scaled(current, instances, new Date().toISOString());
        const claims = new Claims(this.ctx.view, this.ctx.reserved);
        claims.updates.set(K.app(appId), { value: JSON.stringify(app), modRevision: entry.modRevision });
        versionInto(claims, app);
        const deploymentId = deploymentInto(claims, 'scale', current, app, app.version!, opts);
        const live = liveTasks(this.ctx.view, appId);
        let chunks: Claims[] = [claims];
        // while the app backs off (backoff.ts) a scale-up only stores the count: the
        // launches wait for the delay like every other launch (the reconciler converges)
        const backingOff = Date.now() < launchBlockedUntil(this.ctx.view, appId) || waitingOn(this.ctx.view, app) !== undefined;
        // a group change stores the count now; its step scales (deployments/hold.ts)
        const held = heldAs(this.ctx.view, appId) !== undefined;
        if (held) {
          this.ctx.log.debug({ appId, instances }, 'scale stored; its group deployment step scales');
        } else if (instances > live.length && !backingOff) {
          chunks = planChunks(this.ctx, app, this.vipsOf(app), instances - live.length, claims, false);
        } else if (instances > live.length) {
          this.ctx.log.info({ appId, instances, until: new Date(launchBlockedUntil(this.ctx.view, appId)).toISOString() }, 'scale-up stored; launches wait for the launch delay');
        } else {
          for (const t of pickVictims(live, live.length - instances, app.killSelection)) {
            if (chunks[chunks.length - 1].size > this.ctx.settings.maxTxnOps - 2) chunks.push(new Claims(this.ctx.view, this.ctx.reserved));
            stopInto(chunks[chunks.length - 1], t);
          }
        }
        const res = await commitChunks(this.ctx, appId, chunks, entry.modRevision);
        if (res.committed > 0) {
          if (res.conflict) await ensureCount(this.ctx, appId, res.revision);
          else await this.ctx.view.waitFor(res.revision);
          return { deploymentId, version: app.version!, app };
        }
        await this.ctx.view.waitFor(res.revision);
      }
      throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `could not scale app ${appId}: too many concurrent changes`);
    });
  }

  /**
   * Replace the definition. Only `instances` changed → scale. Otherwise a
   * rolling replacement (rollout.ts): store the new config version and take
   * the first step; later steps run on every converge (a task turning ready,
   * the reconciler) until no task of the old config is left.
   */
  async update(next: AppDefinition, opts: WriteOptions = SUPERSEDE): Promise<DeploymentResult> {
    const current = this.ctx.view.apps.get(next.id);
    if (!current) throw notFound(next.id);
    assertPlaceable(this.ctx.view, next);
    const { version: _v, instances: _i, versionInfo: _vi, ...a } = current as StoredApp;
    const { version: _v2, instances: _i2, versionInfo: _vi2, ...b } = next as StoredApp;
    if (JSON.stringify(a) === JSON.stringify(b)) return this.scale(next.id, next.instances, opts);
    return this.replaceConfig(next, opts);
  }

  /** POST /v2/apps/{id}/restart: the same definition as a new config version, so every task is replaced (rolling). */
  async restart(appId: string, opts: WriteOptions = SUPERSEDE): Promise<DeploymentResult> {
    const current = this.ctx.view.apps.get(appId);
    if (!current) throw notFound(appId);
    return this.replaceConfig(current, opts);
  }

  /**
   * Roll back to an earlier definition (a deployment's revert): it keeps its
   * own config version, so tasks still running it are current and only the
   * tasks of the abandoned config are replaced.
   */
  restore(previous: AppDefinition, opts: WriteOptions): Promise<DeploymentResult> {
    const configVersion = (previous as StoredApp).versionInfo?.lastConfigChangeAt ?? previous.version;
    return this.replaceConfig(previous, opts, configVersion);
  }

  /** Store next as a new config version (or configVersion) and take the first rollout step. */
  private replaceConfig(next: AppDefinition, opts: WriteOptions, configVersion?: string): Promise<DeploymentResult> {
    return this.withAppLock(next.id, async () => {
      const entry = this.ctx.view.entry(K.app(next.id));
      const prev = this.ctx.view.apps.get(next.id);
      if (!entry || !prev) throw notFound(next.id);
      const { claims, app } = this.appLevel(next, prev, configVersion);
      claims.updates.set(K.app(app.id), { value: JSON.stringify(app), modRevision: entry.modRevision });
      versionInto(claims, app);
      const deploymentId = deploymentInto(claims, 'restart', prev, app, app.version!, opts);
      // a new config starts with no launch delay (backoff.ts)
      const backoff = this.ctx.view.entry(K.backoff(app.id));
      if (backoff) claims.deletes.set(K.backoff(app.id), backoff.modRevision);
      const res = await commitChunks(this.ctx, app.id, [claims], entry.modRevision);
      if (res.committed === 0) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `app ${app.id} changed during the update; retry`);
      // service ports / VIPs the new config dropped: freed now only if no task refers to them,
      // else when the last old task referring to them is released (alloc/stale-app-keys.ts)
      await this.ctx.view.waitFor(res.revision);
      const stored = this.ctx.view.apps.get(app.id);
      if (stored) await releaseStale(this.ctx, stored);
      await ensureCount(this.ctx, app.id, res.revision);
      return { deploymentId, version: app.version!, app };
    });
  }

  /** Delete the app and its app-level allocations; its tasks are stopped (drained, then released). */
  remove(appId: string, opts: WriteOptions = SUPERSEDE): Promise<DeploymentResult> {
    return this.withAppLock(appId, async () => {
      const entry = this.ctx.view.entry(K.app(appId));
      const current = this.ctx.view.apps.get(appId);
      if (!entry || !current) throw notFound(appId);
      const chunks = [new Claims(this.ctx.view, this.ctx.reserved)];
      const version = new Date().toISOString();
      const deploymentId = deploymentInto(chunks[0], 'stop', current, null, version, opts);
      chunks[0].deletes.set(K.app(appId), entry.modRevision);
      versionsDeleteInto(chunks[0], appId);
      const backoff = this.ctx.view.entry(K.backoff(appId));
      if (backoff) chunks[0].deletes.set(K.backoff(appId), backoff.modRevision);
      for (const key of this.appAllocKeys(appId)) chunks[0].deletes.set(key, this.ctx.view.entry(key)!.modRevision);
      // a group change removes the app now; its tasks stop when its step comes (deployments/hold.ts)
      const held = heldAs(this.ctx.view, appId) !== undefined;
      for (const t of held ? [] : this.ctx.view.tasksOf(appId).filter((x) => x.desired === 'run')) {
        if (chunks[chunks.length - 1].size > this.ctx.settings.maxTxnOps - 2) chunks.push(new Claims(this.ctx.view, this.ctx.reserved));
        stopInto(chunks[chunks.length - 1], t);
      }
      const res = await commitChunks(this.ctx, appId, chunks, entry.modRevision);
      if (res.committed === 0) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `app ${appId} changed during the delete; retry`);
      await this.ctx.view.waitFor(res.revision);
      return { deploymentId, version };
    });
  }

  /** Kill tasks (they drain, then the agent stops them); scale=true lowers instances, else they are replaced. */
  killTasks(appId: string, taskIds: string[], scale: boolean): Promise<{ tasks: Task[]; deploymentId?: string; version?: string }> {
    return this.withAppLock(appId, async () => {
      const entry = this.ctx.view.entry(K.app(appId));
      const app = this.ctx.view.apps.get(appId);
      if (!entry || !app) throw notFound(appId);
      const tasks = taskIds.map((id) => this.ctx.view.tasks.get(id)).filter((t): t is Task => t !== undefined && t.appId === appId);
      if (tasks.length !== taskIds.length) {
        const missing = taskIds.filter((id) => !tasks.some((t) => t.id === id));
        throw new MarinaError('MARINA_ERR_NOT_FOUND', `Task '${missing[0]}' does not exist in app ${appId}`);
      }
      const claims = new Claims(this.ctx.view, this.ctx.reserved);
      const live = tasks.filter((t) => t.desired === 'run');
      for (const t of live) stopInto(claims, t);
      const version = new Date().toISOString();
      let deploymentId: string | undefined;
      if (scale) {
        const next = scaled(app, Math.max(0, app.instances - live.length), version);
        claims.updates.set(K.app(appId), { value: JSON.stringify(next), modRevision: entry.modRevision });
        versionInto(claims, next);
        // Marathon's killAndScale is a scale deployment; it supersedes one in flight
        deploymentId = deploymentInto(claims, 'scale', app, next, version, SUPERSEDE);
      }
      const res = await commitChunks(this.ctx, appId, [claims], entry.modRevision);
      if (res.conflict) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `app ${appId} changed during the kill; retry`);
      await this.ctx.view.waitFor(res.revision);
      if (!scale) await ensureCount(this.ctx, appId, res.revision);
      return { tasks: tasks.map((t) => this.ctx.view.tasks.get(t.id) ?? t), ...(deploymentId ? { deploymentId, version } : {}) };
    });
  }

  /** Converge one app (reconciler, replacements), in this app's queue. */
  converge(appId: string): Promise<void> {
    return this.withAppLock(appId, () => ensureCount(this.ctx, appId));
  }

  private vipsOf(app: AppDefinition) {
    const scratch = new Claims(this.ctx.view, this.ctx.reserved);
    return assignVips(scratch, app.id, appPorts(app), this.ctx.settings.vipRange);
  }

  /** Service-port and VIP keys owned by the app. */
  appAllocKeys(appId: string): string[] {
    const out: string[] = [];
    for (const dir of ['alloc/serviceports/', 'alloc/vips/']) {
      for (const key of this.ctx.view.dir(dir)) if (this.ctx.view.value<Owner>(key)?.appId === appId) out.push(key);
    }
    return out;
  }
}
