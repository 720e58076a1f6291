/**
 * The pure half of a policy edit at 1,000 policies × 10,000 task IPs (no
 * root, no kernel): patched (incremental-policies.ts: the chains of the apps
 * the edited policy selects) against rendered (the whole desired table, then
 * the diff), each with its delta text.
 *   node -r ./bench/_register.js bench/policy/edit.ts [edits=30]
 * The same edits through the syncer and nft: latency.ts.
 */
import { desiredTable } from '../../services/agent/policy/desired';
import { diffPolicyTables } from '../../services/agent/policy/diff';
import { patchPolicies } from '../../services/agent/policy/incremental-policies';
import { renderDelta } from '../../services/agent/policy/render';
import { editPolicy } from './latency';
import { source } from './synthetic';

const edits = Number(process.argv[2] ?? 30);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

let view = source(1000);
let table = desiredTable(view);
const times = { patched: [] as number[], rendered: [] as number[] };
for (let i = 0; i < edits; i++) {
  const next = editPolicy(view, i);
  let t0 = process.hrtime.bigint();
  const p = patchPolicies(table, new Map(view.policies.map((x) => [x.id, x])), next);
  renderDelta(p.diff);
  times.patched.push(ms(t0));
  t0 = process.hrtime.bigint();
  renderDelta(diffPolicyTables(table, desiredTable(next)));
  times.rendered.push(ms(t0));
  table = p.table;
  view = next;
}
console.log(`\n| policy edit, pure, 1,000 policies × 10,000 IPs (${edits} edits) | p50 ms | p99 ms |\n|---|---|---|`);
console.log(`| patched (patch + delta text) | ${pct(times.patched, 50).toFixed(1)} | ${pct(times.patched, 99).toFixed(1)} |`);
console.log(`| rendered (desired table + diff + delta text) | ${pct(times.rendered, 50).toFixed(1)} | ${pct(times.rendered, 99).toFixed(1)} |`);
