import { logger } from '../../../lib/log';
import type { PolicyHostStatus } from '../../../lib/model/policy';
import { HostExec } from '../exec';
import { PolicySyncer } from './syncer';

describe('policy syncer without a kernel to program', () => {
  it('reports every policy not programmed, naming the error, and retries in full', async () => {
    // a host netns that does not exist: every nft run fails as it would without nftables
    const reports: PolicyHostStatus[] = [];
    const syncer = new PolicySyncer({
      exec: new HostExec('marina-policy-nonexistent'),
      source: () => ({ agentId: 'h1', revision: 4, policies: [{ id: 'db', selector: { apps: ['/shop/db'] }, ingress: [], version: 'v1' }], apps: [{ id: '/shop/db' }], tasks: [{ id: 'd', appId: '/shop/db', agentId: 'h1', ips: ['198.18.1.3'], hostMode: false }] }),
      log: logger('policy-test'),
      report: async (s) => void reports.push(s),
      resyncMs: 3_600_000,
    });
    const gate = syncer.programmed(4, 60_000);
    const t0 = Date.now();
    await syncer.start();
    // a task launch waiting on this host's table is let go at the failure (logged, counted), not after the timeout
    expect(await gate).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(await syncer.programmed(4, 60_000)).toBe(false);
    const st = await syncer.reportNow();
    await syncer.stop();
    expect(syncer.failures).toBeGreaterThanOrEqual(1);
    expect(st).toMatchObject({ agentId: 'h1', revision: 4, policies: { db: { version: 'v1', programmed: false, rules: [], dropped: { packets: 0, bytes: 0 } } } });
    expect(st!.policies.db.error).toMatch(/nft|nsenter/);
    expect(reports.at(-1)).toEqual(st);
  });
});
