/**
 * The floor under the allocator benchmark: the same transactions the
 * allocator writes for one request (BATCH tasks of ~900 bytes + BATCH host
 * port keys, each created under an `absent` compare, plus the app and
 * generation keys), sent straight through Marina's etcd store by
 * CONCURRENCY loops, with no allocator in between. The latency here is what
 * etcd (and the etcd3 client) costs on this machine.
 *
 *   node -r ./bench/_register.js bench/allocator/etcd-floor.ts [requests=500] [batch=10] [concurrency=6] [watchers=0]
 */
import { absent, type Compare, type Op } from '../../lib/store/contract';
import { openStore } from '../../lib/store/open';
import { startEtcd } from '../../test/helpers/etcd';

const REQUESTS = Number(process.argv[2] ?? 500);
const BATCH = Number(process.argv[3] ?? 10);
const CONCURRENCY = Number(process.argv[4] ?? 6);
const WATCHERS = Number(process.argv[5] ?? 0);
const TASK = 'x'.repeat(900);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const etcd = await startEtcd();
  const store = await openStore({ kind: 'etcd', endpoints: [etcd.endpoint] });
  // replicas watch the prefix like the allocator's views do
  const watches = await Promise.all(Array.from({ length: WATCHERS }, () => store.watch('/marina/', () => undefined, {})));
  try {
    let sent = 0;
    let seq = 0;
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        let genRev = 0;
        while (sent < REQUESTS) {
          sent++;
          const compares: Compare[] = [];
          const success: Op[] = [];
          for (let i = 0; i < BATCH; i++) {
            const n = seq++;
            for (const [key, value] of [[`/marina/tasks/app-${w}/t${n}`, TASK], [`/marina/alloc/ports/a${n % 8}/${n}`, '{"kind":"port","appId":"/bench/app","taskId":"t"}']]) {
              compares.push(absent(key));
              success.push({ type: 'put', key, value });
            }
          }
          compares.push({ key: `/marina/gen/app-${w}`, target: 'modRevision', op: '==', value: genRev });
          success.push({ type: 'put', key: `/marina/gen/app-${w}`, value: '{}' });
          const s = performance.now();
          const res = await store.txn({ compares, success, failure: [] });
          lat.push(performance.now() - s);
          if (!res.succeeded) throw new Error('unexpected conflict');
          genRev = res.revision;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    console.log(JSON.stringify({ requests: REQUESTS, batch: BATCH, concurrency: CONCURRENCY, watchers: WATCHERS, instancesPerSecond: Math.round((REQUESTS * BATCH) / seconds), txnP50ms: Number(pct(lat, 50).toFixed(1)), txnP99ms: Number(pct(lat, 99).toFixed(1)) }));
  } finally {
    for (const w of watches) await w.cancel();
    await store.close();
    await etcd.destroy();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
