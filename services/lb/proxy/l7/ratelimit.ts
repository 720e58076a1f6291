/**
 * Per-client and per-app request rate limits shared by every edge replica
 * through Redis: a fixed one-second window counter per key (INCR + EXPIRE in
 * one pipeline). When Redis is down or slow the edge fails open: a limit is
 * a protection, not a dependency that may take the edge down.
 */
import Redis from 'ioredis';

export class RateLimiter {
  private readonly redis: Redis | undefined;
  failOpen = 0;

  constructor(url: string | undefined, timeoutMs = 50) {
    this.redis = url ? new Redis(url, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: timeoutMs, retryStrategy: (n) => Math.min(n * 200, 2000) }) : undefined;
    this.redis?.on('error', () => undefined);
  }

  /** Limits are checked at all (a Redis URL was given). */
  get enabled(): boolean {
    return this.redis !== undefined;
  }

  /** True when the request may pass: every (key, limit) is under its limit this second. */
  async allow(checks: Array<{ key: string; limit: number }>): Promise<boolean> {
    const active = checks.filter((c) => c.limit > 0);
    if (!this.redis || active.length === 0) return true;
    const sec = Math.floor(Date.now() / 1000);
    try {
      const p = this.redis.pipeline();
      for (const c of active) p.incr(`marina:rl:${c.key}:${sec}`).expire(`marina:rl:${c.key}:${sec}`, 2);
      const res = await p.exec();
      if (!res) return true;
      return active.every((c, i) => {
        const [err, count] = res[i * 2];
        return err !== null || Number(count) <= c.limit;
      });
    } catch {
      this.failOpen++;
      return true;
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
