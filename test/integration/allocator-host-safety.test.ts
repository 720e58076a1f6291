/**
 * Validation that protects the host (issue 13, item 5), over real HTTP with
 * an embedded store: fixed VIPs only inside --vip-range, networks never over
 * loopback, link-local, multicast, the underlay, the bridge or VIP range or
 * each other, fixed service ports only inside --service-port-range, JSON
 * bodies only (415 for text/plain and forms), and a `__proto__` refusal that
 * says what it refuses. Nothing refused is stored.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

let h: Harness;
let agents: GrpcAgentApi;

beforeAll(async () => {
  h = await startHarness({ vipRange: '198.19.250.0/24,2001:2:0:fa::/64' });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11' });
});

afterAll(async () => {
  agents.close();
  await h.stop();
});

const app = (id: string, labels: Record<string, string>) => ({ id, cmd: 'true', instances: 0, portDefinitions: [{ port: 0, labels }] });

async function raw(method: string, path: string, contentType: string, body: string) {
  const res = await fetch(h.base + path, { method, headers: { 'content-type': contentType, authorization: `Bearer ${h.token}` }, body });
  return { status: res.status, body: (await res.json()) as { message: string; code: string; details?: Array<{ path: string; errors: string[] }> } };
}

describe('fixed VIPs lie in --vip-range', () => {
  test.each([
    ['the API address', '127.0.0.1:8080'],
    ['the unspecified address', '0.0.0.0:80'],
    ['a public address', '8.8.8.8:53'],
    ['an address next to the range', '198.19.251.1:80'],
    ['an IPv6 loopback', '[::1]:80'],
  ])('%s (%s) is refused with 422 naming the label', async (_what, label) => {
    const res = await h.req('POST', '/v2/apps', app('/vip-bad', { VIP_0: label }));
    expect(res.status).toBe(422);
    const detail = res.body.details.find((d: { path: string }) => d.path === '/portDefinitions(0)/labels/VIP_0');
    expect(detail.errors.join(' ')).toMatch(/outside the VIP ranges \(198\.19\.250\.0\/24, 2001:2:0:fa::\/64, --vip-range\)/);
    expect((await h.req('GET', '/v2/apps/vip-bad')).status).toBe(404);
  });

  test('addresses inside the ranges and named VIPs are accepted', async () => {
    for (const [id, label] of [['/vip-v4', '198.19.250.9:80'], ['/vip-v6', '[2001:2:0:fa::9]:80'], ['/vip-named', '/vip-named:80']]) {
      expect((await h.req('POST', '/v2/apps', app(id, { VIP_0: label }))).status).toBe(201);
    }
  });
});

describe('network CIDRs', () => {
  test.each([
    ['loopback', { cidr: '127.0.0.0/16' }, '/cidr', /loopback 127\.0\.0\.0\/8/],
    ['link-local', { cidr: '169.254.0.0/24' }, '/cidr', /link-local/],
    ['multicast', { cidr: '224.1.0.0/24' }, '/cidr', /multicast/],
    ['"this network"', { cidr: '0.0.0.0/1' }, '/cidr', /0\.0\.0\.0\/8/],
    ['the underlay (an agent address)', { cidr: '198.18.0.0/24' }, '/cidr', /underlay address 198\.18\.0\.11 of agent agent-1/],
    ['the bridge range', { cidr: '198.18.16.0/24' }, '/cidr', /the bridge range 198\.18\.16\.0\/20/],
    ['the VIP range', { cidr: '198.19.250.128/25' }, '/cidr', /the VIP range 198\.19\.250\.0\/24/],
    ['IPv6 link-local', { cidr6: 'fe80::/64' }, '/cidr6', /link-local fe80::\/10/],
    ['IPv6 loopback', { cidr6: '::/64' }, '/cidr6', /loopback/],
    ['IPv6 multicast', { cidr6: 'ff02::/16' }, '/cidr6', /multicast/],
    ['the IPv6 VIP range', { cidr6: '2001:2:0:fa::/96' }, '/cidr6', /the VIP range 2001:2:0:fa::\/64/],
  ])('over %s: 422 naming the field and what it overlaps', async (_what, cidr, path, why) => {
    const res = await h.req('POST', '/v2/networks', { name: 'bad', ...cidr });
    expect(res.status).toBe(422);
    expect(res.body.details[0].path).toBe(path);
    expect(res.body.details[0].errors[0]).toMatch(why);
    expect((await h.req('GET', '/v2/networks/bad')).status).toBe(404);
  });

  test('over each other: the second is refused; a clean one is created', async () => {
    expect((await h.req('POST', '/v2/networks', { name: 'one', cidr: '198.19.8.0/24' })).status).toBe(201);
    const clash = await h.req('POST', '/v2/networks', { name: 'two', cidr: '198.19.8.128/25' });
    expect(clash.status).toBe(422);
    expect(clash.body.details[0].errors[0]).toMatch(/network one \(198\.19\.8\.0\/24\)/);
  });
});

describe('fixed service ports lie in --service-port-range', () => {
  test('host mode port 8080 and bridge servicePort 9000 are refused; in range and requirePorts host ports pass', async () => {
    const host = await h.req('POST', '/v2/apps', { id: '/sp-host', cmd: 'true', instances: 0, portDefinitions: [{ port: 8080 }] });
    expect(host.status).toBe(422);
    expect(host.body.details).toEqual([{ path: '/portDefinitions(0)/port', errors: ['service port 8080 is outside the service-port range 10000-20000 (--service-port-range)'] }]);
    const bridge = await h.req('POST', '/v2/apps', {
      id: '/sp-bridge', cmd: 'true', instances: 0, networks: [{ mode: 'container/bridge' }],
      container: { type: 'MESOS', portMappings: [{ containerPort: 80, servicePort: 9000 }] },
    });
    expect(bridge.status).toBe(422);
    expect(bridge.body.details[0].path).toBe('/container/portMappings(0)/servicePort');
    expect((await h.req('POST', '/v2/apps', { id: '/sp-ok', cmd: 'true', instances: 0, portDefinitions: [{ port: 15002 }] })).status).toBe(201);
    // with requirePorts the port is the host port too: an agent port range holds it
    expect((await h.req('POST', '/v2/apps', { id: '/sp-req', cmd: 'true', instances: 0, requirePorts: true, portDefinitions: [{ port: 31556 }] })).status).toBe(201);
    expect((await h.req('POST', '/v2/apps', { id: '/sp-req2', cmd: 'true', instances: 0, requirePorts: true, portDefinitions: [{ port: 22 }] })).status).toBe(422);
  });
});

describe('request bodies', () => {
  const body = JSON.stringify({ id: '/ct', cmd: 'true', instances: 0 });

  test.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'Content-Type %s: 415 as Marathon, and nothing is created',
    async (contentType) => {
      const res = await raw('POST', '/v2/apps', contentType, body);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('MARINA_ERR_UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.message).toMatch(/^Unsupported Media Type: Content-Type .*application\/json$/);
      expect((await h.req('GET', '/v2/apps/ct')).status).toBe(404);
      expect((await raw('PUT', '/v2/apps/ct', contentType, body)).status).toBe(415);
      expect((await raw('POST', '/v2/networks', contentType, JSON.stringify({ name: 'ct', cidr: '198.19.9.0/24' }))).status).toBe(415);
    },
  );

  test('application/json (with a charset) is accepted', async () => {
    expect((await raw('POST', '/v2/apps', 'application/json; charset=utf-8', body)).status).toBe(201);
  });

  test('a __proto__ key: 400 saying which key, where and why', async () => {
    const res = await raw('POST', '/v2/apps', 'application/json', '{"id":"/pp","cmd":"true","env":{"__proto__":{"x":"1"}}}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MARINA_ERR_BAD_REQUEST');
    expect(res.body.message).toBe('JSON body refused at /env/__proto__: the key "__proto__" is refused: it could rewrite object prototypes (prototype pollution); rename or remove it');
    expect(res.body.details).toEqual([{ path: '/env/__proto__', errors: [expect.stringContaining('"__proto__"')] }]);
    const ctor = await raw('POST', '/v2/apps', 'application/json', '{"id":"/pp","cmd":"true","labels":{"constructor":{"prototype":{"x":"1"}}}}');
    expect([ctor.status, ctor.body.details?.[0].path]).toEqual([400, '/labels/constructor/prototype']);
    expect((await h.req('GET', '/v2/apps/pp')).status).toBe(404);
  });
});
