import { RecordTable } from './record-table';
import { Zone } from './zone';
import { nameToKey } from '../wire/query';
import { masterRRs, taskRRs } from './generator';
import { rfc1123Label, rfc952Label, taskHash5 } from '../../../lib/naming';

const settings = { zones: ['mesos'], ttl: 60, srvWeight: 1, soa: { mname: 'ns1.mesos', rname: 'root.ns1.mesos', refresh: 60, retry: 600, expire: 86400, minttl: 60 } };

describe('Zone', () => {
  it('compiles only changed names, tracks empty non-terminals and SRV target additionals', () => {
    const table = new RecordTable();
    const zone = new Zone(settings, table);
    table.set('t1', [
      { name: '_web._tcp.marathon.mesos.', type: 'SRV', value: 'web-x-s1.marathon.mesos.:31000' },
      { name: 'web-x-s1.marathon.mesos.', type: 'A', value: '198.18.0.11' },
    ]);
    expect(zone.sync()).toBe(2);
    expect(zone.nodes.get(nameToKey('_tcp.marathon.mesos'))?.own).toBe(false);
    expect(zone.nodes.get(nameToKey('_web._tcp.marathon.mesos'))?.srvExtra).toHaveLength(1);
    // The target's address changes: the SRV name is recompiled for its additional section.
    table.set('t1', [
      { name: '_web._tcp.marathon.mesos.', type: 'SRV', value: 'web-x-s1.marathon.mesos.:31000' },
      { name: 'web-x-s1.marathon.mesos.', type: 'A', value: '198.18.0.12' },
    ]);
    expect(zone.sync()).toBe(2);
    expect(zone.nodes.get(nameToKey('_web._tcp.marathon.mesos'))!.srvExtra[0]!.subarray(-4)).toEqual(Buffer.from([198, 18, 0, 12]));
    table.set('t1', []);
    zone.sync();
    expect([...zone.nodes.keys()]).toEqual([nameToKey('mesos')]);
  });

  it('reference-counts records shared by owners', () => {
    const table = new RecordTable();
    const zone = new Zone(settings, table);
    const rr = { name: 'slave.mesos.', type: 'A' as const, value: '198.18.0.11' };
    table.set('a', [rr]);
    table.set('b', [rr]);
    zone.sync();
    table.set('a', []);
    expect(zone.sync()).toBe(0);
    expect(zone.nodes.get(nameToKey('slave.mesos'))?.a).toHaveLength(1);
  });
});

describe('generator', () => {
  const rec = {
    id: 'g_web.1', framework: 'marathon', names: ['web-g', 'web.g'], agentId: 'x-S3', agentIp: '198.18.0.11',
    taskIps: ['198.19.0.5'], containerIps: ['198.19.0.5'], hostPorts: [31000], discovery: [{ number: 80, protocol: 'tcp' as const, name: 'http' }], vips: [],
  };
  it('makes the Mesos-DNS names for both forms', () => {
    const names = new Set(taskRRs(rec, { domain: 'mesos', label: rfc1123Label }).map((r) => `${r.type} ${r.name} ${r.value}`));
    const c = `web-g-${taskHash5('g_web.1')}-s3`;
    for (const n of [
      'A web-g.marathon.mesos. 198.19.0.5', 'A web.g.marathon.mesos. 198.19.0.5', `A ${c}.marathon.mesos. 198.19.0.5`,
      'A web-g.marathon.slave.mesos. 198.18.0.11', `A ${c}.marathon.slave.mesos. 198.18.0.11`,
      `SRV _web-g._tcp.marathon.mesos. ${c}.marathon.mesos.:80`, `SRV _http._web-g._tcp.marathon.mesos. ${c}.marathon.mesos.:80`,
      `SRV _web-g._tcp.marathon.slave.mesos. ${c}.marathon.slave.mesos.:31000`, `SRV _web-g._udp.marathon.slave.mesos. ${c}.marathon.slave.mesos.:31000`,
    ]) expect(names).toContain(n);
    // With DiscoveryInfo, host ports are not published under the plain name.
    expect([...names].some((n) => n.startsWith('SRV _web-g._udp.marathon.mesos.'))).toBe(false);
  });

  it('indexes masters as Mesos-DNS does, the unlisted leader last', () => {
    const rrs = masterRRs({ ip: '198.18.0.9', port: 5050 }, ['198.18.0.1:5050', '198.18.0.2:5050'], { domain: 'mesos', label: rfc952Label });
    const m = rrs.filter((r) => /^master\d/.test(r.name)).map((r) => `${r.name} ${r.value}`);
    expect(m).toEqual(['master0.mesos. 198.18.0.1', 'master1.mesos. 198.18.0.2', 'master2.mesos. 198.18.0.9']);
  });
});
