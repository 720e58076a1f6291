/**
 * Mesos /state → TaskRecords, table-driven. Task and status shapes follow Mesos' own /state
 * documentation and JSON model (endpoints/master/state.md; src/common/http.cpp: a task's `state`,
 * its `statuses` with `timestamp`, `healthy`, `labels`, `container_status.network_infos`, the
 * `ports` resource as "[lo-hi, ...]"); the expected records follow Mesos-DNS (records/state/state.go,
 * records/generator.go). Addresses are in 198.18.0.0/15 and 2001:db8::/32.
 */
import { rfc1123Label } from '../../../../lib/naming';
import { expandPorts, firstPerFamily, latestRunning, mesosTaskRecord, validateState, type MesosTask } from './mesos-state';
import type { IpSource } from '../ip-sources';

const AGENTS = new Map([
  ['S1', '198.18.0.11'],
  ['S6', '2001:db8::11'],
  ['SH', 'agent-h.example.org'],
]);
const netinfo = (...ips: string[]) => ({ network_infos: [{ name: 'dev', ip_addresses: ips.map((ip_address) => ({ ip_address })) }] });
const running = (timestamp: number, extra: object = {}) => ({ state: 'TASK_RUNNING', timestamp, ...extra });

function task(p: Partial<MesosTask>): MesosTask {
  return { id: 'web.1', name: 'web', slave_id: 'S1', state: 'TASK_RUNNING', ...p };
}
function convert(t: MesosTask, ipSources: IpSource[] = ['netinfo', 'mesos', 'host']) {
  return mesosTaskRecord(t, 'marathon', AGENTS, { label: rfc1123Label, ipSources });
}

describe('which status counts: the latest TASK_RUNNING by timestamp, whatever the order', () => {
  it.each([
    ['sorted', [running(10, { container_status: netinfo('198.19.0.1') }), running(20, { container_status: netinfo('198.19.0.2') })], '198.19.0.2'],
    ['newest first', [running(20, { container_status: netinfo('198.19.0.2') }), running(10, { container_status: netinfo('198.19.0.1') })], '198.19.0.2'],
    ['newest in the middle, a later non-running status around', [{ state: 'TASK_STARTING', timestamp: 30 }, running(20, { container_status: netinfo('198.19.0.2') }), running(10, { container_status: netinfo('198.19.0.1') })], '198.19.0.2'],
    ['equal timestamps: the first listed', [running(10, { container_status: netinfo('198.19.0.3') }), running(10, { container_status: netinfo('198.19.0.4') })], '198.19.0.3'],
  ])('%s', (_name, statuses, ip) => {
    expect(convert(task({ statuses }))?.taskIps).toEqual([ip]);
    expect(latestRunning(statuses)?.container_status?.network_infos?.[0]?.ip_addresses?.[0]?.ip_address).toBe(ip);
  });

  it.each([
    ['unhealthy now, healthy before (newest listed last)', [running(1, { healthy: true }), running(2, { healthy: false })], false],
    ['unhealthy now, healthy before (newest listed first)', [running(2, { healthy: false }), running(1, { healthy: true })], false],
    ['healthy now, unhealthy before (newest listed first)', [running(2, { healthy: true }), running(1, { healthy: false })], true],
    ['healthy now, unhealthy before (newest listed last)', [running(1, { healthy: false }), running(2, { healthy: true })], true],
    ['no health checks', [running(1)], true],
    ['no statuses at all', [], true],
  ])('health from the latest running status: %s', (_name, statuses, served) => {
    expect(convert(task({ statuses })) !== undefined).toBe(served);
  });

  it.each([
    ['TASK_RUNNING', true],
    ['TASK_STAGING', false],
    ['TASK_STARTING', false],
    ['TASK_KILLING', false],
    ['TASK_KILLED', false],
    ['TASK_FINISHED', false],
    ['TASK_LOST', false],
    ['TASK_UNREACHABLE', false],
  ])('the task `state` field decides, not a running status in the list: %s', (state, served) => {
    // Statuses out of order and still holding TASK_RUNNING: only `state` says whether it runs now.
    const statuses = [{ state, timestamp: 9 }, running(5)];
    expect(convert(task({ state, statuses })) !== undefined).toBe(served);
  });

  it('a task on an agent missing from `slaves` has no records', () => {
    expect(convert(task({ slave_id: 'S9', statuses: [running(1)] }))).toBeUndefined();
  });
});

