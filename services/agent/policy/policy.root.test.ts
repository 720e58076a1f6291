// Root-only (netns, veths, a bridge, nft, sysctls): runs in the integration project (see test/README.md).
// One simulated host netns; tasks are plain netns: web (A) and db (B) on a bridge, other (C) and a
// second web (W2) routed over point-to-point veths. The policy syncer programs the host's table.
// web, db and other are dual-stack: IPv6 from 2001:2::/48 (the IPv6 benchmarking range the project's
// IPv6 tests use), so the same policy is checked with IPv6 traffic too.
import { spawn, type ChildProcess } from 'node:child_process';
import { logger } from '../../../lib/log';
import type { Policy } from '../../../lib/model/policy';
import { run, runOk } from '../../../test/helpers/exec';
import { createNetns, deleteNetns, vethPair } from '../../../test/helpers/netns';
import { nodeBinary } from '../../../test/helpers/process';
import { startTcpServer, tcpRequest, type TcpServer } from '../../../test/helpers/tcp';
import { until } from '../../../test/helpers/until';
import { HostExec } from '../exec';
import { removePolicyTable } from './apply';
import { desiredTable, type PolicyTaskView } from './desired';
import { appChainName } from './names';
import { renderFull } from './render';
import { PolicySyncer, type PolicySource } from './syncer';

const id = process.pid % 100000;
const H = `marina-pnh${id}`;
const NS = { web: `marina-pna${id}`, db: `marina-pnb${id}`, other: `marina-pnc${id}`, web2: `marina-pnw${id}` };
const IP = { web: '198.18.73.2', db: '198.18.73.3', other: '198.18.74.2', web2: '198.18.74.6' };
const IP6 = { web: '2001:2:0:73::2', db: '2001:2:0:73::3', other: '2001:2:0:74::2' };
const BR = 'marinapbr0';

const dbIngress: Policy = { id: 'db-ingress', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }], version: '2026-12-04T05:00:00.000Z' };
const unrelated: Policy = { id: 'other-ingress', selector: { apps: ['/other/app'] }, ingress: [{ ports: [{ port: 80, protocol: 'tcp' }] }] };
const tasks: PolicyTaskView[] = [
  { id: 'a', appId: '/shop/web', agentId: 'h1', ips: [IP.web, IP6.web], hostMode: false },
  { id: 'b', appId: '/shop/db', agentId: 'h1', ips: [IP.db, IP6.db], hostMode: false },
  { id: 'c', appId: '/other/app', agentId: 'h1', ips: [IP.other, IP6.other], hostMode: false },
  { id: 'w2', appId: '/shop/web', agentId: 'h1', ips: [IP.web2], hostMode: false },
];
const view: PolicySource = { agentId: 'h1', revision: 1, policies: [], apps: [{ id: '/shop/web' }, { id: '/shop/db' }, { id: '/other/app' }], tasks };

const exec = new HostExec(H);
const syncer = new PolicySyncer({ exec, source: () => view, log: logger('policy-test'), resyncMs: 3_600_000 });
const servers: TcpServer[] = [];
const children: ChildProcess[] = [];

async function reach(from: keyof typeof NS | 'host', port: number, to = IP.db): Promise<boolean> {
  try {
    await tcpRequest(from === 'host' ? H : NS[from], to, port, 700);
    return true;
  } catch {
    return false;
  }
}

function nft(args: string[]) {
  return run('nsenter', [`--net=/run/netns/${H}`, 'nft', ...args]);
}

