/**
 * Simulated hosts for lb tests: an underlay bridge netns (marina-lbr) with
 * hosts, backend "tasks" and a bridge task, all on 198.18.2.0/24 and
 * 198.18.3.0/24, VIPs from 198.19.250.0/24. Backends run a tiny HTTP + UDP
 * server answering their name. Everything lives in marina-lb* namespaces.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createNetns, netnsExec, vethPair } from './netns';
import { nodeBinary } from './process';
import { runOk } from './exec';
import type { Task, TaskVip } from '../../lib/model/cluster';
import type { AppDefinition } from '../../lib/model/app';

export const SERVER_JS = `
const http = require('http'), dgram = require('dgram'), net = require('net');
const name = process.argv[1], port = Number(process.argv[2]);
let draining = false;
const srv = http.createServer((req, res) => {
  if (draining) res.setHeader('connection', 'close');
  res.end(name);
});
// Graceful stop: answer what comes with Connection: close, then exit when idle.
// (net.Server's close only stops listening; http.Server.close would also cut idle keep-alive connections.)
process.on('SIGTERM', () => { draining = true; net.Server.prototype.close.call(srv); setTimeout(() => process.exit(0), 2000); });
srv.keepAliveTimeout = 65000;
srv.on('upgrade', (req, sock) => {
  sock.write('HTTP/1.1 101 Switching Protocols\\r\\nupgrade: websocket\\r\\nconnection: Upgrade\\r\\n\\r\\n');
  sock.on('data', (d) => sock.write(name + ':' + d));
});
srv.listen(port, '0.0.0.0');
const u = dgram.createSocket('udp4');
u.on('message', (m, r) => u.send(name, r.port, r.address));
u.bind(port, '0.0.0.0');
`;

export const CLIENT_JS = `
// node -e CLIENT_JS URL COUNT: new connection per request; prints {name: count, errors}.
const http = require('http');
const [url, count] = [process.argv[1], Number(process.argv[2])];
const out = { errors: 0 };
let left = count, inflight = 0;
function one() {
  if (left <= 0) { if (inflight === 0) { console.log(JSON.stringify(out)); } return; }
  left--; inflight++;
  http.get(url, { agent: false }, (res) => { let b = ''; res.on('data', (d) => b += d); res.on('end', () => { out[b] = (out[b] || 0) + 1; inflight--; one(); }); })
    .on('error', () => { out.errors++; inflight--; one(); });
}
for (let i = 0; i < 8; i++) one();
`;

export const UDP_CLIENT_JS = `
// node -e UDP_CLIENT_JS IP PORT SRCPORT: one datagram from a fixed source port; prints the answer or TIMEOUT.
const d = require('dgram').createSocket('udp4');
const [ip, port, src] = process.argv.slice(1);
d.bind(Number(src), () => {
  d.send('q', Number(port), ip);
  const t = setTimeout(() => { console.log('TIMEOUT'); d.close(); }, 1500);
  d.on('message', (m) => { clearTimeout(t); console.log(m.toString()); d.close(); });
});
`;

export async function nodeIn(ns: string, script: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const res = await netnsExec(ns, [nodeBinary(), '-e', script, ...args], { timeoutMs });
  return res.stdout.trim();
}

export class Topology {
  readonly children: ChildProcess[] = [];
  /** Backend servers by name (started by backend()). */
  readonly servers = new Map<string, ChildProcess>();
  private n = 0;

  constructor(readonly tag: string) {}

  ns(name: string): string {
    return `marina-lb${this.tag}${name}`;
  }

  async underlay(): Promise<void> {
    const r = await createNetns(this.ns('r'));
    await runOk('ip', ['-n', r, 'link', 'add', 'marinabr0', 'type', 'bridge']);
    await runOk('ip', ['-n', r, 'link', 'set', 'marinabr0', 'up']);
  }

  /** A netns on the underlay with address 198.18.2.<octet>/24. */
  async node(name: string, octet: number): Promise<string> {
    const ns = await createNetns(this.ns(name));
    const peer = `marinav${this.tag}${this.n++}`;
    await vethPair({ ns, name: 'eth0', address: `198.18.2.${octet}/24` }, { ns: this.ns('r'), name: peer });
    await runOk('ip', ['-n', this.ns('r'), 'link', 'set', peer, 'master', 'marinabr0']);
    return ns;
  }

  /** A host: forwarding on, VIP range routed onto the underlay (DNAT rewrites it), bridge subnet 198.18.3.0/24 behind it. */
  async host(name: string, octet: number): Promise<string> {
    const ns = await this.node(name, octet);
    await netnsExec(ns, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await netnsExec(ns, ['ip', 'route', 'add', '198.19.250.0/24', 'dev', 'eth0']);
    return ns;
  }

  /** A task behind host (bridge-mode-like: veth to the host, 198.18.3.2, default route via the host). */
  async bridgeTask(host: string, name: string): Promise<string> {
    const ns = await createNetns(this.ns(name));
    await vethPair({ ns, name: 'eth0', address: '198.18.3.2/24' }, { ns: host, name: 'marinat0', address: '198.18.3.1/24' });
    await netnsExec(ns, ['ip', 'route', 'add', 'default', 'via', '198.18.3.1']);
    return ns;
  }

  /**
   * A VXLAN overlay 198.19.1.0/24 (VNI 42) between hosts: a bridge marinaov0 in
   * each host holding 198.19.1.<octet>, with the vxlan device flooding to the
   * other hosts by static FDB entries.
   */
  async overlay(hosts: Array<{ ns: string; octet: number }>): Promise<void> {
    for (const h of hosts) {
      await netnsExec(h.ns, ['ip', 'link', 'add', 'marinaov0', 'type', 'bridge']);
      await netnsExec(h.ns, ['ip', 'link', 'add', 'marinavx0', 'type', 'vxlan', 'id', '42', 'local', `198.18.2.${h.octet}`, 'dstport', '4789', 'dev', 'eth0', 'nolearning']);
      await netnsExec(h.ns, ['ip', 'link', 'set', 'marinavx0', 'master', 'marinaov0', 'mtu', '1450']);
      for (const other of hosts) if (other !== h) await netnsExec(h.ns, ['bridge', 'fdb', 'append', '00:00:00:00:00:00', 'dev', 'marinavx0', 'dst', `198.18.2.${other.octet}`]);
      await netnsExec(h.ns, ['ip', 'addr', 'add', `198.19.1.${h.octet}/24`, 'dev', 'marinaov0']);
      await netnsExec(h.ns, ['ip', 'link', 'set', 'marinavx0', 'up']);
      await netnsExec(h.ns, ['ip', 'link', 'set', 'marinaov0', 'up']);
    }
  }

  /** A task on host's overlay bridge at 198.19.1.<octet>, default route via the host (198.19.1.<hostOctet>). */
  async overlayTask(host: string, hostOctet: number, name: string, octet: number): Promise<string> {
    const ns = await createNetns(this.ns(name));
    const peer = `marinao${this.tag}${this.n++}`;
    await vethPair({ ns, name: 'eth0', address: `198.19.1.${octet}/24` }, { ns: host, name: peer });
    await netnsExec(ns, ['ip', 'link', 'set', 'eth0', 'mtu', '1450']);
    await netnsExec(host, ['ip', 'link', 'set', peer, 'master', 'marinaov0']);
    await netnsExec(ns, ['ip', 'route', 'add', 'default', 'via', `198.19.1.${hostOctet}`]);
    return ns;
  }

  /** A backend node running the name server on port. Replies to the bridge subnet go via h1, to the overlay via h2. */
  async backend(name: string, octet: number, port: number): Promise<string> {
    const ns = await this.node(name, octet);
    await netnsExec(ns, ['ip', 'route', 'add', '198.18.3.0/24', 'via', '198.18.2.1']);
    await netnsExec(ns, ['ip', 'route', 'add', '198.19.1.0/24', 'via', '198.18.2.2']);
    this.servers.set(name, this.startServer(ns, name, port));
    return ns;
  }

  startServer(ns: string, name: string, port: number): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, nodeBinary(), '-e', SERVER_JS, name, String(port)], { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  async waitHttp(ns: string, url: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const r = await netnsExec(ns, ['curl', '-s', '-m', '1', url], { allowFail: true });
      if (r.code === 0) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`${url} did not answer from ${ns}`);
  }

  async stop(): Promise<void> {
    for (const c of this.children) c.kill('SIGKILL');
  }
}

/** A running, ready task for app `appId` on agent `agentId` in host mode at ip:port, with VIPs on port 0. */
export function hostTask(id: string, appId: string, ip: string, port: number, vips: TaskVip[], over: Partial<Task> = {}): Task {
  return {
    id, appId, appVersion: 'v1', agentId: `agent-${ip}`, host: ip, networkMode: 'host',
    ports: [{ hostPort: port, containerPort: port, servicePort: 10001, protocol: vips[0]?.protocol ?? 'tcp', labels: {} }],
    ipAddresses: [], vips, env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [],
    stagedAt: '2026-01-01T00:00:00Z', version: 'v1', ...over,
  };
}

export function app(id: string, labels: Record<string, string> = {}): AppDefinition {
  return {
    id, instances: 1, cpus: 0.1, mem: 32, disk: 0, gpus: 0, env: {}, labels, networks: [{ mode: 'host' }],
    portDefinitions: [{ port: 10001, protocol: 'tcp', labels: {} }], requirePorts: false, healthChecks: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, constraints: [], backoffSeconds: 1,
    backoffFactor: 1.15, maxLaunchDelaySeconds: 300, killSelection: 'YOUNGEST_FIRST',
  };
}
