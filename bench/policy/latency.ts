/**
 * Change → programmed through the syncer at 1,000 policies × 10,000 task IPs
 * (run as root; netns `marina-pblat`, removed at the end), policy edits and
 * task starts interleaved, one at a time:
 *   node -r ./bench/_register.js bench/policy/latency.ts [edits=30] [handover=batch|bare]
 *
 * handover: how a policy edit reaches the syncer. `batch` (default):
 * `changed(times, [])`, as the agent hands over a batch without task changes,
 * which a syncer with incremental-policies.ts patches in; `bare`:
 * `changed(times)`, "anything may have changed", which renders the whole
 * desired table (what every policy edit did before; the only form a syncer
 * without incremental-policies.ts takes for a policy). Uses only the
 * syncer's public API, so it runs unchanged on older commits.
 */
import { execFileSync } from 'node:child_process';
import { logger } from '../../lib/log';
import type { Policy } from '../../lib/model/policy';
import { HostExec } from '../../services/agent/exec';
import { PolicySyncer, type PolicySource } from '../../services/agent/policy/syncer';
import { APPS, source } from './synthetic';

const R = 'marina-pblat';
const edits = Number(process.argv[2] ?? 30);
const handover = process.argv[3] ?? 'batch';
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Policy 5+i gets new rules: a new peer and port (one chain rewritten, maybe a new peer set). */
export function editPolicy(view: PolicySource, i: number): PolicySource {
  const ps: Policy[] = [...view.policies];
  const k = 5 + (i % 900);
  ps[k] = { ...ps[k], ingress: [{ from: { apps: [`/bench/app-${(i * 7) % APPS}`] }, ports: [{ port: 8000 + (i % 1000), protocol: 'tcp' }] }], version: new Date().toISOString() };
  return { ...view, policies: ps };
}

async function main(): Promise<void> {
  if (handover !== 'batch' && handover !== 'bare') throw new Error(`handover: ${handover} is not batch or bare`);
  execFileSync('ip', ['netns', 'add', R]);
  let view = source(1000);
  const syncer = new PolicySyncer({ exec: new HostExec(R), source: () => view, log: logger('bench'), resyncMs: 3_600_000, countersMs: 3_600_000, reportMs: 3_600_000 });
  try {
    await syncer.start();
    const policyMs: number[] = [];
    const taskMs: number[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < edits; i++) {
      view = editPolicy(view, i);
      let t0 = process.hrtime.bigint();
      await (handover === 'batch' ? syncer.changed([Date.now()], []) : syncer.changed([Date.now()]));
      policyMs.push(ms(t0));
      kinds.add(syncer.last!.kind);
      const started = { id: `new${i}`, appId: `/bench/app-${i}`, agentId: 'r', ips: [`198.19.220.${i}`], hostMode: false };
      view = { ...view, tasks: [...view.tasks, started] };
      t0 = process.hrtime.bigint();
      await syncer.changed([], [{ after: started }]);
      taskMs.push(ms(t0));
    }
    console.log(`\n| change → programmed, 1,000 policies × 10,000 IPs (${edits} each; policy edits handed over as ${handover}; sync kinds ${[...kinds].join(', ')}) | p50 ms | p99 ms |\n|---|---|---|`);
    console.log(`| policy edit | ${pct(policyMs, 50).toFixed(1)} | ${pct(policyMs, 99).toFixed(1)} |`);
    console.log(`| task start | ${pct(taskMs, 50).toFixed(1)} | ${pct(taskMs, 99).toFixed(1)} |`);
  } finally {
    await syncer.stop();
    execFileSync('ip', ['netns', 'delete', R], { stdio: 'ignore' });
  }
}

if (require.main === module) void main();
