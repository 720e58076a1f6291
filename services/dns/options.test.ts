import { cidrMatcher, dnsConfig } from './options';

describe('dns config', () => {
  it.each([
    [{ listen: ['localhost'] }, /listen: expected host:port/],
    [{ listen: ['127.0.0.1:99999'] }, /listen/],
    [{ ttl: -1 }, /ttl: expected an integer/],
    [{ resolvers: ['not-an-ip'] }, /resolvers: expected ip\[:port\]/],
    [{ forwardZones: ['corp'] }, /forward-zones: expected zone=/],
    [{ recursionNetworks: ['198.18.0.0/99'] }, /recursion-networks: invalid CIDR/],
    [{ ipSources: ['host', 'dns'] }, /ip-sources: unknown IP source "dns"/],
    [{ allocator: '127.0.0.1:8081', mesosState: '/tmp/state.json' }, /mesos-state: give either/],
    [{ domain: 'bad domain' }, /domain: invalid/],
  ])('rejects %j naming the field', (over, msg) => {
    expect(() => dnsConfig(over)).toThrow(msg);
  });

  it('has Mesos-DNS defaults', () => {
    const c = dnsConfig();
    expect(c).toMatchObject({ domain: 'mesos', ttl: 60, ipSources: ['netinfo', 'mesos', 'host'], listen: [{ host: '127.0.0.1', port: 53 }], httpListen: { port: 8123 } });
    expect(c.soa).toEqual({ mname: 'ns1.mesos', rname: 'root.ns1.mesos', refresh: 60, retry: 600, expire: 86400, minttl: 60 });
  });

  it('recursion ACL: same verdict on repeat (cached) and after the cache resets', () => {
    const allowed = cidrMatcher(['127.0.0.0/8', '198.18.0.0/15', '::1/128']);
    for (let round = 0; round < 2; round++) {
      expect(allowed('127.0.0.1')).toBe(true);
      expect(allowed('::ffff:198.19.255.1')).toBe(true);
      expect(allowed('::1')).toBe(true);
      expect(allowed('198.20.0.1')).toBe(false);
      expect(allowed('not-an-ip')).toBe(false);
    }
    // More distinct clients than the cache holds: verdicts stay right.
    for (let i = 0; i < 5000; i++) expect(allowed(`198.18.${(i >> 8) & 255}.${i & 255}`)).toBe(true);
    expect(allowed('198.20.0.1')).toBe(false);
    expect(allowed('198.18.0.1')).toBe(true);
  });

  it('--workers: 1 by default, 1-64, and never with a port 0 listen address (workers share fixed ports)', () => {
    expect(dnsConfig().workers).toBe(1);
    expect(dnsConfig({ workers: 4, listen: ['127.0.0.1:5353'] }).workers).toBe(4);
    expect(() => dnsConfig({ workers: 0 })).toThrow(/^workers: expected an integer 1-64/);
    expect(() => dnsConfig({ workers: 2, listen: ['127.0.0.1:0'] })).toThrow(/^listen: port 0 cannot be shared by --workers/);
  });
});
