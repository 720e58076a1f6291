/** The store probe: a failing or hanging store marks it unhealthy; recovery (or a stall of this process) restarts `healthySince`. */
import pino from 'pino';
import type { Store } from '../../../lib/store/contract';
import { StoreHealth } from './store-health';

const log = pino({ level: 'silent' });

function probeStore(answer: () => Promise<number>): Store {
  return { currentRevision: answer } as unknown as Store;
}

test('a failing store is unhealthy; its return restarts healthySince', async () => {
  let now = 1_000;
  let fail = false;
  const h = new StoreHealth(probeStore(async () => (fail ? Promise.reject(new Error('connection refused')) : 7)), log, { now: () => now, timeoutMs: 50 });
  await h.probe();
  expect(h.status()).toEqual({ healthy: true, since: 1_000 });
  fail = true;
  now = 2_000;
  await h.probe();
  expect(h.status()).toEqual({ healthy: false, since: 2_000, error: 'connection refused' });
  fail = false;
  now = 3_000;
  await h.probe();
  expect(h.status()).toEqual({ healthy: true, since: 3_000 });
});

test('a store that does not answer within the timeout is unhealthy', async () => {
  const h = new StoreHealth(probeStore(() => new Promise(() => undefined)), log, { timeoutMs: 20 });
  await h.probe();
  expect(h.isHealthy).toBe(false);
  expect(h.status().error).toMatch(/no answer within 20 ms/);
});

test('a stall of this process longer than a few probe intervals restarts healthySince', async () => {
  let now = 1_000;
  const h = new StoreHealth(probeStore(async () => 1), log, { now: () => now, intervalMs: 1_000, timeoutMs: 500 });
  now = 2_000;
  await h.probe();
  expect(h.healthySince).toBe(1_000);
  now = 60_000; // the event loop was blocked (or the VM paused) for ~a minute
  await h.probe();
  expect(h.isHealthy).toBe(true);
  expect(h.healthySince).toBe(60_000);
});

test('a write failure reported by a caller marks the store down at once', () => {
  const h = new StoreHealth(probeStore(async () => 1), log);
  h.reportFailure(new Error('no answer within 2 s'));
  expect(h.status()).toMatchObject({ healthy: false, error: 'no answer within 2 s' });
});
