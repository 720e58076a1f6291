/**
 * Health-check soft state: the agent's checker (real probes: curl and
 * bash /dev/tcp against a real HTTP server on loopback) writes the latest
 * results and the history to a real Redis (read back with redis-cli), and
 * to memory when no Redis is configured. A Redis that dies does not stop
 * the checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { HealthCheck } from '../../lib/model/app';
import { HostExec } from '../../services/agent/exec';
import { HealthChecker } from '../../services/agent/health/checker';
import { MemoryResults, resultStore, type ResultStore } from '../../services/agent/health/results';
import { runOk } from '../helpers/exec';
import { freePort } from '../helpers/ports';
import { startRedis, type RedisHandle } from '../helpers/redis';
import { terminate, track, waitUntil } from '../helpers/_children';

jest.setTimeout(30_000);

const hc = (protocol: HealthCheck['protocol'], port: number): HealthCheck => ({
  protocol, path: '/', port, gracePeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 0, delaySeconds: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4',
});

let redis: RedisHandle;
let server: ChildProcess;
let httpPort: number;
let closedPort: number;
const checkers: HealthChecker[] = [];

beforeAll(async () => {
  redis = await startRedis();
  [httpPort, closedPort] = [await freePort(), await freePort()];
  server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(httpPort)], { stdio: 'ignore' });
  track(server);
  await waitUntil('http server', async () => (await new HostExec().run('curl', ['-sf', '-o', '/dev/null', `http://127.0.0.1:${httpPort}/`])).code === 0, 10_000);
});

afterAll(async () => {
  for (const c of checkers) c.stop();
  if (server) await terminate(server);
  await redis?.stop();
});

function checker(taskId: string, store: ResultStore, checks: HealthCheck[], readiness: boolean[]): HealthChecker {
  const c = new HealthChecker({
    taskId, checks, targets: checks.map((x) => ({ host: '127.0.0.1', port: x.port })), env: {}, userName: 'nobody', exec: new HostExec(), store,
    hooks: { onReady: (r) => readiness.push(r), onUnhealthy: () => undefined },
  });
  checkers.push(c);
  c.start();
  return c;
}

const cli = async (...args: string[]) => (await runOk('redis-cli', ['-p', String(redis.port), '--raw', ...args])).stdout.trim();

test('results and history of a passing and a failing check land in Redis', async () => {
  const store = resultStore(redis.url);
  const readiness: boolean[] = [];
  const c = checker('web.1', store, [hc('HTTP', httpPort), hc('TCP', closedPort)], readiness);
  // per check: the two checks run on their own timers, so under load one may be ahead of the other
  const perCheck = async (i: number) => (await cli('LRANGE', 'marina:health:web.1:history', '0', '-1')).split('\n').filter((l) => l && JSON.parse(l).check === i).length;
  await waitUntil('3 history entries per check', async () => (await perCheck(0)) >= 3 && (await perCheck(1)) >= 3, 10_000);
  c.stop();
  const latest = JSON.parse(await cli('GET', 'marina:health:web.1'));
  expect(latest[0]).toMatchObject({ alive: true, consecutiveFailures: 0, instanceId: 'web.1' });
  expect(latest[1]).toMatchObject({ alive: false, lastFailureCause: expect.stringMatching(/exit status/) });
  expect(latest[1].consecutiveFailures).toBeGreaterThanOrEqual(3);
  const history = (await cli('LRANGE', 'marina:health:web.1:history', '0', '-1')).split('\n').map((l) => JSON.parse(l));
  expect(history.filter((e) => e.check === 0).every((e) => e.ok)).toBe(true);
  expect(history.filter((e) => e.check === 1).every((e) => !e.ok)).toBe(true);
  expect(Number(await cli('TTL', 'marina:health:web.1'))).toBeGreaterThan(0);
  expect(readiness).toEqual([]); // never all alive: never ready
  expect(await store.history('web.1', 2)).toHaveLength(2);
  await store.remove('web.1');
  expect(await cli('EXISTS', 'marina:health:web.1', 'marina:health:web.1:history')).toBe('0');
  await store.close();
});

test('without Redis the results live in memory, with the same readiness transitions', async () => {
  const store = resultStore(undefined);
  expect(store).toBeInstanceOf(MemoryResults);
  const readiness: boolean[] = [];
  const c = checker('web.2', store, [hc('HTTP', httpPort)], readiness);
  await waitUntil('ready', async () => readiness.includes(true), 10_000);
  c.stop();
  expect((await store.get('web.2'))?.[0]).toMatchObject({ alive: true, firstSuccess: expect.any(String) });
  expect((await store.history('web.2'))[0]).toMatchObject({ check: 0, ok: true });
  expect(await cli('EXISTS', 'marina:health:web.2')).toBe('0');
});

test('checks go on when Redis goes away (soft state)', async () => {
  const store = resultStore(`redis://127.0.0.1:${await freePort()}`);
  const readiness: boolean[] = [];
  const c = checker('web.3', store, [hc('HTTP', httpPort)], readiness);
  await waitUntil('ready despite no Redis', async () => readiness.includes(true), 10_000);
  expect(c.snapshot()[0].alive).toBe(true);
  c.stop();
  await store.close();
});
