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
        await this.campaign();
      } catch (err) {
        this.ctx.log.warn({ err: (err as Error).message }, 'leader campaign failed');
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), 1_000);
    };
    void tick();
  }

  private async campaign(): Promise<void> {
    if (this.leading || this.stopped) return;
    const lease = await this.ctx.store.grantLease(this.ttlSeconds);
    const key = abs(this.ctx, K.leader());
    const res = await this.ctx.store.txn({ compares: [absent(key)], success: [{ type: 'put', key, value: JSON.stringify({ id: this.id }), lease: lease.id }] });
    if (!res.succeeded) {
      await lease.revoke().catch(() => undefined);
      return;
    }
    this.lease = lease;
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

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    this.leading = false;
    await lease?.revoke().catch(() => undefined);
  }
}
