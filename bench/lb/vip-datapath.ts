/**
 * Kernel VIP data path: wrk (keep-alive, and a new connection per request)
 * from a client netns to an haproxy responder in a server netns, through
 *   direct      — straight to the backend address,
 *   hand-dnat   — one hand-written nft DNAT rule for the VIP,
 *   marina-nft  — Marina's nftables VIP (with 100 and with 10,000 VIPs loaded),
 *   marina-ipt  — Marina's iptables VIP (100 VIPs loaded).
 * Cases are interleaved and repeated; the median is reported. Run as root:
 *   node -r ./bench/_register.js bench/lb/vip-datapath.ts [seconds] [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { NftablesBackend } from '../../services/lb/backends/nftables/apply';
import { IptablesBackend } from '../../services/lb/backends/iptables/apply';
import type { VipTable } from '../../services/lb/model/vip-table';
import { syntheticTable } from './synthetic';

const C = 'marina-lbbc';
const S = 'marina-lbbs';
const VIP = '198.19.250.50';
const secs = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const sh = (args: string[], input?: string) => execFileSync(args[0], args.slice(1), { input, stdio: ['pipe', 'pipe', 'inherit'] }).toString();

function table(extra: number): VipTable {
  const t = syntheticTable(extra, 3);
  t.set(`${VIP}:80/tcp`, { key: `${VIP}:80/tcp`, ip: VIP, port: 80, proto: 'tcp', family: 4, appIds: ['/bench'], backends: [{ ip: '198.18.2.11', port: 8080, taskId: 'b' }] });
  return t;
}

function wrk(url: string, close: boolean): number {
  const args = ['netns', 'exec', C, 'taskset', '-c', '1', 'wrk', '-t1', '-c32', `-d${secs}s`, ...(close ? ['-H', 'Connection: close'] : []), url];
  const out = sh(['ip', ...args]);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
}

async function main(): Promise<void> {
  const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false, netns: C };
  sh(['ip', 'netns', 'add', C]);
  sh(['ip', 'netns', 'add', S]);
  const hap = '/tmp/marina-lbbench-haproxy.cfg';
  writeFileSync(hap, 'global\n  nbthread 1\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\nfrontend f\n  bind 0.0.0.0:8080\n  http-request return status 200 content-type text/plain string ok\n');
  const server = spawn('ip', ['netns', 'exec', S, 'taskset', '-c', '0', 'haproxy', '-f', hap], { stdio: 'ignore' });
  try {
    for (const ns of [C, S]) sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    sh(['ip', '-n', C, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', S]);
    sh(['ip', '-n', C, 'addr', 'add', '198.18.2.1/24', 'dev', 'eth0']);
    sh(['ip', '-n', S, 'addr', 'add', '198.18.2.11/24', 'dev', 'eth0']);
    for (const ns of [C, S]) sh(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
    sh(['ip', '-n', C, 'route', 'add', '198.19.0.0/16', 'dev', 'eth0']);
    await new Promise((r) => setTimeout(r, 500));
    const nft = new NftablesBackend(opts);
    const ipt = new IptablesBackend(opts);
    const cases: Array<[string, () => Promise<void>, string]> = [
      ['direct', async () => undefined, 'http://198.18.2.11:8080/'],
      ['hand-dnat', async () => void sh(['ip', 'netns', 'exec', C, 'nft', '-f', '-'], `table ip marinahand {\n chain out { type nat hook output priority -100; ip daddr ${VIP} tcp dport 80 dnat to 198.18.2.11:8080\n }\n}\n`), `http://${VIP}/`],
      ['marina-nft (100 VIPs)', () => nft.sync(new Map(), table(99), true), `http://${VIP}/`],
      ['marina-nft (10,000 VIPs)', () => nft.sync(new Map(), table(9999), true), `http://${VIP}/`],
      ['marina-ipt (100 VIPs)', () => ipt.sync(new Map(), table(99), true), `http://${VIP}/`],
    ];
    const results = new Map<string, { ka: number[]; nc: number[] }>();
    for (let r = 0; r < rounds; r++) {
      for (const [name, setup, url] of cases) {
        await setup();
        const res = results.get(name) ?? { ka: [], nc: [] };
        res.ka.push(wrk(url, false));
        res.nc.push(wrk(url, true));
        results.set(name, res);
        sh(['ip', 'netns', 'exec', C, 'nft', '-f', '-'], 'add table ip marinahand\ndelete table ip marinahand\n');
        await nft.cleanup();
        await ipt.cleanup();
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const hand = results.get('hand-dnat')!;
    console.log('| path | keep-alive req/s | vs hand DNAT | new conn/s | vs hand DNAT |');
    console.log('|---|---|---|---|---|');
    for (const [name, r] of results) {
      console.log(`| ${name} | ${med(r.ka).toFixed(0)} | ${(med(r.ka) / med(hand.ka)).toFixed(3)} | ${med(r.nc).toFixed(0)} | ${(med(r.nc) / med(hand.nc)).toFixed(3)} |`);
    }
  } finally {
    server.kill('SIGKILL');
    for (const ns of [C, S]) execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
  }
}

void main();
