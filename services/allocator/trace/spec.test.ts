import { parseFrom, parseTo } from './spec';

describe('parseTo', () => {
  test.each([
    ['198.19.250.7:80', { kind: 'ip', ip: '198.19.250.7', port: 80, proto: 'tcp' }],
    ['198.19.250.7:53/udp', { kind: 'ip', ip: '198.19.250.7', port: 53, proto: 'udp' }],
    ['[2001:2:0:fa::7]:80', { kind: 'ip', ip: '2001:2:0:fa::7', port: 80, proto: 'tcp' }],
    ['db.shop.marathon.mesos:5432', { kind: 'dns', name: 'db.shop.marathon.mesos', port: 5432, proto: 'tcp' }],
    ['Web.Marathon.L4LB.thisdcos.directory.:80', { kind: 'dns', name: 'web.marathon.l4lb.thisdcos.directory', port: 80, proto: 'tcp' }],
    ['/shop/db:pg', { kind: 'app', appId: '/shop/db', port: 'pg', proto: 'tcp' }],
    ['/shop/db:0/udp', { kind: 'app', appId: '/shop/db', port: '0', proto: 'udp' }],
  ])('%s', (spec, want) => expect(parseTo(spec)).toEqual(want));

  test.each([
    [undefined, /required/],
    ['', /required/],
    ['198.19.250.7', /HOST:PORT/],
    ['198.19.250.7:0', /1-65535/],
    ['198.19.250.7:70000', /1-65535/],
    ['198.19.250.7:http', /1-65535/],
    ['[::zz]:80', /not an IPv6/],
    ['not a name:80', /neither an IP address nor a DNS name/],
    ['/Shop//db:pg', /not an app id/],
    ['/shop/db:p g', /not a port name/],
    ['x'.repeat(600) + ':1', /longer than/],
  ])('%j is refused naming /to', (spec, msg) => {
    expect(() => parseTo(spec)).toThrow(expect.objectContaining({ code: 'MARINA_ERR_INVALID', details: [expect.objectContaining({ path: '/to', errors: [expect.stringMatching(msg)] })] }));
  });
});

describe('parseFrom', () => {
  test('trims; refuses empty and non-strings naming /from', () => {
    expect(parseFrom(' /shop/web ')).toBe('/shop/web');
    for (const v of ['', '  ', 7, null]) expect(() => parseFrom(v)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/from' })] }));
  });
});
