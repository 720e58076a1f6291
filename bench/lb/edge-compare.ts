/**
 * `npm run bench:edge`: edge-vs-peers.ts on the current tree, side by side
 * with the last recorded figures (edge-baseline.json beside this file). The
 * comparable numbers are the ratios to HAProxy measured in the same run (the
 * absolute req/s follow the machine's load). `--record` stores this run as the
 * new baseline with its date, commit and load.
 *   npm run bench:edge -- [seconds=5] [rounds=3] [--record] [--variants]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEdgeBench, table, type EdgeBenchRow } from './edge-vs-peers';

interface Recorded {
  date: string;
  commit: string;
  uptime: string;
  seconds: number;
  rounds: number;
  rows: EdgeBenchRow[];
}

const file = join(__dirname, 'edge-baseline.json');
const root = join(__dirname, '..', '..');

function commit(): string {
  try {
    return gitCommit();
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function gitCommit(): string {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }).toString().trim() !== '';
  return dirty ? `${head}+changes` : head;
}

const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const [seconds, rounds] = [Number(args[0] ?? 5), Number(args[1] ?? 3)];
  const before = execFileSync('uptime').toString().trim();
  const rows = await runEdgeBench(seconds, rounds, process.argv.includes('--variants'));
  const run: Recorded = { date: new Date().toISOString(), commit: commit(), uptime: `${before} … ${execFileSync('uptime').toString().trim()}`, seconds, rounds, rows };
  console.log(`${run.date} commit ${run.commit}\nload: ${run.uptime}\n\n${table(rows)}\n`);
  const last = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Recorded) : undefined;
  if (last) {
    console.log(`vs recorded ${last.date} (commit ${last.commit}; load: ${last.uptime}):\n`);
    console.log('| proxy | ratio now | ratio recorded | CPU ratio now | CPU ratio recorded |\n|---|---|---|---|---|');
    for (const r of rows) {
      const old = last.rows.find((o) => o.name === r.name);
      console.log(`| ${r.name} | ${fmt(r.ratio)} | ${fmt(old?.ratio)} | ${fmt(r.cpuRatio)} | ${fmt(old?.cpuRatio)} |`);
    }
  }
  if (process.argv.includes('--record')) {
    writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
    console.log(`\nrecorded in ${file}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
