import { conntrackReplySource, firstNameserver, listeningOn, parseDig, parseRouteGet, vipFromIptables, vipFromNft } from './parse';

const nftMap = (name: string, elem: unknown[]) => ({ map: { family: 'inet', name, table: 'marina', elem } });
const nftSet = (name: string, elem: unknown[]) => ({ set: { family: 'inet', name, table: 'marina', elem } });
/** `nft -j list table inet marina`: the table, a chain, the maps and sets, rules. */
const nftTable = (...objs: unknown[]) => JSON.stringify({ nftables: [{ metainfo: {} }, { table: { family: 'inet', name: 'marina' } }, { chain: { name: 'services' } }, ...objs, { rule: { chain: 'services' } }] });

describe('vipFromNft (the lb nft table, as nft -j lists it)', () => {
  const vips = nftMap('vips4', [[{ concat: ['198.19.250.1', 'tcp', 80] }, { goto: { target: 'pick-2' } }], [{ concat: ['198.19.250.2', 'tcp', 80] }, { goto: { target: 'aff-abc' } }]]);
  const be = nftMap('be4', [
    [{ concat: ['198.19.250.1', 'tcp', 80, 0] }, { concat: ['198.18.0.12', 31001] }],
    [{ concat: ['198.19.250.1', 'tcp', 80, 1] }, { concat: ['198.18.128.5', 8080] }],
    [{ concat: ['198.19.250.1', 'udp', 80, 0] }, { concat: ['198.18.0.99', 1] }],
  ]);
  const noep = nftSet('noep4', [{ concat: ['198.19.250.3', 'udp', 53] }]);
  // the IPv6 maps hold the same keys: only the address family's own are read
  const be6 = nftMap('be6', [[{ concat: ['198.19.250.1', 'tcp', 80, 2] }, { concat: ['198.18.0.77', 1] }]]);
  const table = nftTable(vips, be, be6, noep, nftSet('noep6', [{ concat: ['198.19.250.1', 'tcp', 80] }]));
  test('backends of one VIP and protocol', () => expect(vipFromNft(table, '198.19.250.1', 80, 'tcp')).toEqual({ dataPlane: 'nftables', present: true, backends: ['198.18.0.12:31001', '198.18.128.5:8080'] }));
  test('an affinity VIP is present, its backends not read back', () => expect(vipFromNft(table, '198.19.250.2', 80, 'tcp')).toEqual({ dataPlane: 'nftables', present: true }));
  test('a rejecting VIP', () => expect(vipFromNft(table, '198.19.250.3', 53, 'udp')).toMatchObject({ present: true, rejecting: true, backends: [] }));
  test('absent (flushed maps; empty output)', () => {
    expect(vipFromNft(nftTable(nftMap('vips4', []), nftMap('be4', [])), '198.19.250.1', 80, 'tcp')).toMatchObject({ present: false });
    expect(vipFromNft('', '198.19.250.1', 80, 'tcp')).toMatchObject({ present: false });
  });
});

// The lb's two iptables layouts: per-endpoint chains (service chain → endpoint chain → DNAT), and
// the flat one (per-prefix dispatch, DNAT straight from the service chain, no chain for one backend).
const perEndpoint = [
  '*nat',
  '-A MARINA-SERVICES -d 198.19.250.1/32 -p tcp -m comment --comment "/web 198.19.250.1:80/tcp" -m tcp --dport 80 -j MARINA-SVC-ABCDEF0123',
  '-A MARINA-SVC-ABCDEF0123 -m statistic --mode random --probability 0.5000000000 -j MARINA-SVC-ABCDEF0123-AAAAAA',
  '-A MARINA-SVC-ABCDEF0123 -j MARINA-SVC-ABCDEF0123-BBBBBB',
  '-A MARINA-SVC-ABCDEF0123-AAAAAA -s 198.18.0.12/32 -j MARINA-MARK-MASQ',
  '-A MARINA-SVC-ABCDEF0123-AAAAAA -p tcp -m tcp -j DNAT --to-destination 198.18.0.12:31001',
  '-A MARINA-SVC-ABCDEF0123-BBBBBB -p tcp -m tcp -j DNAT --to-destination 198.18.128.5:8080',
  '-A MARINA-SERVICES -d 198.19.250.4/32 -p tcp -m comment --comment "/one 198.19.250.4:80/tcp" -m tcp --dport 80 -j MARINA-SVC-0000000004',
  '-A MARINA-SVC-0000000004 -j MARINA-SVC-0000000004-CCCCCC',
  '-A MARINA-SVC-0000000004-CCCCCC -p tcp -m tcp -j DNAT --to-destination 198.18.0.13:31002',
].join('\n');
const flat = [
  '*nat',
  '-A MARINA-SERVICES -j MARINA-EXTERNAL',
  '-A MARINA-SERVICES -d 198.19.250.0/24 -j MARINA-NET-ABCDEF0123',
  '-A MARINA-NET-ABCDEF0123 -d 198.19.250.1/32 -p tcp -m comment --comment "/web 198.19.250.1:80/tcp" -m tcp --dport 80 -j MARINA-SVC-ABCDEF0123',
  '-A MARINA-NET-ABCDEF0123 -d 198.19.250.4/32 -p tcp -m comment --comment "/one 198.19.250.4:80/tcp" -m tcp --dport 80 -j DNAT --to-destination 198.18.0.13:31002',
  '-A MARINA-SVC-ABCDEF0123 -p tcp -m statistic --mode random --probability 0.5000000000 -j DNAT --to-destination 198.18.0.12:31001',
  '-A MARINA-SVC-ABCDEF0123 -p tcp -j DNAT --to-destination 198.18.128.5:8080',
  '-A MARINA-HP-ABCDEF0123 -s 198.18.0.12/32 -d 198.18.0.12/32 -j MARINA-MARK-MASQ',
].join('\n');

