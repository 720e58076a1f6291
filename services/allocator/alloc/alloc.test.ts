/**
 * Table tests for the allocation rules on the fake store: host ports, bridge
 * and network addresses, service ports and VIPs. Every case plans against
 * the core's watch-fed view, as the launcher does.
 */
import { parseAppDefinition } from '../../../lib/validation';
import { startFakeCore, type FakeCore } from '../testing/fake-core';
import { appPorts } from './app-ports';
import { pickHostPorts, fixedPortsFree } from './ports';
import { pickBridgeIp } from './ips';
import { assignServicePorts } from './service-ports';
import { assignVips } from './vips';
import { K } from '../state/keys';
import { isMarinaError } from '../../../lib/errors';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ servicePortRange: '10000-10003', vipRange: '198.19.250.0/30' });
  await f.register('a1', '198.18.0.11', [{ begin: 31000, end: 31002 }]);
});
afterEach(() => f.stop());

const owner = { appId: '/app', taskId: 'app.1' };
const agent = () => f.core.ctx.view.agents.get('a1')!;

async function takePort(port: number, proto: 'tcp' | 'udp' = 'tcp') {
  await f.store.put(`${f.core.ctx.settings.prefix}/${K.port('a1', port, proto)}`, JSON.stringify({ kind: 'port', appId: '/other', taskId: 'other.1' }));
  await f.core.ctx.view.waitFor(await f.store.currentRevision());
}

describe('host ports', () => {
  test.each([
    ['a fixed free port', [{ port: 31001, protocol: 'tcp' as const }], [], [31001]],
    ['a fixed port taken by another task', [{ port: 31001, protocol: 'tcp' as const }], [31001], undefined],
    ['two dynamic ports from a 3-port range with one taken', [{ port: 0, protocol: 'tcp' as const }, { port: 0, protocol: 'tcp' as const }], [31000], 'two of 31001,31002'],
    ['more dynamic ports than the range holds', [{ port: 0, protocol: 'tcp' as const }, { port: 0, protocol: 'tcp' as const }, { port: 0, protocol: 'tcp' as const }], [31000], undefined],
    ['the same fixed port twice in one instance', [{ port: 31001, protocol: 'tcp' as const }, { port: 31001, protocol: 'tcp' as const }], [], undefined],
  ])('%s', async (_name, needs, taken, want) => {
    for (const p of taken) await takePort(p);
    const claims = f.claims();
    const got = pickHostPorts(claims, agent(), needs, owner);
    if (want === 'two of 31001,31002') expect([...(got ?? [])].sort()).toEqual([31001, 31002]);
    else expect(got).toEqual(want);
    // nothing is claimed when the instance does not fit
    if (got === undefined) expect(claims.creates.size).toBe(0);
    else expect([...claims.creates.keys()].sort()).toEqual(got.map((p) => K.port('a1', p, 'tcp')).sort());
  });

  test('a udp,tcp port holds the number for both protocols; a taken udp side makes it unavailable', async () => {
    const claims = f.claims();
    expect(pickHostPorts(claims, agent(), [{ port: 31002, protocol: 'udp,tcp' }], owner)).toEqual([31002]);
    expect([...claims.creates.keys()].sort()).toEqual([K.port('a1', 31002, 'tcp'), K.port('a1', 31002, 'udp')].sort());
    await takePort(31000, 'udp');
    expect(fixedPortsFree(f.claims(), agent(), [{ port: 31000, protocol: 'udp,tcp' }])).toBe(false);
    expect(fixedPortsFree(f.claims(), agent(), [{ port: 31000, protocol: 'tcp' }])).toBe(true);
  });

  test('a port reserved by an in-flight plan of this replica is not picked again', () => {
    f.core.ctx.reserved.addAll([K.port('a1', 31000, 'tcp'), K.port('a1', 31001, 'tcp')]);
    expect(pickHostPorts(f.claims(), agent(), [{ port: 0, protocol: 'tcp' }], owner)).toEqual([31002]);
  });
});

