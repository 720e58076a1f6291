/**
 * Edge proxy vs HAProxy (and nginx when installed), each proxy pinned to one
 * core (taskset -c 1), wrk and an haproxy responder on core 0, all on
 * loopback; keep-alive, small responses. Also the userspace L4 proxy vs
 * HAProxy tcp mode. Correctness first: each proxy must answer 200 "ok".
 *   node -r ./bench/_register.js bench/lb/edge-vs-peers.ts [seconds] [rounds]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/ports';

const secs = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const root = join(__dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');
const children: ChildProcess[] = [];

function start(cmd: string[], waitFor?: string): Promise<void> {
  const c = spawn('taskset', ['-c', cmd[0] === 'core0' ? '0' : '1', ...cmd.slice(1)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  children.push(c);
  return new Promise((resolve) => {
    if (!waitFor) return void setTimeout(resolve, 500);
    c.stdout!.on('data', (d: Buffer) => d.toString().includes(waitFor) && resolve());
  });
}

function haproxyCfg(name: string, body: string): string {
  const f = `/tmp/marina-lbbench-${name}.cfg`;
  writeFileSync(f, `global\n  nbthread 1\ndefaults\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\n${body}`);
  return f;
}

function wrk(port: number): number {
  const url = `http://127.0.0.1:${port}/`;
  const body = execFileSync('curl', ['-s', url]).toString();
  if (body !== 'ok') throw new Error(`${url} answered ${JSON.stringify(body)}, not ok`);
  const out = execFileSync('taskset', ['-c', '0', 'wrk', '-t1', '-c50', `-d${secs}s`, url]).toString();
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`errors through ${url}: ${out}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
}

async function main(): Promise<void> {
  const [bp, hHttp, hTcp, mHttp, mTcp, ng, mHap] = await Promise.all([0, 1, 2, 3, 4, 5, 6].map(() => freePort()));
  try {
    await start(['core0', 'haproxy', '-f', haproxyCfg('backend', `frontend f\n  mode http\n  bind 127.0.0.1:${bp}\n  http-request return status 200 content-type text/plain string ok\n`)]);
    await start(['core1', 'haproxy', '-f', haproxyCfg('http', `frontend f\n  mode http\n  bind 127.0.0.1:${hHttp}\n  default_backend b\nbackend b\n  mode http\n  http-reuse always\n  server s 127.0.0.1:${bp}\n`)]);
    await start(['core1', 'haproxy', '-f', haproxyCfg('tcp', `frontend f\n  mode tcp\n  bind 127.0.0.1:${hTcp}\n  default_backend b\nbackend b\n  mode tcp\n  server s 127.0.0.1:${bp}\n`)]);
    await start(['core1', node, '-r', './bench/_register.js', 'bench/lb/edge-serve.ts', 'http', String(mHttp), String(bp)], 'ready');
    await start(['core1', node, '-r', './bench/_register.js', 'bench/lb/edge-serve.ts', 'tcp', String(mTcp), String(bp)], 'ready');
    await start(['core1', node, '-r', './bench/_register.js', 'bench/lb/edge-serve.ts', 'haproxy', String(mHap), String(bp)], 'ready');
    const cases: Array<[string, number]> = [['haproxy http', hHttp], ['marina edge http', mHttp], ['marina haproxy data plane http', mHap], ['haproxy tcp', hTcp], ['marina userspace L4 (edge tcp)', mTcp]];
    if (existsSync('/usr/sbin/nginx')) {
      const conf = `/tmp/marina-lbbench-nginx.conf`;
      writeFileSync(conf, `worker_processes 1;\ndaemon off;\npid /tmp/marina-lbbench-nginx.pid;\nerror_log /dev/null;\nevents { worker_connections 1024; }\nhttp { access_log off; upstream b { server 127.0.0.1:${bp}; keepalive 64; }\n server { listen 127.0.0.1:${ng}; location / { proxy_pass http://b; proxy_http_version 1.1; proxy_set_header Connection ""; } } }\n`);
      await start(['core1', '/usr/sbin/nginx', '-c', conf]);
      cases.splice(1, 0, ['nginx http', ng]);
    }
    const res = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) for (const [name, port] of cases) res.set(name, [...(res.get(name) ?? []), wrk(port)]);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log('| proxy (1 core) | req/s (median) | vs HAProxy same mode |');
    console.log('|---|---|---|');
    for (const [name, xs] of res) {
      const peer = med(res.get(name.includes('tcp') || name.includes('L4') ? 'haproxy tcp' : 'haproxy http')!);
      console.log(`| ${name} | ${med(xs).toFixed(0)} | ${(med(xs) / peer).toFixed(2)} |`);
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

void main();
