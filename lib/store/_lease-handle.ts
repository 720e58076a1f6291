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
  /**
   * Milliseconds the lease has left, or undefined when it is gone. Stores
   * that cannot tell the handle about expiry themselves (etcd) provide it:
   * the handle then checks at each deadline and resolves `lost`.
   */
  remainingMs?(id: string): Promise<number | undefined>;
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
    if (ops.remainingMs) this.scheduleCheck(ttlSeconds * 1000);
  }

  private checkTimer: NodeJS.Timeout | undefined;

  private scheduleCheck(ms: number): void {
    if (this.gone) return;
    this.checkTimer = setTimeout(() => void this.checkExpiry(), Math.max(50, ms) + 100);
    this.checkTimer.unref();
  }

  private async checkExpiry(): Promise<void> {
    if (this.gone || !this.ops.remainingMs) return;
    try {
      const left = await this.ops.remainingMs(this.id);
      if (left === undefined || left <= 0) this.markLost();
      else this.scheduleCheck(left);
    } catch (err) {
      log.warn({ err, lease: this.id }, 'lease expiry check failed; retrying');
      this.scheduleCheck(1_000);
    }
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

  /** Stop every timer (the store is closing); `lost` stays pending. */
  dispose(): void {
    this.release();
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.gone = true;
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
    if (this.checkTimer) clearTimeout(this.checkTimer);
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
