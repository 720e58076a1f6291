/**
 * Watch streams do not grow the allocator (issue 13, item 4): a real
 * allocator process holding a ~6 MB state serves 200 Watch streams that each
 * receive the whole snapshot, and its resident memory (VmRSS from
 * /proc/<pid>/status) stays within a generous bound of its baseline while
 * they are open and returns near it once they are closed. Before the
 * snapshot was shared and chunked, 200 streams took the allocator from
 * 374 MB to 1.73 GB and it stayed there.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { makeClient } from '../../lib/client/grpc-call';
import type { WatchMessageMsg } from '../../lib/client/grpc-proto';
import { freePorts } from '../helpers/ports';
import { adminClientOf, type AdminClient } from '../helpers/allocator-auth';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { waitUntil } from '../helpers/_children';

jest.setTimeout(120_000);

const STREAMS = 200;
const MB = 1024 * 1024;

let dir: string;
let alloc: MarinaProcess;
let api: string;
let grpcAddr: string;

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

let admin: AdminClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-watchmem-'));
  const [p1, p2] = await freePorts(2);
  api = `http://127.0.0.1:${p1}`;
  grpcAddr = `127.0.0.1:${p2}`;
  alloc = spawnMarina(
    ['allocator', '--api-listen', `127.0.0.1:${p1}`, '--grpc-listen', grpcAddr, '--data-dir', join(dir, 'data'), '--max-watch-streams-per-client', String(STREAMS + 10)],
    { env: { MARINA_LOG_LEVEL: 'warn' } },
  );
  await alloc.waitForHttp(`${api}/ping`);
  admin = await adminClientOf(join(dir, 'data'));
});

afterAll(async () => {
  await alloc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Open a Watch stream and resolve once its whole snapshot has arrived (with the snapshot's byte count). */
function watchSnapshot(client: grpc.Client): Promise<{ call: grpc.ClientReadableStream<WatchMessageMsg>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const call = (client as unknown as { watch(r: object): grpc.ClientReadableStream<WatchMessageMsg> }).watch({ fromRevision: 0, agentId: '' });
    let bytes = 0;
    call.on('data', (m: WatchMessageMsg) => {
      for (const o of m.snapshot?.objects ?? []) bytes += o.valueJson.length;
      if (m.snapshot && !m.snapshot.more) resolve({ call, bytes });
    });
    call.on('error', (e: grpc.ServiceError) => (e.code === grpc.status.CANCELLED ? undefined : reject(e)));
  });
}

test('200 watch streams of a 6 MB state: RSS bounded while open, back near baseline after close', async () => {
  // ~6 MB of state: three apps of ~2 MB each (env values), no tasks
  for (let a = 0; a < 3; a++) {
    const env = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`V${i}`, `${a}${i}`.padEnd(4_000, 'x')]));
    const res = await fetch(`${api}/v2/apps`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ id: `/mem/app${a}`, cmd: 'true', instances: 0, env }) });
    expect(res.status).toBe(201);
  }
  const client = makeClient('Watch', grpcAddr, {}, admin.credentials);
  try {
    // warm up (code paths, one snapshot encoded and released), then the baseline
    const warm = await watchSnapshot(client);
    expect(warm.bytes).toBeGreaterThan(6 * 1_000_000);
    warm.call.cancel();
    await new Promise((r) => setTimeout(r, 1_000));
    const baseline = rssBytes(alloc.pid);

    const streams = await Promise.all(Array.from({ length: STREAMS }, () => watchSnapshot(client)));
    expect(streams.every((s) => s.bytes === warm.bytes)).toBe(true);
    const open = rssBytes(alloc.pid);
    // unshared, 200 snapshots of 6 MB were 1.2 GB and more; shared it is one encoding, a few chunks in flight per stream and garbage not yet collected
    expect(open - baseline).toBeLessThan(700 * MB);

    for (const s of streams) s.call.cancel();
    let after = 0;
    await waitUntil(
      `allocator RSS back within 100 MB of its baseline ${Math.round(baseline / MB)} MB`,
      async () => {
        after = rssBytes(alloc.pid);
        // keep the allocator allocating a little, so its GC runs as it would under use
        await fetch(`${api}/v2/apps`, { headers: admin.headers });
        return after - baseline < 100 * MB;
      },
      60_000,
      500,
    );
    console.log(`allocator RSS: baseline ${Math.round(baseline / MB)} MB, 200 streams open ${Math.round(open / MB)} MB, closed ${Math.round(after / MB)} MB`);
  } finally {
    client.close();
  }
});