describe('bridge addresses', () => {
  test('come from the agent\'s bridge subnet, skip the gateway and taken addresses, and are claimed', async () => {
    const cidr = agent().bridgeCidr!;
    expect(cidr).toMatch(/^198\.18\.\d+\.0\/24$/);
    const first = pickBridgeIp(f.claims(), agent(), owner);
    const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
    expect(first.ipAddress.startsWith(base + '.')).toBe(true);
    expect(first.ipAddress).not.toBe(`${base}.0`);
    expect(first.ipAddress).not.toBe(`${base}.1`);
    const claims = f.claims();
    const a = pickBridgeIp(claims, agent(), owner);
    const b = pickBridgeIp(claims, agent(), { appId: '/app', taskId: 'app.2' });
    expect(a.ipAddress).not.toBe(b.ipAddress);
  });
});

describe('service ports', () => {
  const ports = (defs: unknown[]) => appPorts(parseAppDefinition({ id: '/app', cmd: 'x', portDefinitions: defs }));
  const range = () => f.core.ctx.settings.servicePortRange;

  test.each([
    ['dynamic ports are distinct and in range', [{ port: 0 }, { port: 0 }], [], (got: number[]) => got.every((p) => p >= 10000 && p <= 10003) && new Set(got).size === 2],
    ['a fixed port is kept', [{ port: 10002 }], [], (got: number[]) => got[0] === 10002],
    ['a previous assignment at the same index is kept', [{ port: 0 }], [10001], (got: number[]) => got[0] === 10001],
  ])('%s', (_name, defs, previous, ok) => {
    expect(ok(assignServicePorts(f.claims(), '/app', ports(defs), previous, range()))).toBe(true);
  });

  test('a fixed port owned by another app is refused naming the field; an exhausted range says so', async () => {
    const first = f.claims();
    assignServicePorts(first, '/other', ports([{ port: 10002 }]), [], range());
    for (const [k, v] of first.creates) await f.store.put(`${f.core.ctx.settings.prefix}/${k}`, v);
    await f.core.ctx.view.waitFor(await f.store.currentRevision());
    let err: unknown;
    try {
      assignServicePorts(f.claims(), '/app', ports([{ port: 10002 }]), [], range());
    } catch (e) {
      err = e;
    }
    expect(isMarinaError(err, 'MARINA_ERR_SERVICE_PORT_EXHAUSTED')).toBe(true);
    expect(JSON.stringify(err)).toContain('/portDefinitions(0)');
    expect(() => assignServicePorts(f.claims(), '/app', ports([{ port: 0 }, { port: 0 }, { port: 0 }, { port: 0 }]), [], range())).toThrow(/no free service port in 10000-10003/);
  });
});

describe('VIPs', () => {
  const vipPorts = (label: string) => appPorts(parseAppDefinition({ id: '/app', cmd: 'x', portDefinitions: [{ port: 0, labels: { VIP_0: label } }] }));
  const range = () => f.core.ctx.settings.vipRange;

  test('a named VIP binds an address from the range (not its network or broadcast address), the same name the same address', () => {
    const claims = f.claims();
    const [a] = assignVips(claims, '/app', vipPorts('/web:80'), range());
    expect(['198.19.250.1', '198.19.250.2']).toContain(a!.ip);
    expect(a).toMatchObject({ name: '/web', port: 80, portIndex: 0 });
    const [again] = assignVips(claims, '/app2', vipPorts('/web:81'), range());
    expect(again!.ip).toBe(a!.ip);
  });

  test('a VIP ip:port owned by another app is a conflict naming the label; a full range is exhausted', async () => {
    const first = f.claims();
    assignVips(first, '/other', vipPorts('/web:80'), range());
    for (const [k, v] of first.creates) await f.store.put(`${f.core.ctx.settings.prefix}/${k}`, v);
    await f.core.ctx.view.waitFor(await f.store.currentRevision());
    expect(() => assignVips(f.claims(), '/app', vipPorts('/web:80'), range())).toThrow(/already owned by app \/other/);
    const claims = f.claims();
    assignVips(claims, '/app', vipPorts('/db:5432'), range());
    expect(() => assignVips(claims, '/app', vipPorts('/cache:6379'), range())).toThrow(/no free address for VIP name \/cache/);
  });
});
