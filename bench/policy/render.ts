/**
 * The pure half of a policy sync at scale: desired table + full nft text for
 * 1,000 policies × 10,000 task IPs, the diff of one task start, and the
 * same start patched in (incremental.ts, what the agent does).
 *   node -r ./bench/_register.js bench/policy/render.ts [runs=5]
 */
import { desiredTable } from '../../services/agent/policy/desired';
import { diffPolicyTables } from '../../services/agent/policy/diff';
import { patchTasks } from '../../services/agent/policy/incremental';
import { renderDelta, renderFull } from '../../services/agent/policy/render';
import { source } from './synthetic';

const runs = Number(process.argv[2] ?? 5);
const src = source(1000);
const times = { desired: [] as number[], full: [] as number[], delta: [] as number[], patch: [] as number[] };
for (let r = 0; r < runs; r++) {
  let t0 = performance.now();
  const d = desiredTable(src);
  times.desired.push(performance.now() - t0);
  t0 = performance.now();
  renderFull(d);
  times.full.push(performance.now() - t0);
  const next = desiredTable({ ...src, tasks: [...src.tasks, { id: 'n', appId: '/bench/app-1', agentId: 'r', ips: ['198.19.230.1'], hostMode: false }] });
  t0 = performance.now();
  renderDelta(diffPolicyTables(d, next));
  times.delta.push(performance.now() - t0);
  const started = { id: 'p', appId: '/bench/app-2', agentId: 'r', ips: ['198.19.230.2'], hostMode: false };
  t0 = performance.now();
  const p = patchTasks(d, { agentId: 'r', policies: src.policies, apps: new Map(src.apps.map((a) => [a.id, a])), tasks: [...src.tasks, started] }, [{ after: started }]);
  renderDelta(p!.diff);
  times.patch.push(performance.now() - t0);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
console.log(`desired table ${med(times.desired)} ms, full text ${med(times.full)} ms, diff + delta text ${med(times.delta)} ms, task start patched + delta text ${med(times.patch)} ms (median of ${runs})`);
