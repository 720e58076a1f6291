/**
 * Edge proxy vs HAProxy (and nginx when installed), each proxy pinned to one
 * core (taskset -c 1), wrk and an haproxy responder on core 0, all on
 * loopback; keep-alive, small responses. Also the userspace L4 proxy vs
 * HAProxy tcp mode. Correctness first: each proxy must answer 200 "ok".
 * Every proxy gets a warm-up run (V8 optimises the hot path after a few
 * thousand requests), then the rounds interleave the cases. Besides req/s,
 * each case reports the CPU time its processes used per request (utime +
 * stime from /proc, the process and its children): on a shared machine the
 * throughput swings with other jobs, CPU per request much less.
 *   node -r ./bench/_register.js bench/lb/edge-vs-peers.ts [seconds=5] [rounds=3] [--variants]
 * --variants adds the other ways of building the edge that were measured
 * (edge-variants.ts: node:http or undici as the client).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf } from '../../test/helpers/procs';
import { freePort } from '../../test/helpers/ports';

const root = join(__dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');

export interface EdgeBenchRow {
  name: string;
  /** Median req/s over the rounds. */
  rps: number;
  /** Median req/s divided by HAProxy's median in the same mode. */
  ratio: number;
  /** Median CPU microseconds per request of the proxy's processes. */
  cpuUs: number;
  /** HAProxy's CPU per request divided by this one's (1 = as efficient). */
  cpuRatio: number;
}

interface Case {
  name: string;
  port: number;
  pid: number;
}

/** utime + stime in clock ticks of pid and its descendants. */
function cpuTicks(pid: number): number {
  let sum = 0;
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    sum = Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
  for (const c of childrenOf(pid)) sum += cpuTicks(c);
  return sum;
}

const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function haproxyCfg(name: string, body: string): string {
  const f = `/tmp/marina-lbbench-${name}.cfg`;
  writeFileSync(f, `global\n  nbthread 1\ndefaults\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\n${body}`);
  return f;
}

function wrk(port: number, secs: number): { rps: number; requests: number } {
  const url = `http://127.0.0.1:${port}/`;
  const out = execFileSync('taskset', ['-c', '0', 'wrk', '-t1', '-c50', `-d${secs}s`, url]).toString();
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`errors through ${url}: ${out}`);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), requests: Number(/(\d+) requests in/.exec(out)![1]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run every case `rounds` times, interleaved; rows in case order. */
export async function runEdgeBench(secs: number, rounds: number, variants = false): Promise<EdgeBenchRow[]> {
  const children: ChildProcess[] = [];
  const start = (core: 0 | 1, cmd: string[], waitFor?: string): Promise<number> => {
    const c = spawn('taskset', ['-c', String(core), ...cmd], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
    children.push(c);
    return new Promise((resolve, reject) => {
      c.once('exit', (code) => reject(new Error(`${cmd.join(' ')} exited (${code})`)));
      if (!waitFor) return void setTimeout(() => resolve(c.pid!), 500);
      c.stdout!.on('data', (d: Buffer) => d.toString().includes(waitFor) && resolve(c.pid!));
    });
  };
  const serve = (script: string, mode: string, port: number, bp: number) => start(1, [node, '-r', './bench/_register.js', `bench/lb/${script}`, mode, String(port), String(bp)], 'ready');
  const cases: Case[] = [];
  const add = async (name: string, port: number, pid: Promise<number>) => cases.push({ name, port, pid: await pid });
  try {
    const bp = await freePort();
    await start(0, ['haproxy', '-f', haproxyCfg('backend', `frontend f\n  mode http\n  bind 127.0.0.1:${bp}\n  http-request return status 200 content-type text/plain string ok\n`)]);
    const p = async () => freePort();
    let port = await p();
    await add('haproxy http', port, start(1, ['haproxy', '-f', haproxyCfg('http', `frontend f\n  mode http\n  bind 127.0.0.1:${port}\n  default_backend b\nbackend b\n  mode http\n  http-reuse always\n  server s 127.0.0.1:${bp}\n`)]));
    if (existsSync('/usr/sbin/nginx')) {
      port = await p();
      const conf = `/tmp/marina-lbbench-nginx.conf`;
      writeFileSync(conf, `worker_processes 1;\ndaemon off;\npid /tmp/marina-lbbench-nginx.pid;\nerror_log /dev/null;\nevents { worker_connections 1024; }\nhttp { access_log off; upstream b { server 127.0.0.1:${bp}; keepalive 64; }\n server { listen 127.0.0.1:${port}; location / { proxy_pass http://b; proxy_http_version 1.1; proxy_set_header Connection ""; } } }\n`);
      await add('nginx http', port, start(1, ['/usr/sbin/nginx', '-c', conf]));
    }
    port = await p();
    await add('marina edge http (built-in)', port, serve('edge-serve.ts', 'http', port, bp));
    if (variants) {
      for (const v of ['node-http', 'undici-request', 'undici-dispatch']) {
        port = await p();
        await add(`variant: node:http server + ${v.replace('node-http', 'node:http client')}`, port, serve('edge-variants.ts', v, port, bp));
      }
    }
    port = await p();
    await add('marina haproxy data plane http', port, serve('edge-serve.ts', 'haproxy', port, bp));
    port = await p();
    await add('haproxy tcp', port, start(1, ['haproxy', '-f', haproxyCfg('tcp', `frontend f\n  mode tcp\n  bind 127.0.0.1:${port}\n  default_backend b\nbackend b\n  mode tcp\n  server s 127.0.0.1:${bp}\n`)]));
    port = await p();
    await add('marina userspace L4 (edge tcp)', port, serve('edge-serve.ts', 'tcp', port, bp));

    for (const c of cases) {
      const body = execFileSync('curl', ['-s', `http://127.0.0.1:${c.port}/`]).toString();
      if (body !== 'ok') throw new Error(`${c.name} answered ${JSON.stringify(body)}, not ok`);
      wrk(c.port, 2); // warm-up, not counted
    }
    const rps = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      for (const c of cases) {
        const before = cpuTicks(c.pid);
        const w = wrk(c.port, secs);
        rps.set(c.name, [...(rps.get(c.name) ?? []), w.rps]);
        cpu.set(c.name, [...(cpu.get(c.name) ?? []), ((cpuTicks(c.pid) - before) * TICK_US) / Math.max(1, w.requests)]);
      }
    }
    return cases.map(({ name }) => {
      const peer = name.includes('tcp') || name.includes('L4') ? 'haproxy tcp' : 'haproxy http';
      const [m, pm] = [median(rps.get(name)!), median(rps.get(peer)!)];
      const [c, pc] = [median(cpu.get(name)!), median(cpu.get(peer)!)];
      return { name, rps: Math.round(m), ratio: Number((m / pm).toFixed(2)), cpuUs: Number(c.toFixed(1)), cpuRatio: Number((pc / c).toFixed(2)) };
    });
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

export function table(rows: EdgeBenchRow[]): string {
  const lines = ['| proxy (1 core) | req/s (median) | vs HAProxy same mode | CPU µs/request | HAProxy CPU / this |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.rps} | ${r.ratio.toFixed(2)} | ${r.cpuUs.toFixed(1)} | ${r.cpuRatio.toFixed(2)} |`);
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  void runEdgeBench(Number(args[0] ?? 5), Number(args[1] ?? 3), process.argv.includes('--variants')).then(
    (rows) => console.log(table(rows)),
    (err: unknown) => (console.error(err), (process.exitCode = 1)),
  );
}
