/**
 * Policy edit → programmed at 1,000 policies × 10,000 task IPs, the two ways
 * a syncer can take it, interleaved (run as root; netns `marina-pbed`,
 * removed at the end):
 *   node -r ./bench/_register.js bench/policy/edit.ts [edits=30]
 *
 *   patched   `changed(times, [])`: the agent's policy batch (no task changes);
 *             only the chains of the apps the edited policy selects are
 *             recomputed (incremental-policies.ts)
 *   rendered  `changed(times)`: "anything may have changed", the whole desired
 *             table rendered and diffed (what every policy edit did before)
 *
 * Each edit replaces one policy's rules (a new peer, a new port): one chain
 * rewritten, one peer set possibly new. Also the pure half alone (no nft).
 */
import { execFileSync } from 'node:child_process';
import { logger } from '../../lib/log';
import type { Policy } from '../../lib/model/policy';
import { HostExec } from '../../services/agent/exec';
import { desiredTable } from '../../services/agent/policy/desired';
import { diffPolicyTables } from '../../services/agent/policy/diff';
import { patchPolicies } from '../../services/agent/policy/incremental-policies';
import { renderDelta } from '../../services/agent/policy/render';
import { PolicySyncer, type PolicySource } from '../../services/agent/policy/syncer';
import { APPS, source } from './synthetic';

const R = 'marina-pbed';
const edits = Number(process.argv[2] ?? 30);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

function edit(view: PolicySource, i: number): PolicySource {
  const ps: Policy[] = [...view.policies];
  const k = 5 + (i % 900);
  ps[k] = { ...ps[k], ingress: [{ from: { apps: [`/bench/app-${(i * 7) % APPS}`] }, ports: [{ port: 8000 + (i % 1000), protocol: 'tcp' }] }], version: new Date().toISOString() };
  return { ...view, policies: ps };
}

async function main(): Promise<void> {
  execFileSync('ip', ['netns', 'add', R]);
  let view = source(1000);
  const syncer = new PolicySyncer({ exec: new HostExec(R), source: () => view, log: logger('bench'), resyncMs: 3_600_000, countersMs: 3_600_000, reportMs: 3_600_000 });
  try {
    await syncer.start();
    const times = { patched: [] as number[], rendered: [] as number[] };
    const kinds = new Set<string>();
    for (let i = 0; i < edits * 2; i++) {
      view = edit(view, i);
      const patched = i % 2 === 0;
      const t0 = process.hrtime.bigint();
      await (patched ? syncer.changed([Date.now()], []) : syncer.changed([Date.now()]));
      (patched ? times.patched : times.rendered).push(ms(t0));
      kinds.add(syncer.last!.kind);
    }
    // the pure half: patch + delta text, against render + diff + delta text
    const pure = { patched: [] as number[], rendered: [] as number[] };
    let table = desiredTable(view);
    for (let i = 0; i < edits; i++) {
      const next = edit(view, 1000 + i);
      let t0 = process.hrtime.bigint();
      const p = patchPolicies(table, new Map(view.policies.map((x) => [x.id, x])), next);
      renderDelta(p.diff);
      pure.patched.push(ms(t0));
      t0 = process.hrtime.bigint();
      renderDelta(diffPolicyTables(table, desiredTable(next)));
      pure.rendered.push(ms(t0));
      table = p.table;
      view = next;
    }
    console.log(`\n| policy edit, 1,000 policies × 10,000 IPs (${edits} each, interleaved; sync kinds: ${[...kinds].join(', ')}) | p50 ms | p99 ms |\n|---|---|---|`);
    console.log(`| patched (incremental-policies.ts) → programmed | ${pct(times.patched, 50).toFixed(1)} | ${pct(times.patched, 99).toFixed(1)} |`);
    console.log(`| rendered (desired table + diff) → programmed | ${pct(times.rendered, 50).toFixed(1)} | ${pct(times.rendered, 99).toFixed(1)} |`);
    console.log(`| patched, pure (patch + delta text) | ${pct(pure.patched, 50).toFixed(1)} | ${pct(pure.patched, 99).toFixed(1)} |`);
    console.log(`| rendered, pure (desired + diff + delta text) | ${pct(pure.rendered, 50).toFixed(1)} | ${pct(pure.rendered, 99).toFixed(1)} |`);
  } finally {
    await syncer.stop();
    execFileSync('ip', ['netns', 'delete', R], { stdio: 'ignore' });
  }
}

void main();
