import { conntrackArgs, conntrackDeletes } from './conntrack';
import type { VipService } from './model/vip-table';

function udp(backends: string[], proto: 'udp' | 'tcp' = 'udp'): VipService {
  return { key: `198.19.250.2:53/${proto}`, ip: '198.19.250.2', port: 53, proto, family: 4, appIds: ['/dns'], backends: backends.map((ip) => ({ ip, port: 53, taskId: ip })) };
}

describe('conntrackDeletes', () => {
  it('deletes entries of a replaced UDP backend only', () => {
    const d = conntrackDeletes({ added: [], removed: [], changed: [[udp(['198.18.2.10', '198.18.2.11']), udp(['198.18.2.11', '198.18.2.12'])]] });
    expect(d).toEqual([{ vip: '198.19.250.2', port: 53, backend: '198.18.2.10', family: 4 }]);
    expect(conntrackArgs(d[0])).toEqual(['-D', '-f', 'ipv4', '-p', 'udp', '--orig-dst', '198.19.250.2', '--orig-port-dst', '53', '--dst-nat', '198.18.2.10']);
  });
  it('on scale to zero deletes the last backend, and on 0 → 1 every entry to the VIP (blackhole bug)', () => {
    expect(conntrackDeletes({ added: [], removed: [], changed: [[udp(['198.18.2.10']), udp([])]] })).toEqual([{ vip: '198.19.250.2', port: 53, backend: '198.18.2.10', family: 4 }]);
    expect(conntrackDeletes({ added: [], removed: [], changed: [[udp([]), udp(['198.18.2.10'])]] })).toEqual([{ vip: '198.19.250.2', port: 53, family: 4 }]);
  });
  it('leaves TCP alone (its connections end by themselves)', () => {
    expect(conntrackDeletes({ added: [], removed: [udp(['198.18.2.10'], 'tcp')], changed: [] })).toEqual([]);
  });
});
