/**
 * Bridge subnets of dead agents are freed (issue 13 item 8: 12 bogus
 * registrations exhausted the bridge range for good): an agent judged gone
 * with no tasks left keeps its /24 for --bridge-retention, then the leader
 * (or `marina alloc gc`) frees it. An agent that re-registers in time keeps
 * its subnet, and a sweep that read the bridge before the re-registration
 * cannot free it (its compares fail).
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { isMarinaError } from '../../lib/errors';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import type { BridgeOwner } from '../../services/allocator/alloc/bridges';
import { until } from '../helpers/until';
import { bridgesOfGoneAgents, freeBridges } from '../../services/allocator/lifecycle/bridge-retention';

jest.setTimeout(90_000);

/** agentId → bridge CIDR (and its goneSince stamp) as the allocator holds them. */
async function bridges(h: Harness): Promise<Map<string, { cidr: string; goneSince?: number }>> {
  const out = new Map<string, { cidr: string; goneSince?: number }>();
  const view = h.svc.core.ctx.view;
  for (const key of view.dir('alloc/bridges/')) {
    const o = view.value<BridgeOwner>(key)!;
    out.set(o.agentId, { cidr: key.slice('alloc/bridges/'.length), goneSince: o.goneSince });
  }
  return out;
}

/** An agent that keeps alive (and re-registers when told its lease is gone), as services/agent does. */
function keepAlive(api: GrpcAgentApi, id: string, ip: string) {
  const timer = setInterval(() => {
    api.keepAlive(id).catch((err) => {
      if (isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) void api.registerAgent({ id, hostname: id, ip }).catch(() => undefined);
    });
  }, 300);
  return () => clearInterval(timer);
}

const FLAGS = { agentLeaseTtl: 1, agentGracePeriod: 1, reconcileInterval: 0.2, bridgeRange: '198.18.16.0/22' };

test('bogus registrations exhaust the bridge range only until the retention passes; a live agent keeps its subnet', async () => {
  const h = await startHarness({ ...FLAGS, bridgeRetention: 2 });
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  let stop = () => undefined as void;
  try {
    const live = await api.registerAgent({ id: 'live', hostname: 'live', ip: '198.18.0.11' });
    stop = keepAlive(api, 'live', '198.18.0.11');
    for (let i = 1; i <= 3; i++) await api.registerAgent({ id: `bogus-${i}`, hostname: `bogus-${i}`, ip: `198.18.0.${20 + i}` });
    // four /24s in a /22: the range is full
    await expect(api.registerAgent({ id: 'late', hostname: 'late', ip: '198.18.0.30' })).rejects.toMatchObject({ code: 'MARINA_ERR_IP_EXHAUSTED' });
    await until('bogus bridges freed', async () => [...(await bridges(h)).keys()].every((a) => !a.startsWith('bogus-')));
    const late = await api.registerAgent({ id: 'late', hostname: 'late', ip: '198.18.0.30' });
    const now = await bridges(h);
    expect(now.get('live')).toEqual({ cidr: live.bridgeCidr });
    expect(now.get('late')?.cidr).toBe(late.bridgeCidr);
    expect(late.bridgeCidr).not.toBe(live.bridgeCidr);
  } finally {
    stop();
    api.close();
    await h.stop();
  }
});

test('an agent that re-registers within the retention keeps its subnet, and a sweep that read the bridge before cannot free it', async () => {
  const h = await startHarness({ ...FLAGS, bridgeRetention: 3600 });
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  try {
    const first = await api.registerAgent({ id: 'away', hostname: 'away', ip: '198.18.0.12' });
    // no keep-alive: the lease lapses, the leader judges the agent gone and stamps its bridge
    await until('bridge stamped gone', async () => (await bridges(h)).get('away')?.goneSince !== undefined);
    const stale = bridgesOfGoneAgents(h.svc.core.ctx);
    expect(stale.map((b) => b.agentId)).toEqual(['away']);
    // `marina alloc gc` leaves it: the retention has not passed
    const dry = await h.req('POST', '/v1/alloc/gc?dryRun=true');
    expect(dry.body.orphanAllocations.filter((o: { kind: string }) => o.kind === 'bridge')).toEqual([]);
    const again = await api.registerAgent({ id: 'away', hostname: 'away', ip: '198.18.0.12' });
    expect(again.bridgeCidr).toBe(first.bridgeCidr);
    expect((await bridges(h)).get('away')).toEqual({ cidr: first.bridgeCidr });
    // a sweep acting on what it read before the re-registration: its compares fail
    expect(await freeBridges(h.svc.core.ctx, stale)).toBe(0);
    expect((await bridges(h)).get('away')?.cidr).toBe(first.bridgeCidr);
  } finally {
    api.close();
    await h.stop();
  }
});

test('`marina alloc gc` lists and frees a bridge gone past the retention', async () => {
  const h = await startHarness({ ...FLAGS, bridgeRetention: 1 });
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  try {
    await api.registerAgent({ id: 'gone', hostname: 'gone', ip: '198.18.0.13' });
    const stamped = await until('bridge stamped gone', async () => (await bridges(h)).get('gone')?.goneSince, 60_000);
    // from here only gc may free it
    await h.svc.core.reconciler.stop();
    await until('retention passed', () => Date.now() - stamped >= 1000);
    const dry = await h.req('POST', '/v1/alloc/gc?dryRun=true');
    expect(dry.body.orphanAllocations.filter((o: { kind: string }) => o.kind === 'bridge')).toEqual([expect.objectContaining({ kind: 'bridge', agentId: 'gone' })]);
    expect((await bridges(h)).has('gone')).toBe(true);
    const res = await h.req('POST', '/v1/alloc/gc');
    expect(res.status).toBe(200);
    expect((await bridges(h)).has('gone')).toBe(false);
  } finally {
    api.close();
    await h.stop();
  }
});
