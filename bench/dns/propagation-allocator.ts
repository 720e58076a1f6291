/**
 * Propagation through the real allocator: `marina allocator` (embedded store
 * in a temp dir) and `marina dns --allocator` run as separate processes on
 * loopback; this process plays the agents (GrpcAgentApi). Apps are posted to
 * /v2/apps and placed; then, one task at a time, the task is reported
 * TASK_RUNNING + ready over gRPC and its canonical name is queried over UDP
 * until it answers. Delay = report sent → first answer with the record
 * (gRPC report + store commit + Watch stream + DNS compile + query).
 * Run (bin/marina runs dist/: bash deploy/setup.sh first): node -r ./bench/_register.js bench/dns/propagation-allocator.ts [apps] [tasksPerApp]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'dns-packet';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { canonicalTaskLabel } from '../../lib/naming';
import { repoRoot } from '../../lib/paths';

interface MTask { id: string; appId: string; agentId: string; state: string }
const AGENTS = 20;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function marina(args: string[], children: ChildProcess[]): void {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'marina.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MARINA_LOG_LEVEL: 'warn' } });
  children.push(child);
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      if (await fn()) return;
    } catch (err) {
      last = String((err as Error).message);
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function json(url: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** One outstanding UDP query at a time; resolves true when the answer has records. */
function udpAsker(port: number) {
  const sock = createSocket('udp4');
  let waiting: ((ok: boolean) => void) | undefined;
  sock.on('message', (m) => waiting?.((m[3]! & 0xf) === 0 && m.readUInt16BE(6) > 0));
  const ask = (name: string) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1_000);
      waiting = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
      sock.send(encode({ type: 'query', id: 1, questions: [{ type: 'A', name }] }), port, '127.0.0.1');
    });
  return { ask, close: () => sock.close() };
}

async function main(): Promise<void> {
  const apps = Number(process.argv[2] ?? 100);
  const per = Number(process.argv[3] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'marina-dnsprop-'));
  const [apiPort, grpcPort, dnsPort, httpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [];
  const agents = new GrpcAgentApi({ address: `127.0.0.1:${grpcPort}` });
  let keep: NodeJS.Timeout | undefined;
  const udp = udpAsker(dnsPort);
  try {
    marina(['allocator', '--api-listen', `127.0.0.1:${apiPort}`, '--grpc-listen', `127.0.0.1:${grpcPort}`, '--data-dir', dir, '--agent-lease-ttl', '60', '--bridge-range', '198.18.32.0/19'], children);
    await until('allocator', async () => (await fetch(`${api}/health`)).ok);
    await until('agents registered', async () => {
      for (let a = 0; a < AGENTS; a++) await agents.registerAgent({ id: `S${a}`, hostname: `host-s${a}`, ip: `198.18.1.${a + 10}`, portRanges: [{ begin: 31000, end: 32999 }] });
      return true;
    });
    keep = setInterval(() => {
      for (let a = 0; a < AGENTS; a++) void agents.keepAlive(`S${a}`).catch(() => undefined);
    }, 5_000);
    marina(['dns', '--allocator', `127.0.0.1:${grpcPort}`, '--listen', `127.0.0.1:${dnsPort}`, '--http-listen', `127.0.0.1:${httpPort}`], children);
    await until('dns ready', async () => (await fetch(`http://127.0.0.1:${httpPort}/ready`)).ok);

    const t0 = performance.now();
    for (let i = 0; i < apps; i++) await json(`${api}/v2/apps`, 'POST', { id: `/app${i}`, cmd: 'sleep 1000', instances: per, portDefinitions: [{ port: 0 }] });
    let tasks: MTask[] = [];
    await until('all tasks placed', async () => (tasks = (await json(`${api}/v1/tasks`)).tasks as MTask[]).length === apps * per, 120_000);
    const placeSeconds = (performance.now() - t0) / 1000;

    const delays: number[] = [];
    const reports: number[] = [];
    for (const t of tasks) {
      const name = `${canonicalTaskLabel(t.appId, t.id, t.agentId)}.marathon.mesos`;
      const s = performance.now();
      await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
      reports.push(performance.now() - s);
      while (!(await udp.ask(name))) {
        if (performance.now() - s > 10_000) throw new Error(`${name} never answered`);
      }
      delays.push(performance.now() - s);
    }
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(2);
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const records = /^marina_dns_records(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1];
    process.stdout.write(JSON.stringify({
      tasks: delays.length, apps, per, agents: AGENTS, place_seconds: placeSeconds.toFixed(1),
      propagation_p50_ms: pct(delays, 0.5), propagation_p99_ms: pct(delays, 0.99), propagation_max_ms: pct(delays, 1),
      report_rpc_p50_ms: pct(reports, 0.5), report_rpc_p99_ms: pct(reports, 0.99), dns_records: Number(records),
    }) + '\n');
  } finally {
    if (keep) clearInterval(keep);
    agents.close();
    udp.close();
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r)));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exitCode = 1;
});
