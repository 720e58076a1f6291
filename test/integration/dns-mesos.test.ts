/**
 * The Mesos source: Marina DNS replacing Mesos-DNS on a Mesos cluster, from
 * a /state fixture read from a file and from a URL, with IP sources in order.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskHash5 } from '../../lib/naming';
import { startDns, type RunningDns } from '../../services/dns/service';
import { dnsConfig } from '../../services/dns/options';
import { dig, values } from '../../services/dns/testing/dig';
import { waitUntil } from '../helpers/_children';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mesos', 'state.json');
const WEB_ID = 'g_web.7c9f0a11-0000-0000-0000-000000000001';
let dns: RunningDns | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marina-dns-mesos-'));
});

afterEach(async () => {
  await dns?.stop();
  dns = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(location: string, ipSources = 'netinfo,mesos,host'): Promise<RunningDns> {
  dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', mesosState: location, ipSources, masters: ['198.18.0.1:5050', '198.18.0.2:5050'] }));
  return dns;
}

describe('Mesos /state source', () => {
  it('serves Mesos-DNS records from a state file', async () => {
    const d = await start(FIXTURE);
    const s = d.udpAddress;
    const canon = `web-g-${taskHash5(WEB_ID)}-s1.marathon.mesos.`;
    expect(values(await dig(s, 'web-g.marathon.mesos'))).toEqual(['198.19.0.21']);
    expect(values(await dig(s, 'web.g.marathon.mesos'))).toEqual(['198.19.0.21']);
    expect(values(await dig(s, 'web-g.marathon.slave.mesos'))).toEqual(['198.18.0.11']);
    expect(values(await dig(s, '_web-g._tcp.marathon.mesos', 'SRV'))).toEqual([`0 1 8080 ${canon}`]);
    expect(values(await dig(s, '_http._web-g._tcp.marathon.mesos', 'SRV'))).toEqual([`0 1 8080 ${canon}`]);
    expect(values(await dig(s, '_web-g._udp.marathon.mesos', 'SRV'))).toEqual([`0 1 9090 ${canon}`]);
    const slaveCanon = canon.replace('.marathon.mesos.', '.marathon.slave.mesos.');
    expect(values(await dig(s, '_web-g._tcp.marathon.slave.mesos', 'SRV'))).toEqual([`0 1 31001 ${slaveCanon}`, `0 1 31002 ${slaveCanon}`]);
    // No DiscoveryInfo: host ports under both the .slave and the plain name (Mesos-DNS's fallback).
    expect(values(await dig(s, 'plain.marathon.mesos'))).toEqual(['198.18.0.12']);
    expect((await dig(s, '_plain._tcp.marathon.mesos', 'SRV')).answer[0]?.[6]).toBe('31500');
    for (const n of ['gone', 'sick', 'orphan']) expect((await dig(s, `${n}.marathon.mesos`)).status).toBe('NXDOMAIN');
    expect(values(await dig(s, 'leader.mesos'))).toEqual(['198.18.0.1']);
    expect(values(await dig(s, 'master.mesos'))).toEqual(['198.18.0.1', '198.18.0.2']);
    expect(values(await dig(s, 'master1.mesos'))).toEqual(['198.18.0.2']);
    expect(values(await dig(s, '_leader._udp.mesos', 'SRV'))).toEqual(['0 1 5050 leader.mesos.']);
    expect(values(await dig(s, 'slave.mesos'))).toEqual(['198.18.0.11', '198.18.0.12']);
    expect(values(await dig(s, '_slave._tcp.mesos', 'SRV'))).toEqual(['0 1 5051 slave.mesos.']);
    expect(values(await dig(s, 'marathon.mesos'))).toEqual(['198.18.0.1']);
    expect(values(await dig(s, 'web-g.marathon.containerip.dcos.thisdcos.directory'))).toEqual(['198.19.0.21']);
  });

  it('takes the task IP from the first IP source that has one', async () => {
    let d = await start(FIXTURE, 'docker,netinfo');
    expect(values(await dig(d.udpAddress, 'web-g.marathon.mesos'))).toEqual(['198.19.9.21']);
    expect(values(await dig(d.udpAddress, 'plain.marathon.mesos'))).toEqual([]);
    await d.stop();
    d = await start(FIXTURE, 'host');
    expect(values(await dig(d.udpAddress, 'web-g.marathon.mesos'))).toEqual(['198.18.0.11']);
  });

  it('polls a URL, picks up changes and keeps the last good set when the master fails', async () => {
    let body = readFileSync(FIXTURE, 'utf8');
    let status = 200;
    const http: Server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (http.address() as { port: number }).port;
      dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', mesosState: `http://127.0.0.1:${port}/state`, refreshSeconds: 1 }));
      const s = dns.udpAddress;
      expect(values(await dig(s, 'plain.marathon.mesos'))).toEqual(['198.18.0.12']);
      status = 500;
      body = 'oops';
      await new Promise((r) => setTimeout(r, 1500));
      expect(values(await dig(s, 'plain.marathon.mesos'))).toEqual(['198.18.0.12']);
      status = 200;
      body = JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, 'utf8')), frameworks: [] });
      await waitUntil('plain to leave DNS', async () => (await dig(s, 'plain.marathon.mesos')).status === 'NXDOMAIN', 5000, 200);
    } finally {
      await new Promise((r) => http.close(() => r(undefined)));
    }
  });

  it('serves a master /state over HTTP with unsorted statuses and IPv6 PIDs as Mesos-DNS does', async () => {
    // Shapes from Mesos' /state documentation; statuses in no particular order, as Mesos allows.
    const state = {
      leader: 'master@[2001:db8::2]:5050',
      frameworks: [
        {
          name: 'marathon',
          pid: 'scheduler(1)@[2001:db8::1]:25501',
          tasks: [
            {
              id: 'api.1', name: 'api', slave_id: 'E-S1', state: 'TASK_RUNNING', resources: { ports: '[31000-31000]' },
              statuses: [
                { state: 'TASK_RUNNING', timestamp: 30, healthy: true, container_status: { network_infos: [{ ip_addresses: [{ ip_address: '198.19.0.32' }, { ip_address: '2001:db8::32' }] }] } },
                { state: 'TASK_STARTING', timestamp: 10 },
                { state: 'TASK_RUNNING', timestamp: 20, healthy: true, container_status: { network_infos: [{ ip_addresses: [{ ip_address: '198.19.0.31' }] }] } },
              ],
            },
            {
              id: 'flaky.1', name: 'flaky', slave_id: 'E-S1', state: 'TASK_RUNNING',
              statuses: [{ state: 'TASK_RUNNING', timestamp: 50, healthy: false }, { state: 'TASK_RUNNING', timestamp: 40, healthy: true }],
            },
          ],
        },
        // A v1 HTTP scheduler has no pid, only a host name, which is looked up as Mesos-DNS does.
        { name: 'metronome', hostname: 'localhost', tasks: [] },
      ],
      slaves: [{ id: 'E-S1', hostname: 'agent-1', pid: 'slave(1)@198.18.0.11:5051' }],
    };
    const http: Server = createServer((req, res) => {
      res.writeHead(req.url === '/master/state' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (http.address() as { port: number }).port;
      dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', mesosState: `http://127.0.0.1:${port}/master/state`, masters: ['[2001:db8::2]:5050'] }));
      const s = dns.udpAddress;
      expect(values(await dig(s, 'marathon.mesos', 'AAAA'))).toEqual(['2001:db8::1']);
      expect(values(await dig(s, '_framework._tcp.marathon.mesos', 'SRV'))).toEqual(['0 1 25501 marathon.mesos.']);
      expect(values(await dig(s, 'leader.mesos', 'AAAA'))).toEqual(['2001:db8::2']);
      expect(values(await dig(s, 'master0.mesos', 'AAAA'))).toEqual(['2001:db8::2']);
      expect(values(await dig(s, 'api.marathon.mesos'))).toEqual(['198.19.0.32']);
      expect(values(await dig(s, 'api.marathon.mesos', 'AAAA'))).toEqual(['2001:db8::32']);
      expect((await dig(s, 'flaky.marathon.mesos')).status).toBe('NXDOMAIN');
      expect(values(await dig(s, 'metronome.mesos'))).toEqual(['127.0.0.1']);
    } finally {
      await new Promise((r) => http.close(() => r(undefined)));
    }
  });

  it('re-reads a state file when it changes', async () => {
    const file = join(dir, 'state.json');
    copyFileSync(FIXTURE, file);
    const d = await start(file);
    expect((await dig(d.udpAddress, 'plain.marathon.mesos')).status).toBe('NOERROR');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, 'utf8')), frameworks: [] }));
    await waitUntil('plain to leave DNS', async () => (await dig(d.udpAddress, 'plain.marathon.mesos')).status === 'NXDOMAIN', 3000, 100);
  });
});
