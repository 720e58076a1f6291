/**
 * A whole /state document → the records of agents, masters, frameworks and tasks (loadState),
 * with libprocess PIDs in every form Mesos writes them, IPv4 and bracketed IPv6.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rfc1123Label } from '../../../../lib/naming';
import { DnsState, RecordView } from '../../records/dns-state';
import type { RType } from '../../records/record-table';
import { loadState, MesosSource, type MesosSourceOptions } from './mesos-source';
import { validateState } from './mesos-state';

const SOA = { mname: 'ns1.mesos', rname: 'root.ns1.mesos', refresh: 60, retry: 600, expire: 86400, minttl: 60 };
const OPTS: MesosSourceOptions = { location: 'unused', domain: 'mesos', masters: [], refreshSeconds: 60, staticRRs: [], label: rfc1123Label, ipSources: ['netinfo', 'mesos', 'host'] };

function records(doc: unknown, o: Partial<MesosSourceOptions> = {}, resolved = new Map<string, string[]>()): (name: string, type: RType) => string[] {
  const view = new RecordView({ zones: ['mesos'], ttl: 60, srvWeight: 1, soa: SOA });
  loadState(view, validateState(doc), { ...OPTS, ...o }, resolved);
  return (name, type) => [...(view.table.names.get(name)?.[type].keys() ?? [])].sort();
}

const running = { state: 'TASK_RUNNING', timestamp: 1 };

describe('loadState', () => {
  it('a framework whose pid holds a bracketed IPv6 address has its AAAA and SRV records', () => {
    const rr = records({
      leader: 'master@198.18.0.1:5050',
      frameworks: [
        { name: 'marathon', pid: 'scheduler(1)@[2001:db8::1]:25501', tasks: [] },
        { name: 'chronos', pid: 'scheduler-7@198.18.0.2:4400', tasks: [] },
        { name: 'http-api', hostname: '198.18.0.3', tasks: [] }, // v1 HTTP scheduler: no pid, no port
        { name: 'broken', pid: 'scheduler(1)@2001:db8::9:1', hostname: '198.18.0.4', tasks: [] },
      ],
    });
    expect(rr('marathon.mesos.', 'AAAA')).toEqual(['2001:db8::1']);
    expect(rr('marathon.mesos.', 'A')).toEqual([]);
    expect(rr('_framework._tcp.marathon.mesos.', 'SRV')).toEqual(['marathon.mesos.:25501']);
    expect(rr('chronos.mesos.', 'A')).toEqual(['198.18.0.2']);
    expect(rr('http-api.mesos.', 'A')).toEqual(['198.18.0.3']);
    expect(rr('_framework._tcp.http-api.mesos.', 'SRV')).toEqual([]);
    // A pid Mesos-DNS cannot parse: the hostname, without a port (Framework.HostPort).
    expect(rr('broken.mesos.', 'A')).toEqual(['198.18.0.4']);
  });

  it('IPv6 agents and leader: slave.D and leader.D AAAA, masters listed as [v6]:port', () => {
    const rr = records(
      {
        leader: 'master@[2001:db8::2]:5050',
        slaves: [
          { id: 'A-S1', hostname: 'a1', pid: 'slave(1)@[2001:db8::11]:5051' },
          { id: 'A-S2', hostname: 'a2', pid: 'slave(1)@198.18.0.12:5051' },
        ],
        frameworks: [{ name: 'marathon', tasks: [{ id: 'web.1', name: 'web', slave_id: 'A-S1', state: 'TASK_RUNNING', statuses: [running] }] }],
      },
      { masters: ['[2001:db8::3]:5050', '[2001:db8::2]:5050'] },
    );
    expect(rr('slave.mesos.', 'AAAA')).toEqual(['2001:db8::11']);
    expect(rr('slave.mesos.', 'A')).toEqual(['198.18.0.12']);
    expect(rr('_slave._tcp.mesos.', 'SRV')).toEqual(['slave.mesos.:5051']);
    expect(rr('leader.mesos.', 'AAAA')).toEqual(['2001:db8::2']);
    expect(rr('_leader._tcp.mesos.', 'SRV')).toEqual(['leader.mesos.:5050']);
    expect(rr('master.mesos.', 'AAAA')).toEqual(['2001:db8::2', '2001:db8::3']);
    expect(rr('master0.mesos.', 'AAAA')).toEqual(['2001:db8::3']);
    expect(rr('master1.mesos.', 'AAAA')).toEqual(['2001:db8::2']);
    expect(rr('master2.mesos.', 'AAAA')).toEqual([]); // the leader is listed, so no extra masterN
    expect(rr('web.marathon.mesos.', 'AAAA')).toEqual(['2001:db8::11']);
    expect(rr('web.marathon.slave.mesos.', 'AAAA')).toEqual(['2001:db8::11']);
  });

  it('agents and frameworks known by host name get the addresses their names resolved to', () => {
    const resolved = new Map([
      ['agent-1.example.org', ['198.18.0.11', '2001:db8::11']],
      ['sched.example.org', ['198.18.0.3']],
    ]);
    const rr = records(
      {
        leader: 'master@198.18.0.1:5050',
        slaves: [
          { id: 'H-S1', pid: 'slave(1)@agent-1.example.org:5051' },
          { id: 'H-S2', pid: 'slave(1)@agent-2.example.org:5051' }, // does not resolve
        ],
        frameworks: [
          { name: 'metronome', hostname: 'sched.example.org', tasks: [] }, // v1 HTTP scheduler: no pid
          {
            name: 'marathon',
            pid: 'scheduler(1)@198.18.0.1:8080',
            tasks: [
              { id: 'web.1', name: 'web', slave_id: 'H-S1', state: 'TASK_RUNNING', statuses: [running] },
              { id: 'db.1', name: 'db', slave_id: 'H-S2', state: 'TASK_RUNNING', statuses: [{ ...running, container_status: { network_infos: [{ ip_addresses: [{ ip_address: '198.19.0.9' }] }] } }] },
            ],
          },
        ],
      },
      {},
      resolved,
    );
    expect(rr('slave.mesos.', 'A')).toEqual(['198.18.0.11']);
    expect(rr('slave.mesos.', 'AAAA')).toEqual(['2001:db8::11']);
    expect(rr('_slave._tcp.mesos.', 'SRV')).toEqual(['slave.mesos.:5051']);
    expect(rr('metronome.mesos.', 'A')).toEqual(['198.18.0.3']);
    expect(rr('_framework._tcp.metronome.mesos.', 'SRV')).toEqual([]);
    expect(rr('web.marathon.mesos.', 'A')).toEqual(['198.18.0.11']);
    expect(rr('web.marathon.slave.mesos.', 'A')).toEqual(['198.18.0.11']);
    // On an agent whose name does not resolve: its container address, no .slave record.
    expect(rr('db.marathon.mesos.', 'A')).toEqual(['198.19.0.9']);
    expect(rr('db.marathon.slave.mesos.', 'A')).toEqual([]);
  });
});

describe('MesosSource.reload', () => {
  it('never overlaps reads: calls during a read make exactly one more read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-mesos-src-'));
    try {
      const file = join(dir, 'state.json');
      writeFileSync(file, JSON.stringify({ leader: 'master@198.18.0.1:5050', frameworks: [], slaves: [] }));
      const state = new DnsState({ zones: ['mesos'], ttl: 60, srvWeight: 1, soa: SOA });
      const src = new MesosSource(state, { ...OPTS, location: file });
      const results = await Promise.all([src.reload(), src.reload(), src.reload(), src.reload()]);
      expect(results).toEqual([true, true, true, true]);
      expect(state.revision).toBe(2);
      expect(await src.reload()).toBe(true);
      expect(state.revision).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
