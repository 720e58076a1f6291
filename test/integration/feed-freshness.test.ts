/**
 * DNS and lb /ready say how old their state is (issue 13 item 6): both stay
 * 200 on their last good state while the allocator is away, and their JSON
 * body's `feed` says whether the Watch stream is connected and how many
 * seconds ago it last heard a snapshot, a batch or a keep-alive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsConfig } from '../../services/dns/options';
import { startDns, type RunningDns } from '../../services/dns/service';
import { startLb, type RunningLb } from '../../services/lb/service';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import type { FreshnessReport } from '../../lib/feed/freshness';
import { until } from '../helpers/until';

jest.setTimeout(90_000);

interface Ready { status: number; ready: boolean; feed: FreshnessReport }

async function ready(url: string): Promise<Ready> {
  const res = await fetch(url);
  const body = (await res.json()) as { ready: boolean; feed: FreshnessReport };
  return { status: res.status, ...body };
}

test('DNS and lb /ready: connected with keep-alives; allocator away: still 200, disconnected, the age grows; back: connected again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marina-fresh-'));
  let alloc: Harness | undefined = await startHarness({}, dataDir);
  const grpc = alloc.svc.grpcAddress;
  let dns: RunningDns | undefined;
  let lb: RunningLb | undefined;
  try {
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', allocator: grpc }), { feed: new GrpcClusterFeed({ address: grpc, credentials: alloc.credentials }) });
    lb = await startLb({
      allocator: grpc, mode: 'userspace', listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
      masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false,
      feed: new GrpcClusterFeed({ address: grpc, credentials: alloc.credentials }),
    });
    const lbPort = (lb.http.address() as { port: number }).port;
    const urls = { dns: `http://127.0.0.1:${dns.httpAddress.port}/ready`, lb: `http://127.0.0.1:${lbPort}/ready` };
    for (const url of Object.values(urls)) {
      // a quiet cluster: after the snapshot only keep-alives arrive, and they keep the age small
      const r = await until('a keep-alive heard', async () => {
        const x = await ready(url);
        return x.status === 200 && x.feed.lastKeepAliveAgeSeconds !== null ? x : undefined;
      }, 30_000);
      expect(r.feed.connected).toBe(true);
      expect(r.feed.lastSnapshotAgeSeconds).not.toBeNull();
      expect(r.feed.ageSeconds!).toBeLessThanOrEqual(r.feed.lastSnapshotAgeSeconds!);
    }

    await alloc.stop();
    alloc = undefined;
    const away: Record<string, Ready> = {};
    for (const [name, url] of Object.entries(urls)) {
      away[name] = await until(`${name} sees the stream gone`, async () => {
        const x = await ready(url);
        return x.feed.connected ? undefined : x;
      }, 30_000);
      expect(away[name].status).toBe(200);
      expect(away[name].ready).toBe(true);
    }
    for (const [name, url] of Object.entries(urls)) {
      await until(`${name}'s age grows while the allocator is away`, async () => (await ready(url)).feed.ageSeconds! > away[name].feed.ageSeconds!, 30_000);
    }

    alloc = await startHarness({ grpcListen: grpc }, dataDir);
    for (const [name, url] of Object.entries(urls)) {
      const back = await until(`${name} reconnected`, async () => {
        const x = await ready(url);
        return x.feed.connected ? x : undefined;
      }, 60_000);
      expect(back.status).toBe(200);
    }
  } finally {
    await lb?.stop();
    await dns?.stop();
    await alloc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
