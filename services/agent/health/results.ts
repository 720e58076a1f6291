/**
 * Health-check results and history as soft state: Redis when configured
 * (shared by replicas, may be lost without harm), else in memory.
 * Keys: marina:health:<taskId> (JSON of the latest results),
 * marina:health:<taskId>:history (newest first, capped).
 */
import Redis from 'ioredis';
import type { HealthCheckResult } from '../../../lib/model/cluster';

export interface HealthEvent {
  at: string;
  check: number;
  ok: boolean;
  cause?: string;
}

export interface ResultStore {
  put(taskId: string, results: HealthCheckResult[], event: HealthEvent): Promise<void>;
  get(taskId: string): Promise<HealthCheckResult[] | undefined>;
  history(taskId: string, limit?: number): Promise<HealthEvent[]>;
  remove(taskId: string): Promise<void>;
  close(): Promise<void>;
}

const HISTORY = 100;
const TTL_SECONDS = 24 * 3600;

export class MemoryResults implements ResultStore {
  private readonly latest = new Map<string, HealthCheckResult[]>();
  private readonly events = new Map<string, HealthEvent[]>();

  async put(taskId: string, results: HealthCheckResult[], event: HealthEvent): Promise<void> {
    this.latest.set(taskId, results);
    const list = this.events.get(taskId) ?? [];
    list.unshift(event);
    this.events.set(taskId, list.slice(0, HISTORY));
  }
  async get(taskId: string): Promise<HealthCheckResult[] | undefined> {
    return this.latest.get(taskId);
  }
  async history(taskId: string, limit = HISTORY): Promise<HealthEvent[]> {
    return (this.events.get(taskId) ?? []).slice(0, limit);
  }
  async remove(taskId: string): Promise<void> {
    this.latest.delete(taskId);
    this.events.delete(taskId);
  }
  async close(): Promise<void> {}
}

export class RedisResults implements ResultStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'marina:health:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.on('error', () => undefined); // soft state: failures are tolerated, writes are retried next probe
  }

  async put(taskId: string, results: HealthCheckResult[], event: HealthEvent): Promise<void> {
    const key = this.prefix + taskId;
    await this.redis
      .multi()
      .set(key, JSON.stringify(results), 'EX', TTL_SECONDS)
      .lpush(`${key}:history`, JSON.stringify(event))
      .ltrim(`${key}:history`, 0, HISTORY - 1)
      .expire(`${key}:history`, TTL_SECONDS)
      .exec();
  }
  async get(taskId: string): Promise<HealthCheckResult[] | undefined> {
    const v = await this.redis.get(this.prefix + taskId);
    return v ? (JSON.parse(v) as HealthCheckResult[]) : undefined;
  }
  async history(taskId: string, limit = HISTORY): Promise<HealthEvent[]> {
    const items = await this.redis.lrange(`${this.prefix + taskId}:history`, 0, limit - 1);
    return items.map((i) => JSON.parse(i) as HealthEvent);
  }
  async remove(taskId: string): Promise<void> {
    await this.redis.del(this.prefix + taskId, `${this.prefix + taskId}:history`);
  }
  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function resultStore(redisUrl?: string): ResultStore {
  return redisUrl ? new RedisResults(redisUrl) : new MemoryResults();
}
