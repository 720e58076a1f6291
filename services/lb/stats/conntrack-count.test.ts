import { buildVipTable } from '../model/vip-table';
import { parseConntrack } from './conntrack-count';
import type { VipTable } from '../model/vip-table';

const table: VipTable = new Map([
  ['198.19.250.7:80/tcp', { key: '198.19.250.7:80/tcp', ip: '198.19.250.7', port: 80, proto: 'tcp', family: 4, appIds: ['/web'], backends: [] }],
  ['198.19.250.7:53/udp', { key: '198.19.250.7:53/udp', ip: '198.19.250.7', port: 53, proto: 'udp', family: 4, appIds: ['/dns'], backends: [] }],
  ['[2001:2:0:fa::7]:80/tcp', { key: '[2001:2:0:fa::7]:80/tcp', ip: '2001:2:0:fa::7', port: 80, proto: 'tcp', family: 6, appIds: ['/web6'], backends: [] }],
]);

const DUMP = `tcp      6 431999 ESTABLISHED src=198.18.2.1 dst=198.19.250.7 sport=40000 dport=80 src=198.18.2.11 dst=198.18.2.1 sport=8080 dport=40000 [ASSURED] mark=0 use=1
tcp      6 431999 ESTABLISHED src=198.18.2.1 dst=198.19.250.7 sport=40001 dport=80 src=198.18.2.11 dst=198.18.2.1 sport=8080 dport=40001 [ASSURED] mark=0 use=1
tcp      6 119 TIME_WAIT src=198.18.2.1 dst=198.19.250.7 sport=40002 dport=80 src=198.18.2.12 dst=198.18.2.1 sport=8080 dport=40002 [ASSURED] mark=0 use=1
udp      17 29 src=198.18.2.1 dst=198.19.250.7 sport=5353 dport=53 src=198.18.2.13 dst=198.18.2.1 sport=8053 dport=5353 mark=0 use=1
udp      17 29 src=198.18.2.1 dst=198.19.250.9 sport=5353 dport=53 src=198.18.2.13 dst=198.18.2.1 sport=8053 dport=5353 mark=0 use=1
tcp      6 431999 ESTABLISHED src=2001:2:0:2::2 dst=2001:2:0:fa::7 sport=40000 dport=80 src=2001:2:0:1::11 dst=2001:2:0:2::2 sport=8080 dport=40000 [ASSURED] mark=0 use=1
tcp      6 431999 ESTABLISHED src=198.18.2.1 dst=198.18.2.11 sport=40003 dport=8080 src=198.18.2.11 dst=198.18.2.1 sport=8080 dport=40003 [ASSURED] mark=0 use=1
conntrack v1.4.7 (conntrack-tools): 7 flow entries have been shown.`;

describe('parseConntrack', () => {
  it('counts established TCP and UDP flows per VIP backend, ignoring other flows', () => {
    const c = parseConntrack(DUMP, table);
    expect(c.get('198.19.250.7:80/tcp')).toEqual(new Map([['198.18.2.11:8080', 2]]));
    expect(c.get('198.19.250.7:53/udp')).toEqual(new Map([['198.18.2.13:8053', 1]]));
    expect(c.get('[2001:2:0:fa::7]:80/tcp')).toEqual(new Map([['2001:2:0:1::11:8080', 1]]));
    expect(c.size).toBe(3);
  });

  it('is empty for an empty table', () => {
    expect(parseConntrack(DUMP, buildVipTable({ apps: new Map(), tasks: new Map(), agents: new Map() })).size).toBe(0);
  });
});
