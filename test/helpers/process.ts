/**
 * spawnMarina: run the built CLI (`node bin/marina.js ...`, Node 24 from
 * node_modules) as a real process, logging to a temp file; always cleaned up.
 * Run `tsc` (npm test does) before tests that use it: bin/ loads dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { isRunning, terminate, track, trackDir, waitUntil } from './_children';

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Where to write the log (default: a new temp dir). */
  logFile?: string;
  /**
   * Run inside this network namespace. `nsenter --net` rather than
   * `ip netns exec`: the latter also gives the child a private mount
   * namespace, so network namespaces the child creates (the agent's tasks)
   * would be invisible outside it.
   */
  netns?: string;
  /**
   * Run with this hostname, in a UTS namespace of its own (`unshare --uts`):
   * the agent's default id, without touching the machine's hostname.
   */
  hostname?: string;
}

export interface MarinaProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** stdout+stderr so far. */
  output(): string;
  running(): boolean;
  /** Poll url until it answers with a status < 500 (or `ok` says yes). */
  waitForHttp(url: string, opts?: { timeoutMs?: number; ok?: (res: Response) => boolean }): Promise<void>;
  /** Resolve when the output contains text (or matches a pattern). */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after graceMs (default 5 s); resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string | null>;
  kill(): Promise<void>;
}

const all = new Set<MarinaProcess>();

/** The Node 24 binary the project pins (node_modules/.bin/node). */
export function nodeBinary(): string {
  const bin = join(repoRoot(), 'node_modules', '.bin', 'node');
  return existsSync(bin) ? bin : process.execPath;
}

export function spawnMarina(args: string[], opts: SpawnOptions = {}): MarinaProcess {
  const root = repoRoot();
  const entry = join(root, 'bin', 'marina.js');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `bash deploy/setup.sh` or `tsc -p tsconfig.build.json` (npm test does) before spawning marina');
  }
  let logFile = opts.logFile;
  if (logFile === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'marina-proc-'));
    // Removed when the test process exits; set MARINA_KEEP_TEST_LOGS=1 to keep it.
    if (!process.env.MARINA_KEEP_TEST_LOGS) trackDir(dir);
    logFile = join(dir, 'marina.log');
  }
  const out = createWriteStream(logFile, { flags: 'a' });
  const argv = [entry, ...args];
  const [inner, innerArgs] = opts.netns ? ['nsenter', [`--net=/run/netns/${opts.netns}`, nodeBinary(), ...argv]] : [nodeBinary(), argv];
  // sh execs the command, so the pid (and the signals sent to it) are marina's
  const [file, fullArgs] = opts.hostname ? ['unshare', ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', opts.hostname, inner, ...innerArgs]] : [inner, innerArgs];
  const child = spawn(file, fullArgs, {
    cwd: opts.cwd ?? root,
    env: { ...process.env, MARINA_LOG_LEVEL: process.env.MARINA_LOG_LEVEL ?? 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  track(child);
  const output = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let closed = false;
  child.once('close', () => (closed = true));
  /** Wait until the child's stdio is drained, then flush the log file. */
  const finishLog = async () => {
    if (!closed) await new Promise<void>((resolve) => child.once('close', () => resolve()));
    await new Promise<void>((resolve) => out.end(() => resolve()));
  };
  const assertAlive = () => {
    if (!isRunning(child)) throw new Error(`marina ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}); output:\n${output()}`);
  };
  const handle: MarinaProcess = {
    pid: child.pid ?? 0,
    child,
    logFile,
    output,
    running: () => isRunning(child),
    waitForHttp: (url, o = {}) =>
      waitUntil(`${url} (marina ${args.join(' ')})`, async () => {
        assertAlive();
        const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        return o.ok ? o.ok(res) : res.status < 500;
      }, o.timeoutMs ?? 15_000),
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      waitUntil(`output ${String(pattern)}`, async () => {
        const text = output();
        if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return true;
        assertAlive();
        return false;
      }, timeoutMs),
    stop: async (graceMs = 5_000) => {
      await terminate(child, 'SIGTERM', graceMs);
      all.delete(handle);
      await finishLog();
      return child.exitCode ?? child.signalCode;
    },
    kill: async () => {
      await terminate(child, 'SIGKILL');
      all.delete(handle);
      await finishLog();
    },
  };
  all.add(handle);
  return handle;
}

/** Stop every marina process started by this module (call from afterAll/afterEach). */
export async function stopAllMarina(): Promise<void> {
  await Promise.all([...all].map((p) => p.stop()));
}
