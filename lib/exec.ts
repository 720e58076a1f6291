/**
 * Running external commands (ip, nft, iptables-restore, conntrack, CNI
 * plugins, test tools): one spawn with args, optional stdin input, optional
 * network namespace and a timeout. Exec failures become MARINA_ERR_EXEC here,
 * where they enter Marina (STYLE.md §2.12). Marina never setns()es its own
 * process (CNI pkg/ns/README.md): in-namespace work runs in a short-lived
 * child (`ip netns exec` or `nsenter`).
 */
import { spawn } from 'node:child_process';
import { MarinaError } from './errors';

/** What a finished command left behind; `code` is 137 when it was killed by a signal (timeout). */
export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** How to run a command. */
export interface ExecOptions {
  /** Written to the command's stdin, then stdin is closed. */
  input?: string;
  /** Run inside this named network namespace (/run/netns/<netns>). */
  netns?: string;
  /**
   * How to enter `netns`: `ip` (`ip netns exec`, the default: also mounts a
   * fresh /sys and the /etc/netns/<netns>/ files such as resolv.conf) or
   * `nsenter` (`nsenter --net=/run/netns/<netns>`: network namespace only,
   * cheaper; what the agent uses for its simulated hosts).
   */
  enter?: 'ip' | 'nsenter';
  /**
   * Kill the command (SIGKILL) after this long; default 30 s. `null`: never
   * (a transaction that must not be cut off half-way, e.g. a large
   * iptables-restore; the caller logs its duration instead).
   */
  timeoutMs?: number | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Options of execOk: ExecOptions plus how much of the tool's output goes into the error. */
export interface ExecOkOptions extends ExecOptions {
  /** Keep only the first N lines of stderr/stdout in the error, joined with ' | ' (default: all of it). */
  maxErrorLines?: number;
}

/** The argv that runs cmd inside opts.netns (or cmd itself without one). */
export function execArgv(cmd: string, args: string[], opts: Pick<ExecOptions, 'netns' | 'enter'> = {}): [string, string[]] {
  if (!opts.netns) return [cmd, args];
  if (opts.enter === 'nsenter') return ['nsenter', [`--net=/run/netns/${opts.netns}`, '--', cmd, ...args]];
  return ['ip', ['netns', 'exec', opts.netns, cmd, ...args]];
}

/** Run a command to completion; resolves with its exit code, rejects (MARINA_ERR_EXEC) only when it cannot start. */
export function exec(cmd: string, args: string[] = [], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, argv] = execArgv(cmd, args, opts);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = opts.timeoutMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new MarinaError('MARINA_ERR_EXEC', `failed to run ${cmd}: ${e.message}`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (signal ? 137 : 1),
      });
    });
    child.stdin.on('error', () => undefined); // the command may exit before reading its input
    child.stdin.end(opts.input ?? '');
  });
}

/** Like exec, but a non-zero exit rejects with MARINA_ERR_EXEC "<cmd args> (netns X) exited N: <stderr or stdout>". */
export async function execOk(cmd: string, args: string[] = [], opts: ExecOkOptions = {}): Promise<ExecResult> {
  const res = await exec(cmd, args, opts);
  if (res.code !== 0) throw execError(cmd, args, res, opts);
  return res;
}

/** The MARINA_ERR_EXEC for a command that exited non-zero (for callers that look at the result first). */
export function execError(cmd: string, args: string[], res: ExecResult, opts: Pick<ExecOkOptions, 'netns' | 'maxErrorLines'> = {}): MarinaError {
  const where = opts.netns ? ` (netns ${opts.netns})` : '';
  let detail = res.stderr.trim() || res.stdout.trim();
  if (opts.maxErrorLines !== undefined) detail = detail.split('\n').slice(0, opts.maxErrorLines).join(' | ');
  return new MarinaError('MARINA_ERR_EXEC', `${cmd} ${args.join(' ')}${where} exited ${res.code}: ${detail}`);
}