describe.each([
  ['per-endpoint chains', perEndpoint],
  ['flat (DNAT from the service chain)', flat],
])('vipFromIptables, %s (iptables-save reorders matches)', (_layout, nat) => {
  const filter = '-A MARINA-SERVICES -d 198.19.250.3/32 -p udp -m comment --comment "x" -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable';
  test('backends', () => expect(vipFromIptables(nat, filter, '198.19.250.1', 80, 'tcp')).toEqual({ dataPlane: 'iptables', present: true, backends: ['198.18.0.12:31001', '198.18.128.5:8080'] }));
  test('a single backend', () => expect(vipFromIptables(nat, filter, '198.19.250.4', 80, 'tcp')).toEqual({ dataPlane: 'iptables', present: true, backends: ['198.18.0.13:31002'] }));
  test('port 8 is not port 80', () => expect(vipFromIptables(nat, filter, '198.19.250.1', 8, 'tcp').present).toBe(false));
  test('udp is not tcp', () => expect(vipFromIptables(nat, filter, '198.19.250.1', 80, 'udp').present).toBe(false));
  test('rejecting', () => expect(vipFromIptables(nat, filter, '198.19.250.3', 53, 'udp')).toMatchObject({ present: true, rejecting: true }));
  test('absent (flushed)', () => expect(vipFromIptables('*nat\n', '', '198.19.250.1', 80, 'tcp')).toMatchObject({ present: false }));
});

test('parseDig', () => {
  const out = [
    ';; Got answer:',
    ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242',
    ';; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1',
    'web.marathon.mesos.\t60\tIN\tA\t198.19.0.5',
    'web.marathon.mesos.\t60\tIN\tA\t198.19.0.6',
  ].join('\n');
  expect(parseDig(out)).toEqual({ rcode: 'NOERROR', answers: [{ name: 'web.marathon.mesos', ttl: 60, type: 'A', value: '198.19.0.5' }, { name: 'web.marathon.mesos', ttl: 60, type: 'A', value: '198.19.0.6' }] });
  expect(parseDig(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1').rcode).toBe('NXDOMAIN');
  expect(parseDig(';; connection timed out; no servers could be reached').rcode).toBe('timeout');
  expect(firstNameserver('search marathon.mesos\nnameserver 198.18.0.1\nnameserver 198.18.0.2\n')).toBe('198.18.0.1');
});

test('parseRouteGet', () => {
  expect(parseRouteGet({ code: 0, stderr: '', stdout: '[{"dst":"198.19.0.70","gateway":"198.19.0.64","dev":"marina-x1","prefsrc":"198.19.0.1","flags":["onlink"],"uid":0,"cache":[]}]' })).toEqual({ dev: 'marina-x1', gateway: '198.19.0.64', src: '198.19.0.1' });
  expect(parseRouteGet({ code: 2, stderr: 'RTNETLINK answers: Network is unreachable\n', stdout: '' })).toEqual({ error: 'RTNETLINK answers: Network is unreachable' });
  expect(parseRouteGet({ code: 0, stderr: '', stdout: '[{"type":"unreachable","dst":"198.19.9.9"}]' })).toEqual({ error: 'route type unreachable' });
});

test('listeningOn and conntrackReplySource', () => {
  const ss = 'LISTEN 0      511          0.0.0.0:8080      0.0.0.0:*\nLISTEN 0      511             [::]:80          [::]:*\nUNCONN 0 0 198.18.0.1:53 0.0.0.0:*';
  expect(listeningOn(ss, 8080)).toEqual(['0.0.0.0:8080']);
  expect(listeningOn(ss, 80)).toEqual(['[::]:80']);
  expect(listeningOn(ss, 53)).toEqual(['198.18.0.1:53']);
  expect(listeningOn(ss, 9)).toEqual([]);
  const ct = 'tcp      6 119 TIME_WAIT src=198.18.128.7 dst=198.19.250.1 sport=40000 dport=80 src=198.18.0.12 dst=198.18.128.7 sport=31001 dport=40000 [ASSURED] mark=0 use=1';
  expect(conntrackReplySource(ct)).toBe('198.18.0.12:31001');
  expect(conntrackReplySource('')).toBeUndefined();
});
