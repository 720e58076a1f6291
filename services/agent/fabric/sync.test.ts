import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import { ManualClock } from '../../../lib/sync/testing/manual-clock';
import { HostExec } from '../exec';
import type { DesiredFabric, FabricView } from './fabric';
import { FabricSyncer } from './sync';

const agent = (id: string, ip: string): Agent => ({ id, hostname: id, ip, portRanges: [], attributes: {}, registeredAt: '' });
const blue: VirtualNetwork = { name: 'blue', cidr: '198.19.0.0/20', blockSize: 26, driver: 'vxlan', vni: 7, labels: {} };
const task = (id: string, agentId: string, mode: 'bridge' | 'container', ip?: string): Task =>
  ({ id, appId: '/a', agentId, networkMode: mode, networkName: mode === 'container' ? 'blue' : undefined, ipAddresses: ip ? [{ ipAddress: ip, protocol: 'IPv4', networkName: 'blue' }] : [], state: 'TASK_RUNNING' } as unknown as Task);

const h1 = agent('h1', '198.18.0.11');
const h2 = agent('h2', '198.18.0.12');
const view = (tasks: Task[], agents = [h1, h2]): FabricView => ({ self: h1, agents, networks: [blue], tasks, mtu: 1500 });

function setup(opts: { fail?: () => boolean } = {}) {
  const clock = new ManualClock();
  const applied: DesiredFabric[] = [];
  const syncer = new FabricSyncer(new HostExec(), {
    clock,
    minIntervalMs: 100,
    recheckMs: 10_000,
    retryMs: 500,
    apply: async (_exec, want) => {
      if (opts.fail?.()) throw new Error('ip: boom');
      applied.push(want);
      return 0;
    },
  });
  syncer.start();
  return { clock, applied, syncer };
}

describe('FabricSyncer', () => {
  test('events that do not change the desired fabric (local bridge tasks, repeats) apply nothing', async () => {
    const { clock, applied, syncer } = setup();
    syncer.update(view([]));
    await clock.advance(0);
    expect(applied).toHaveLength(1);
    const local = [task('b1', 'h1', 'bridge'), task('b2', 'h1', 'bridge'), task('v1', 'h1', 'container', '198.19.0.5')];
    for (let i = 1; i <= local.length; i++) syncer.update(view(local.slice(0, i)));
    syncer.update(view(local));
    await clock.advance(1000);
    expect(applied).toHaveLength(1);
    expect(syncer.skipped).toBe(4);
    expect(syncer.inSync).toBe(true);
  });

  test('a remote block or a host joining syncs once per burst, with the latest view', async () => {
    const { clock, applied, syncer } = setup();
    syncer.update(view([]));
    await clock.advance(0);
    const h3 = agent('h3', '198.18.0.13');
    syncer.update(view([task('r1', 'h2', 'container', '198.19.0.70')]));
    syncer.update(view([task('r1', 'h2', 'container', '198.19.0.70'), task('r2', 'h2', 'container', '198.19.0.130')]));
    syncer.update(view([task('r1', 'h2', 'container', '198.19.0.70'), task('r2', 'h2', 'container', '198.19.0.130')], [h1, h2, h3]));
    await clock.advance(99);
    expect(applied).toHaveLength(1); // minIntervalMs since the first sync
    await clock.advance(1);
    expect(applied).toHaveLength(2);
    const last = applied[1];
    expect(last.routes.map((r) => r.dst).sort()).toEqual(['198.19.0.128/26', '198.19.0.64/26']);
    expect(last.fdb.map((f) => f.dst)).toEqual(['198.18.0.12', '198.18.0.13']);
  });

  test('the same cluster in another feed order renders the same fabric: no sync', async () => {
    const { clock, applied, syncer } = setup();
    const remote = [task('r1', 'h2', 'container', '198.19.0.70'), task('r2', 'h2', 'container', '198.19.0.130')];
    syncer.update(view(remote));
    await clock.advance(0);
    syncer.update(view([...remote].reverse(), [h2, h1]));
    await clock.advance(1000);
    expect(applied).toHaveLength(1);
  });

  test('the periodic re-check applies even when nothing changed', async () => {
    const { clock, applied, syncer } = setup();
    syncer.update(view([]));
    await clock.advance(0);
    await clock.advance(10_000);
    expect(applied).toHaveLength(2);
    await clock.advance(10_000);
    expect(applied).toHaveLength(3);
    syncer.stop();
    await clock.advance(30_000);
    expect(applied).toHaveLength(3);
  });

  test('a failed sync is retried without waiting for a change', async () => {
    let failures = 1;
    const { clock, applied, syncer } = setup({ fail: () => failures-- > 0 });
    syncer.update(view([]));
    await clock.advance(0);
    expect(applied).toHaveLength(0);
    expect(syncer.inSync).toBe(false);
    expect(syncer.failures).toBe(1);
    syncer.update(view([task('b1', 'h1', 'bridge')])); // same desired fabric: no new request
    await clock.advance(499);
    expect(applied).toHaveLength(0);
    await clock.advance(1);
    expect(applied).toHaveLength(1);
    expect(syncer.inSync).toBe(true);
  });
});
