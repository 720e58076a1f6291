/**
 * Run the userspace VIP backend on tables read from stdin (one JSON array of
 * VipService per line); prints `synced <n>` after each. Used by the userspace
 * integration test and the L4 benchmark, inside a netns whose lo holds the VIPs:
 *   ip netns exec marina-lbu node -r ./bench/_register.js bench/lb/userspace-serve.ts
 */
import { createInterface } from 'node:readline';
import { UserspaceBackend } from '../../services/lb/backends/userspace/proxy-backend';
import type { VipService, VipTable } from '../../services/lb/model/vip-table';

const backend = new UserspaceBackend({ clusterCidrs: [], masqueradeAll: false });
let prev: VipTable = new Map();
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    const table: VipTable = new Map((JSON.parse(line) as VipService[]).map((s) => [s.key, s]));
    try {
      await backend.sync(prev, table);
      prev = table;
      process.stdout.write(`synced ${table.size}\n`);
    } catch (err) {
      process.stdout.write(`error ${(err as Error).message}\n`);
    }
  });
}).on('close', () => void queue.then(() => backend.close()).then(() => process.exit(0)));