beforeAll(async () => {
  await createNetns(H);
  for (const ns of Object.values(NS)) await createNetns(ns);
  await runOk('ip', ['-n', H, 'link', 'add', BR, 'type', 'bridge']);
  await runOk('ip', ['-n', H, 'addr', 'add', '198.18.73.1/24', 'dev', BR]);
  await runOk('ip', ['-n', H, 'link', 'set', BR, 'up']);
  await runOk('nsenter', [`--net=/run/netns/${H}`, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  for (const [k, n] of [['web', 'a'], ['db', 'b']] as const) {
    await vethPair({ ns: H, name: `marinap${n}0` }, { ns: NS[k], name: 'eth0', address: `${IP[k]}/24` });
    await runOk('ip', ['-n', H, 'link', 'set', `marinap${n}0`, 'master', BR]);
    await runOk('ip', ['-n', NS[k], 'route', 'add', 'default', 'via', '198.18.73.1']);
  }
  for (const [k, n, gw] of [['other', 'c', '198.18.74.1'], ['web2', 'w', '198.18.74.5']] as const) {
    await vethPair({ ns: H, name: `marinap${n}0`, address: `${gw}/30` }, { ns: NS[k], name: 'eth0', address: `${IP[k]}/30` });
    await runOk('ip', ['-n', NS[k], 'route', 'add', 'default', 'via', gw]);
  }
  // IPv6: the bridge's subnet and a routed /64 to other (nodad: usable at once)
  await runOk('nsenter', [`--net=/run/netns/${H}`, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
  await runOk('ip', ['-n', H, 'addr', 'add', '2001:2:0:73::1/64', 'dev', BR, 'nodad']);
  await runOk('ip', ['-n', H, 'addr', 'add', '2001:2:0:74::1/64', 'dev', 'marinapc0', 'nodad']);
  for (const k of ['web', 'db', 'other'] as const) {
    await runOk('ip', ['-n', NS[k], 'addr', 'add', `${IP6[k]}/64`, 'dev', 'eth0', 'nodad']);
    await runOk('ip', ['-n', NS[k], '-6', 'route', 'add', 'default', 'via', k === 'other' ? '2001:2:0:74::1' : '2001:2:0:73::1']);
  }
  for (const port of [5432, 22]) servers.push(await startTcpServer(NS.db, '0.0.0.0', port, `db${port}`));
  for (const port of [5432, 22]) servers.push(await startTcpServer(NS.db, IP6.db, port, `db6-${port}`));
  // the first IPv6 exchange waits for neighbour discovery and the bridge's ports; settle before judging policy
  for (const from of ['web', 'other'] as const) await until(`IPv6 ${from} → db`, () => reach(from, 22, IP6.db), 15_000, 200);
  await syncer.start();
}, 60_000);

afterAll(async () => {
  await syncer.stop();
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) await s.stop();
  for (const ns of [...Object.values(NS), H]) await deleteNetns(ns);
});

/** As the agent hands a policy batch over: no task changes; the syncer patches in the changed policies. */
async function setPolicies(p: Policy[]): Promise<void> {
  view.policies = p;
  view.revision++;
  await syncer.changed([Date.now()], []);
}

/** A client that keeps one connection to db:5432 open and counts the lines it reads back. */
const LOOP = `
const net = require('node:net');
let n = 0;
const s = net.connect({ host: process.argv[1], port: 5432 }, () => setInterval(() => s.write('x\\n'), 100));
s.on('data', (b) => { n += String(b).split('\\n').length - 1; console.log(n); });
s.on('error', (e) => { console.error(e.code); process.exit(1); });
`;
const ECHO = `require('node:net').createServer((s) => s.pipe(s)).listen(5433, '0.0.0.0', () => console.log('listening'));`;

describe('policy enforcement in a host netns', () => {
  test('default open: every task reaches db on every port', async () => {
    expect(await reach('web', 5432)).toBe(true);
    expect(await reach('web', 22)).toBe(true);
    expect(await reach('other', 5432)).toBe(true);
    expect(await reach('web', 22, IP6.db)).toBe(true);
    expect(await reach('other', 5432, IP6.db)).toBe(true);
    expect((await nft(['list', 'table', 'inet', 'marina-policy'])).code).toBe(0);
  });

  test('a policy admits /shop/web to /shop/db:5432 only (bridged and routed); drops are counted', async () => {
    await setPolicies([dbIngress]);
    expect(syncer.last?.kind).toBe('delta');
    expect(await reach('web', 5432)).toBe(true); // same bridge: br_netfilter
    expect(await reach('web2', 5432)).toBe(true); // routed
    expect(await reach('web', 22)).toBe(false);
    expect(await reach('other', 5432)).toBe(false);
    expect(await reach('host', 22)).toBe(true); // the host reaches its own tasks (health probes), as in Kubernetes
    const st = (await syncer.reportNow())!.policies['db-ingress'];
    expect(st.programmed).toBe(true);
    expect(st.rules.find((r) => r.direction === 'ingress' && r.index === 0)!.packets).toBeGreaterThan(0);
    expect(st.dropped.packets).toBeGreaterThanOrEqual(2); // web→db:22 and other→db:5432, one SYN each at least
  });

  test('IPv6: the policy admits web to db:5432 over IPv6 (bridged) and drops the rest (bridged and routed), counted', async () => {
    await setPolicies([dbIngress]);
    const chain = appChainName('/shop/db', 'ingress');
    const rules = syncer.applier.current!.chains.get(chain)!.rules;
    const v6Rule = rules.find((r) => r.v6Set)!; // ip6 saddr @peer-…-6: web has an IPv6 address
    expect(v6Rule.text).toMatch(/^ip6 saddr @peer-[0-9a-f]{10}-6 meta l4proto tcp th dport 5432 counter accept$/);
    const drop = rules.at(-1)!;
    const counters = async () => (await syncer.applier.read(true))!.counters.filter((c) => c.chain === chain);
    const count = async (tag: string) => (await counters()).find((c) => c.tag === tag)!.packets;
    const [admitted, dropped] = [await count(v6Rule.tag), await count(drop.tag)];
    const before = (await syncer.reportNow())!.policies['db-ingress'].dropped.packets;
    expect(await reach('web', 5432, IP6.db)).toBe(true);
    expect(await reach('web', 22, IP6.db)).toBe(false);
    expect(await reach('other', 5432, IP6.db)).toBe(false);
    expect(await count(v6Rule.tag)).toBeGreaterThan(admitted);
    expect(await count(drop.tag)).toBeGreaterThanOrEqual(dropped + 2);
    const st = (await syncer.reportNow())!.policies['db-ingress'];
    expect(st.dropped.packets).toBeGreaterThanOrEqual(before + 2);
  });

  test('a policy edit is patched in: one chain rewritten', async () => {
    await setPolicies([dbIngress]);
    await setPolicies([{ ...dbIngress, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }, { port: 6000, protocol: 'tcp' }] }] }]);
    expect(syncer.last).toMatchObject({ kind: 'delta' });
    expect(await reach('web', 5432)).toBe(true);
    expect(await reach('other', 5432)).toBe(false);
    await setPolicies([dbIngress]);
  });

  test('an established connection survives an unrelated policy change', async () => {
    const echo = spawn('ip', ['netns', 'exec', NS.db, nodeBinary(), '-e', ECHO]);
    children.push(echo);
    await until('echo server', () => new Promise<boolean>((r) => echo.stdout.once('data', () => r(true))), 10_000);
    // admit web to the echo port for the connection's start only
    await setPolicies([{ ...dbIngress, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }, { port: 5433, protocol: 'tcp' }] }] }]);
    const client = spawn('ip', ['netns', 'exec', NS.web, nodeBinary(), '-e', LOOP.replace('5432', '5433'), IP.db]);
    children.push(client);
    let lines = 0;
    client.stdout.on('data', (b: Buffer) => (lines = Number(String(b).trim().split('\n').pop())));
    await until('echoes', () => lines > 3, 10_000);
    await setPolicies([dbIngress, unrelated]); // 5433 no longer admitted for new connections
    const at = lines;
    await until('echoes after the change', () => lines > at + 5, 10_000);
    expect(await reach('web', 22)).toBe(false);
    client.kill('SIGKILL');
  });

  test('a flushed or deleted table is repaired by the resync; a task stop removes only its element', async () => {
    await setPolicies([dbIngress]);
    expect((await nft(['flush', 'table', 'inet', 'marina-policy'])).code).toBe(0);
    expect(await reach('other', 5432)).toBe(true);
    await syncer.resync();
    expect(['repair', 'full']).toContain(syncer.last?.kind);
    expect(await reach('other', 5432)).toBe(false);
    expect(await reach('web', 5432)).toBe(true);
    expect((await nft(['delete', 'table', 'inet', 'marina-policy'])).code).toBe(0);
    await syncer.resync();
    expect(syncer.last?.kind).toBe('full');
    expect(await reach('other', 5432)).toBe(false);
    // web2 stops: its address leaves the peer set, nothing else changes
    const w2 = tasks.find((t) => t.id === 'w2')!;
    view.tasks = tasks.filter((t) => t !== w2);
    await syncer.changed([], [{ before: w2 }]); // the task fast path (incremental.ts)
    expect(syncer.last).toMatchObject({ kind: 'delta' });
    expect(syncer.last!.batchBytes).toBeLessThan(120); // one element
    expect(await reach('web2', 5432)).toBe(false);
    view.tasks = tasks;
    await syncer.changed([], [{ after: w2 }]);
    expect(await reach('web2', 5432)).toBe(true);
  });

  test('the start gate: programmed(revision) resolves once the kernel\'s table holds that revision, not before', async () => {
    await setPolicies([dbIngress]);
    const w2 = tasks.find((t) => t.id === 'w2')!;
    view.tasks = tasks.filter((t) => t !== w2);
    view.revision++;
    await syncer.changed([], [{ before: w2 }]);
    // w2 starts again (revision r): a launch waiting on r sees its address in the peer set the moment it is let through
    view.tasks = tasks;
    const r = ++view.revision;
    expect(syncer.programmedRevision).toBeLessThan(r);
    const gate = syncer.programmed(r).then(async (ok) => ({ ok, inSet: (await nft(['list', 'table', 'inet', 'marina-policy'])).stdout.includes(IP.web2) }));
    void syncer.changed([], [{ after: w2 }]);
    expect(await gate).toEqual({ ok: true, inSet: true });
    expect(await syncer.programmed(r - 1)).toBe(true); // already there: at once
  });

  test('egress: a source app limited to one peer cannot reach db; an allowed egress still meets the ingress check', async () => {
    const otherOut: Policy = { id: 'other-out', selector: { apps: ['/other/app'] }, ingress: [{}], egress: [{ to: { apps: ['/shop/db'] }, ports: [{ port: 22, protocol: 'tcp' }] }] };
    await setPolicies([otherOut]);
    expect(await reach('other', 5432)).toBe(false); // egress allows only db:22
    expect(await reach('other', 22)).toBe(true); // egress returns, db is open
    expect(await reach('web', 5432)).toBe(true);
    await setPolicies([otherOut, dbIngress]);
    expect(await reach('other', 22)).toBe(false); // egress allows it, db's ingress does not
    expect(await reach('web', 5432)).toBe(true);
    const st = (await syncer.reportNow())!.policies['other-out'];
    expect(st.rules.find((r) => r.direction === 'egress' && r.index === 0)!.packets).toBeGreaterThan(0);
    await setPolicies([dbIngress]);
  });

  test('every rule form loads in the kernel: reject, egress, CIDRs and peers of both families, ranges, udp and sctp', async () => {
    const p: Policy = {
      id: 'all-forms', selector: { apps: ['/shop/db'] }, action: 'reject',
      ingress: [{ from: { apps: ['/shop/web'], cidrs: ['198.18.9.0/24', 'fd00:9::/64'] }, ports: [{ port: 8000, endPort: 8010, protocol: 'tcp' }, { port: 53, protocol: 'udp' }, { port: 9, protocol: 'sctp' }] }],
      egress: [{ to: { labels: { tier: 'x' } } }, { to: { cidrs: ['198.18.0.0/15'] } }],
    };
    const t = desiredTable({ ...view, policies: [p], tasks: [...tasks, { id: 'v6', appId: '/shop/web', agentId: 'h2', ips: ['fd00::6'], hostMode: false }] });
    const res = await run('nsenter', [`--net=/run/netns/${H}`, 'nft', '-c', '-f', '-'], { input: renderFull(t) });
    expect([res.code, res.stderr]).toEqual([0, '']);
  });

  test('deleting the policy restores access; cleanup leaves no table', async () => {
    await setPolicies([]);
    expect(await reach('other', 5432)).toBe(true);
    expect(await reach('web', 22)).toBe(true);
    await removePolicyTable(exec);
    expect((await nft(['list', 'table', 'inet', 'marina-policy'])).code).not.toBe(0);
    await removePolicyTable(exec); // idempotent
  });
});
