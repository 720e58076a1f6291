/**
 * `marina dns --workers N`: N processes answer DNS on the same addresses,
 * each with its own UDP and TCP sockets bound with SO_REUSEPORT, so the
 * kernel spreads queries across them and they scale over cores (the
 * nginx/CoreDNS way; one Node process is one core). Each worker follows the
 * record source itself. The primary (node:cluster) serves the HTTP API and
 * /metrics — query counters gathered from the workers over IPC at scrape
 * time — and replaces a worker that dies, as a master process does.
 */
import cluster, { type Worker } from 'node:cluster';
import { logger } from '../../lib/log';
import type { RunningService } from '../../lib/service';
import type { DnsConfig } from './options';
import { startDns, type RunningDns, type WorkerReport } from './service';

const REPORT_TIMEOUT_MS = 1000;
const RESTART_DELAY_MS = 500;

interface ReportRequest { type: 'marina-dns-report'; seq: number }
interface ReportReply { type: 'marina-dns-report'; seq: number; report: WorkerReport }

/** True in a process cluster.fork() started (the CLI then runs serveAsWorker). */
export function isDnsWorker(): boolean {
  return cluster.isWorker;
}

/** Primary: fork the workers, serve HTTP and /metrics, keep N workers running. */
export async function startDnsWorkers(config: DnsConfig): Promise<RunningService & { workerPids(): number[] }> {
  const log = logger('dns');
  const n = config.workers;
  const workers = new Map<number, Worker>(); // slot → worker
  let stopping = false;
  let seq = 0;

  const fork = (slot: number): Worker => {
    const w = cluster.fork({ MARINA_DNS_WORKER: String(slot) });
    workers.set(slot, w);
    w.on('exit', (code, signal) => {
      if (workers.get(slot) === w) workers.delete(slot);
      if (stopping) return;
      log.error({ worker: slot, code, signal }, 'dns worker exited; starting another');
      setTimeout(() => !stopping && fork(slot), RESTART_DELAY_MS).unref();
    });
    return w;
  };

  const ask = (w: Worker): Promise<WorkerReport | undefined> =>
    new Promise((resolve) => {
      const id = ++seq;
      const onMessage = (msg: ReportReply) => {
        if (msg?.type !== 'marina-dns-report' || msg.seq !== id) return;
        done(msg.report);
      };
      const done = (r: WorkerReport | undefined) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        resolve(r);
      };
      const timer = setTimeout(() => done(undefined), REPORT_TIMEOUT_MS);
      w.on('message', onMessage);
      try {
        w.send({ type: 'marina-dns-report', seq: id } satisfies ReportRequest);
      } catch {
        done(undefined);
      }
    });

  const ready = (w: Worker) => new Promise<void>((resolve, reject) => {
    w.once('message', (m: { type?: string }) => (m?.type === 'marina-dns-ready' ? resolve() : undefined));
    w.once('exit', (code) => reject(new Error(`dns worker exited with ${code} before serving (see its log)`)));
  });

  const first = Array.from({ length: n }, (_, i) => fork(i + 1));
  try {
    await Promise.all(first.map(ready));
  } catch (err) {
    stopping = true;
    for (const w of first) w.kill('SIGKILL');
    throw err;
  }
  const primary = await startDns(config, {
    role: 'primary',
    workerReports: async () => (await Promise.all([...workers.values()].map(ask))).filter((r): r is WorkerReport => r !== undefined),
  });
  log.info({ workers: n, listen: config.listen }, 'dns workers serving');

  return {
    name: 'dns',
    workerPids: () => [...workers.values()].map((w) => w.process.pid ?? 0),
    stop: async () => {
      stopping = true;
      await primary.stop();
      await Promise.all([...workers.values()].map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        const kill = setTimeout(() => w.kill('SIGKILL'), 5000);
        w.once('exit', () => (clearTimeout(kill), resolve()));
        w.process.kill('SIGTERM');
      })));
    },
  };
}

/** Worker: answer DNS on the shared ports, report counters when the primary asks. */
export async function serveAsWorker(config: DnsConfig): Promise<RunningDns> {
  const slot = Number(process.env.MARINA_DNS_WORKER ?? 0);
  const dns = await startDns(config, { role: 'worker' });
  process.on('message', (msg: ReportRequest) => {
    if (msg?.type === 'marina-dns-report') process.send?.({ type: 'marina-dns-report', seq: msg.seq, report: dns.report(slot) } satisfies ReportReply);
  });
  // The primary gone (killed): nothing would replace or stop this worker, so it stops itself.
  process.on('disconnect', () => void dns.stop().finally(() => process.exit(0)));
  process.send?.({ type: 'marina-dns-ready' });
  return dns;
}
