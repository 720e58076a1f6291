/**
 * A Lease object over a store's refresh/revoke-by-id calls (embedded and fake
 * stores): keepAlive refreshes every ttl/3; `lost` resolves when the store
 * reports the lease gone (markLost) or a refresh finds it missing.
 */
import { isMarinaError } from '../errors';
import { logger } from '../log';
import type { Lease } from './contract';

const log = logger('store-lease');

export interface LeaseOps {
  refresh(id: string): Promise<void>;
  revoke(id: string): Promise<void>;
}

export class LeaseHandle implements Lease {
  readonly lost: Promise<void>;
  private resolveLost!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private gone = false;

  constructor(
    readonly id: string,
    readonly ttlSeconds: number,
    private readonly ops: LeaseOps,
  ) {
    this.lost = new Promise((r) => (this.resolveLost = r));
  }

  keepAlive(): void {
    if (this.timer || this.gone) return;
    const every = Math.max(100, Math.floor((this.ttlSeconds * 1000) / 3));
    this.timer = setInterval(() => void this.refreshOnce(), every);
    this.timer.unref();
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async revoke(): Promise<void> {
    this.release();
    await this.ops.revoke(this.id);
    this.markLost();
  }

  /** Called by the store when the lease expired or was revoked. */
  markLost(): void {
    if (this.gone) return;
    this.gone = true;
    this.release();
    this.resolveLost();
  }

  private async refreshOnce(): Promise<void> {
    try {
      await this.ops.refresh(this.id);
    } catch (err) {
      if (isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) this.markLost();
      else log.warn({ err, lease: this.id }, 'lease keep-alive failed; retrying');
    }
  }
}