describe('task IPs: the first IP source that yields any, then one IPv4 and one IPv6 (ipsTo4And6)', () => {
  const labels = (key: string, ...values: string[]) => values.map((value) => ({ key, value }));
  const MESOS = 'MesosContainerizer.NetworkSettings.IPAddress';
  const DOCKER = 'Docker.NetworkSettings.IPAddress';
  it.each<[string, Partial<MesosTask>, IpSource[], string[]]>([
    ['netinfo first', { statuses: [running(1, { container_status: netinfo('198.19.0.1') })] }, ['netinfo', 'host'], ['198.19.0.1']],
    ['netinfo empty → host', { statuses: [running(1)] }, ['netinfo', 'mesos', 'host'], ['198.18.0.11']],
    ['several of each family: the first of each, v4 first', { statuses: [running(1, { container_status: netinfo('2001:db8::a', '198.19.0.1', '198.19.0.2', '2001:db8::b') })] }, ['netinfo'], ['198.19.0.1', '2001:db8::a']],
    ['IPv6 only', { statuses: [running(1, { container_status: netinfo('2001:db8::a') })] }, ['netinfo', 'host'], ['2001:db8::a']],
    ['Mesos 0.25 single ip_address', { statuses: [running(1, { container_status: { network_infos: [{ ip_address: '198.19.0.7' }] } })] }, ['netinfo'], ['198.19.0.7']],
    ['not an address is skipped', { statuses: [running(1, { labels: labels(MESOS, 'nope') })] }, ['mesos', 'host'], ['198.18.0.11']],
    ['mesos label', { statuses: [running(1, { labels: labels(MESOS, '198.19.0.8') })] }, ['mesos', 'host'], ['198.19.0.8']],
    ['docker label of the latest running status only', { statuses: [running(2, { labels: labels(DOCKER, '198.19.0.9') }), running(1, { labels: labels(DOCKER, '198.19.0.10') })] }, ['docker'], ['198.19.0.9']],
    ['host on an IPv6 agent', { slave_id: 'S6', statuses: [running(1)] }, ['host'], ['2001:db8::11']],
    ['host on an agent known by name only: no address', { slave_id: 'SH', statuses: [running(1)] }, ['host'], []],
  ])('%s', (_name, p, sources, want) => {
    expect(convert(task(p), sources)?.taskIps).toEqual(want);
  });

  const port = (...kv: Array<[string, string]>) => ({ discovery: { name: 'web', ports: { ports: [{ number: 80, protocol: 'tcp', labels: { labels: kv.map(([key, value]) => ({ key, value })) } }] } } });
  const twoNets = { container_status: { network_infos: [{ name: 'a', ip_addresses: [{ ip_address: '198.19.1.1' }] }, { name: 'b', ip_addresses: [{ ip_address: '198.19.2.1' }] }] } };
  it.each<[string, object, string[]]>([
    ['no network-scope → host', port(), ['198.18.0.11']],
    ['network-scope host', port(['network-scope', 'host']), ['198.18.0.11']],
    ['network-scope container: every network', port(['network-scope', 'container']), ['198.19.1.1']],
    ['network-scope container, network-name b', port(['network-scope', 'container'], ['network-name', 'b']), ['198.19.2.1']],
    ['an unknown network-scope yields nothing, so the next source answers', port(['network-scope', 'overlay']), ['198.19.1.1']],
  ])('autoip: %s', (_name, p, want) => {
    expect(convert(task({ ...p, statuses: [running(1, twoNets)] }), ['autoip', 'netinfo'])?.taskIps).toEqual(want);
  });
});

describe('ports and names', () => {
  it.each([
    ['[31000-31001, 31005-31005]', [31000, 31001, 31005]],
    ['[31000-31000]', [31000]],
    ['[]', []],
    ['', []],
    [undefined, []],
    ['[31002-31001]', []],
  ])('ports resource %j', (ranges, want) => {
    expect(expandPorts(ranges)).toEqual(want);
  });

  it('DiscoveryInfo names both forms and splits "tcp,udp" protocols; without it the task name', () => {
    const di = { name: 'web.g', ports: { ports: [{ number: 8080, protocol: 'tcp,udp', name: 'http' }] } };
    const rec = convert(task({ discovery: di, statuses: [running(1)] }))!;
    expect(rec.names).toEqual(['web-g', 'web.g']);
    expect(rec.discovery).toEqual([{ number: 8080, protocol: 'tcp', name: 'http' }, { number: 8080, protocol: 'udp', name: 'http' }]);
    expect(convert(task({ name: 'Web_App', statuses: [running(1)] }))!.names).toEqual(['web-app']);
    expect(convert(task({ discovery: { ports: { ports: [] } }, statuses: [running(1)] }))!.discovery).toBeUndefined();
  });

  it('firstPerFamily keeps the order v4, v6', () => {
    expect(firstPerFamily(['2001:db8::1', '198.18.0.1'])).toEqual(['198.18.0.1', '2001:db8::1']);
    expect(firstPerFamily([])).toEqual([]);
  });
});

describe('validateState names the first bad field', () => {
  const ok = { leader: 'master@198.18.0.1:5050', frameworks: [], slaves: [] };
  const t = { id: 'a', name: 'a', slave_id: 'S1', state: 'TASK_RUNNING' };
  it.each<[string, unknown, string]>([
    ['not an object', [], '/'],
    ['no leader (Mesos-DNS: "empty master")', { frameworks: [] }, '/leader'],
    ['empty leader', { ...ok, leader: '' }, '/leader'],
    ['frameworks not an array', { ...ok, frameworks: {} }, '/frameworks'],
    ['task without a state', { ...ok, frameworks: [{ name: 'm', tasks: [{ ...t, state: undefined }] }] }, '/frameworks/0/tasks/0/state'],
    ['statuses not an array', { ...ok, frameworks: [{ name: 'm', tasks: [{ ...t, statuses: {} }] }] }, '/frameworks/0/tasks/0/statuses'],
    ['a string timestamp', { ...ok, frameworks: [{ name: 'm', tasks: [{ ...t, statuses: [{ state: 'TASK_RUNNING', timestamp: '1' }] }] }] }, '/frameworks/0/tasks/0/statuses/0/timestamp'],
    ['agent without id', { ...ok, slaves: [{ pid: 'slave(1)@198.18.0.11:5051' }] }, '/slaves/0/id'],
  ])('%s', (_name, doc, path) => {
    expect(() => validateState(doc)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path })] }));
  });

  it('accepts the documented shape', () => {
    expect(validateState(ok)).toBe(ok);
  });
});
