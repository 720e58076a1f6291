/**
 * The status report's counter read-back at 1,000 policies × 10,000 task IPs
 * (run as root; netns `marina-pbst`, removed at the end):
 *   node -r ./bench/_register.js bench/policy/status.ts [runs=20]
 *
 * The syncer writes the synthetic table (synthetic.ts) into R, then the bench
 * times `syncer.reportNow()` (read the counters back, build the
 * PolicyHostStatus) and counts the bytes nft printed for it. It uses only the
 * syncer's public API, so it runs unchanged on a commit before the named
 * counters, which read them with `nft -t -j list table` (every rule).
 * Measured twice: the policy table alone in the netns, then beside the lb's
 * table for 1,000 VIPs × 3 backends (every Marina host has it): nft before
 * 1.1.1 builds its whole ruleset cache, every table, for any `list` but a
 * table's (`list counters` too). Also reported: the periodic repair's full
 * read-back (`nft -j list table`), for scale.
 */
import { execFileSync } from 'node:child_process';
import { logger } from '../../lib/log';
import { HostExec, type ExecOptions, type ExecResult } from '../../services/agent/exec';
import { PolicySyncer } from '../../services/agent/policy/syncer';
import { renderCleanup as lbCleanup, renderFull as lbRender } from '../../services/lb/backends/nftables/render';
import { syntheticTable } from '../lb/synthetic';
import { source } from './synthetic';

const R = 'marina-pbst';
const runs = Number(process.argv[2] ?? 20);
/** The lb's table as run.ts loads it: 1,000 VIPs × 3 backends. */
const LB_TABLE = lbRender(syntheticTable(1000, 3), { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false }).batch;

/** HostExec that remembers how much each nft listing printed. */
class CountingExec extends HostExec {
  listed: Array<{ args: string; bytes: number }> = [];
  override async run(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const res = await super.run(cmd, args, opts);
    if (cmd === 'nft' && args.includes('list')) this.listed.push({ args: args.join(' '), bytes: Buffer.byteLength(res.stdout) });
    return res;
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main(): Promise<void> {
  execFileSync('ip', ['netns', 'add', R]);
  const exec = new CountingExec(R);
  const syncer = new PolicySyncer({ exec, source: () => source(1000), log: logger('bench'), resyncMs: 3_600_000, countersMs: 3_600_000 });
  try {
    await syncer.start();
    const counted = syncer.applier.current!.chains.size;
    console.log(`\n| 1,000 policies × 10,000 IPs (${counted} chains) | bytes read | p50 ms | p99 ms |\n|---|---|---|---|`);
    for (const lb of [false, true]) {
      if (lb) execFileSync('ip', ['netns', 'exec', R, 'nft', '-f', '-'], { input: LB_TABLE });
      const where = lb ? ', beside the lb table' : '';
      const ms: number[] = [];
      exec.listed = [];
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        const st = await syncer.reportNow();
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (!st || Object.keys(st.policies).length !== 1000) throw new Error('no status for 1,000 policies');
      }
      const reads = exec.listed;
      exec.listed = [];
      const t0 = process.hrtime.bigint();
      await syncer.resync();
      const repairMs = Number(process.hrtime.bigint() - t0) / 1e6;
      console.log(`| status read-back (\`nft ${reads[0].args}\` + status)${where}, ${runs} runs | ${reads[0].bytes} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} |`);
      console.log(`| periodic repair (\`nft ${exec.listed[0].args}\` + diff)${where}, once | ${exec.listed[0].bytes} | ${repairMs.toFixed(0)} | |`);
    }
    execFileSync('ip', ['netns', 'exec', R, 'nft', '-f', '-'], { input: lbCleanup() });
  } finally {
    await syncer.stop();
    execFileSync('ip', ['netns', 'delete', R], { stdio: 'ignore' });
  }
}

void main();
