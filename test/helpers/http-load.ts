/** Drive test/helpers/http-load-loop.mjs (bounded sequential HTTP load) inside a netns; always stopped. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { terminate, track, trackDir } from './_children';
import { nodeBinary } from './process';
import { until } from './until';

export interface LoadStats {
  ok: number;
  failed: number;
  errors: Record<string, number>;
  firstFailureAt: string | null;
  lastFailureAt: string | null;
  done: boolean;
}

export interface HttpLoad {
  stats(): LoadStats;
  /** Stop the loop and return its final totals. */
  stop(): Promise<LoadStats>;
}

/** Start a loop of sequential requests to url from inside netns (bounded by maxRequests and maxSeconds). */
export function startHttpLoad(netns: string, url: string, opts: { maxRequests?: number; maxSeconds?: number } = {}): HttpLoad {
  const dir = mkdtempSync(join(tmpdir(), 'marina-load-'));
  trackDir(dir);
  const statusFile = join(dir, 'status.json');
  const stopFile = join(dir, 'stop');
  const script = join(repoRoot(), 'test', 'helpers', 'http-load-loop.mjs');
  const child = spawn('ip', ['netns', 'exec', netns, nodeBinary(), script, url, statusFile, stopFile, String(opts.maxRequests ?? 50_000), String(opts.maxSeconds ?? 300)], { stdio: 'ignore' });
  track(child);
  const read = (): LoadStats => (existsSync(statusFile) ? (JSON.parse(readFileSync(statusFile, 'utf8')) as LoadStats) : { ok: 0, failed: 0, errors: {}, firstFailureAt: null, lastFailureAt: null, done: false });
  return {
    stats: read,
    stop: async () => {
      writeFileSync(stopFile, '');
      const final = await until('the load loop to finish', () => (read().done ? read() : undefined), 30_000).catch(() => read());
      await terminate(child);
      return final;
    },
  };
}
