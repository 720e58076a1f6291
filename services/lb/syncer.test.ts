import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { Registry } from '../../lib/metrics';
import { ManualClock } from '../../lib/sync/testing/manual-clock';
import type { Task } from '../../lib/model/cluster';
import type { VipBackend } from './backends/backend';
import type { VipTable } from './model/vip-table';
import { VipSyncer } from './syncer';

/** Records what the syncer asks of a data plane; fails when told to. */
class RecordingBackend implements VipBackend {
  readonly name = 'recording';
  readonly kernelNat = false;
  calls: Array<{ full: boolean; size: number; backends: number }> = [];
  failNext = false;
  async sync(_prev: VipTable, desired: VipTable, full: boolean): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('nft: boom');
    }
    this.calls.push({ full, size: desired.size, backends: [...desired.values()].reduce((n, s) => n + s.backends.length, 0) });
  }
  async cleanup(): Promise<void> {}
}

function task(i: number): Task {
  return { id: `t${i}`, appId: '/web', appVersion: 'v', agentId: 'a', host: '198.18.2.1', networkMode: 'host', ports: [{ hostPort: 31000 + i, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [{ label: '198.19.250.1:80', ip: '198.19.250.1', port: 80, protocol: 'tcp', portIndex: 0 }], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v' };
}

/** A syncer on a manual clock: time moves only when the test says so. */
function syncer(backend: VipBackend, minSyncMs: number): { s: VipSyncer; clock: ManualClock } {
  const clock = new ManualClock();
  const s = new VipSyncer(backend, { clusterCidrs: [], masqueradeAll: false }, { minSyncMs, syncPeriodMs: 60_000, clock }, new Registry());
  return { s, clock };
}

describe('VipSyncer', () => {
  it('writes nothing before the first snapshot, then one full sync, then coalesced partial syncs', async () => {
    const backend = new RecordingBackend();
    const { s, clock } = syncer(backend, 20);
    s.runner.start();
    s.runner.run();
    await clock.advance(0);
    expect(backend.calls).toEqual([]);
    expect(s.ready).toBe(false);
    const feed = new MemoryFeed();
    await feed.subscriber().start(s.tracker);
    await clock.advance(20);
    await s.runner.idle();
    expect(backend.calls).toEqual([{ full: true, size: 0, backends: 0 }]);
    expect(s.ready).toBe(true);
    for (let i = 0; i < 100; i++) feed.publish([{ kind: 'task', op: 'put', id: `t${i}`, value: task(i) }]);
    await clock.advance(19);
    expect(backend.calls).toHaveLength(1); // minSyncMs not yet passed since the last sync
    await clock.advance(1);
    await s.runner.idle();
    expect(backend.calls.length).toBeLessThanOrEqual(3);
    expect(backend.calls).toHaveLength(2); // the burst of 100 costs one partial sync
    expect(backend.calls[backend.calls.length - 1]).toEqual({ full: false, size: 1, backends: 100 });
    await clock.advance(60_000);
    await s.runner.idle();
    expect(backend.calls[backend.calls.length - 1]).toEqual({ full: true, size: 1, backends: 100 }); // periodic full rewrite
    s.runner.stop();
  });

  it('reports a failed sync (not ready) and retries until it succeeds', async () => {
    const backend = new RecordingBackend();
    backend.failNext = true;
    const { s, clock } = syncer(backend, 0);
    s.runner.start();
    await new MemoryFeed().subscriber().start(s.tracker);
    await clock.advance(0);
    expect(s.lastError).toBe('nft: boom');
    expect(s.ready).toBe(false);
    await clock.advance(999);
    expect(s.ready).toBe(false); // the retry waits a second
    await clock.advance(1);
    await s.runner.idle();
    expect(s.ready).toBe(true);
    expect(backend.calls).toEqual([{ full: true, size: 0, backends: 0 }]);
    s.runner.stop();
  });
});
