/**
 * Leader election for the background loops: a `leader` key attached to a
 * lease, created only if absent. The holder keeps the lease alive; when it
 * dies the key vanishes with the lease and another replica takes over.
 * The loops also guard every write with compares, so a brief overlap of two
 * leaders cannot do anything twice.
 */
import { absent, type Lease } from '../../../lib/store/contract';
import { abs, type AllocatorContext } from '../context';
import { K } from '../state/keys';

export class LeaderElection {
  private lease?: Lease;
  private timer?: NodeJS.Timeout;
  private leading = false;
  private since?: number;
  private stopped = false;
  /** Revision of the txn that made this replica leader (the view shows the key from then on). */
  private wonAt = 0;
  /** No campaigns before this (epoch ms): after stepping down, let another replica take over. */
  private quietUntil = 0;

  constructor(
    private readonly ctx: AllocatorContext,
    private readonly id: string,
    private readonly ttlSeconds = 5,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Epoch ms this replica became leader; undefined when not leading. */
  get leaderSince(): number | undefined {
    return this.leading ? this.since : undefined;
  }

  start(): void {
    const tick = async () => {
      try {
        if (this.leading) await this.checkHeld();
        else await this.campaign();
      } catch (err) {
        this.ctx.log.warn({ err: (err as Error).message }, 'leader campaign failed');
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), 1_000);
    };
    void tick();
  }

  private async campaign(): Promise<void> {
    if (this.leading || this.stopped || Date.now() < this.quietUntil) return;
    const lease = await this.ctx.store.grantLease(this.ttlSeconds);
    const key = abs(this.ctx, K.leader());
    const res = await this.ctx.store.txn({ compares: [absent(key)], success: [{ type: 'put', key, value: JSON.stringify({ id: this.id }), lease: lease.id }] });
    if (!res.succeeded) {
      await lease.revoke().catch(() => undefined);
      return;
    }
    this.lease = lease;
    this.wonAt = res.revision;
    lease.keepAlive();
    this.leading = true;
    this.since = Date.now();
    this.ctx.metrics.isLeader.set(1);
    this.ctx.log.info({ id: this.id }, 'became leader');
    void lease.lost.then(() => {
      if (this.lease !== lease) return;
      this.leading = false;
      this.lease = undefined;
      this.ctx.metrics.isLeader.set(0);
      if (!this.stopped) this.ctx.log.warn({ id: this.id }, 'lost leadership');
    });
  }

  /** The replica id holding the leader key, as this replica's view sees it. */
  leaderId(): string | undefined {
    return this.ctx.view.value<{ id: string }>(K.leader())?.id;
  }

  /**
   * DELETE /v2/leader: the leader steps down and stays out of the next
   * campaigns for two lease TTLs, so another replica takes over. Any replica
   * may be asked: it removes the leader key (guarded by its modRevision),
   * and the leader, seeing its key gone, steps down (checkHeld).
   */
  async abdicate(): Promise<boolean> {
    const entry = this.ctx.view.entry(K.leader());
    if (!entry) return false;
    if (this.leading) {
      await this.stepDown('asked to abdicate');
      return true;
    }
    const key = abs(this.ctx, K.leader());
    const res = await this.ctx.store.txn({ compares: [{ key, target: 'modRevision', op: '==', value: entry.modRevision }], success: [{ type: 'delete', key }] });
    this.quietUntil = Date.now() + 1_000;
    return res.succeeded;
  }

  /** While leading: step down when the view shows the leader key gone or someone else's. */
  private async checkHeld(): Promise<void> {
    if (this.ctx.view.revision < this.wonAt) return;
    if (this.leaderId() !== this.id) await this.stepDown('leader key removed');
  }

  private async stepDown(why: string): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    this.leading = false;
    this.quietUntil = Date.now() + 2 * this.ttlSeconds * 1000;
    this.ctx.metrics.isLeader.set(0);
    this.ctx.log.warn({ id: this.id, why }, 'stepped down as leader');
    await lease?.revoke().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    this.leading = false;
    await lease?.revoke().catch(() => undefined);
  }
}
