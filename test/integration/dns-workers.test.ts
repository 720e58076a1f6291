/**
 * `marina dns --workers 3` as users run it: three worker processes answer on
 * one address, each with its own SO_REUSEPORT sockets (ss shows three
 * owners), the kernel spreads queries over them (300 dig queries from 300
 * source ports all answered, counted once in the primary's /metrics and
 * spread over more than one worker); a killed worker is replaced while the
 * others keep answering; SIGTERM stops them all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runOk } from '../helpers/exec';
import { freePorts } from '../helpers/ports';
import { spawnMarina, stopAllMarina, type MarinaProcess } from '../helpers/process';
import { waitUntil } from '../helpers/_children';
import { childrenOf } from '../helpers/procs';

jest.setTimeout(60_000);

const FIXTURE = join(__dirname, '..', 'fixtures', 'mesos', 'state.json');
let dir: string;
let proc: MarinaProcess;
let dnsPort = 0;
let httpPort = 0;

/** Pids owning a UDP socket bound to the port (ss -lunp). */
async function udpOwners(port: number): Promise<number[]> {
  const out = (await runOk('ss', ['-H', '-lunp', `sport = :${port}`])).stdout;
  return [...new Set([...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))].sort();
}

/** n A queries in one dig batch (a new source port each): the answers' addresses. */
async function digBatch(n: number, extra: string[] = []): Promise<string[]> {
  const file = join(dir, `batch-${n}-${extra.join('')}`);
  writeFileSync(file, Array.from({ length: n }, () => 'web-g.marathon.mesos A').join('\n') + '\n');
  const res = await run('dig', ['@127.0.0.1', '-p', String(dnsPort), '+short', '+tries=1', '+time=2', ...extra, '-f', file], { timeoutMs: 30_000 });
  return res.stdout.split('\n').filter(Boolean);
}

async function metric(name: string): Promise<Array<{ labels: string; value: number }>> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => ({ labels: m[1] ?? '', value: Number(m[2]) }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-dns-workers-'));
  [dnsPort, httpPort] = (await freePorts(2)) as [number, number];
  proc = spawnMarina(['dns', '--workers', '3', '--listen', `127.0.0.1:${dnsPort}`, '--http-listen', `127.0.0.1:${httpPort}`, '--mesos-state', FIXTURE]);
  await proc.waitForHttp(`http://127.0.0.1:${httpPort}/ready`, { ok: (r) => r.status === 200 });
});

afterAll(async () => {
  await stopAllMarina();
  rmSync(dir, { recursive: true, force: true });
});

test('three workers own their own sockets on the one port; queries are spread over them and counted once', async () => {
  const workers = childrenOf(proc.pid);
  expect(workers).toHaveLength(3);
  expect(await udpOwners(dnsPort)).toEqual([...workers].sort());
  const answers = await digBatch(300);
  expect(answers).toEqual(Array(300).fill('198.19.0.21'));
  expect(await digBatch(5, ['+tcp'])).toEqual(Array(5).fill('198.19.0.21'));
  const total = (await metric('marina_dns_queries_total')).reduce((s, m) => s + m.value, 0);
  expect(total).toBe(305);
  const perWorker = await metric('marina_dns_worker_queries_total');
  expect(perWorker).toHaveLength(3);
  expect(perWorker.reduce((s, m) => s + m.value, 0)).toBe(305);
  expect(perWorker.filter((m) => m.value > 0).length).toBeGreaterThanOrEqual(2);
});

test('a killed worker is replaced; the others answer meanwhile', async () => {
  const before = childrenOf(proc.pid);
  process.kill(before[0]!, 'SIGKILL');
  expect(await digBatch(50)).toEqual(Array(50).fill('198.19.0.21'));
  await waitUntil('a replacement worker serving', async () => {
    const now = childrenOf(proc.pid);
    return now.length === 3 && !now.includes(before[0]!) && (await udpOwners(dnsPort)).length === 3;
  }, 15_000, 100);
  expect(await digBatch(30)).toEqual(Array(30).fill('198.19.0.21'));
});

test('SIGTERM to the primary stops every worker and exits 0', async () => {
  const workers = childrenOf(proc.pid);
  expect(await proc.stop()).toBe(0);
  for (const w of workers) expect(() => process.kill(w, 0)).toThrow();
  expect(await udpOwners(dnsPort)).toEqual([]);
});
