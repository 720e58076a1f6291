import { spawn } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  /** Written to the command's stdin, then stdin is closed. */
  input?: string;
  /** Run inside this network namespace (`ip netns exec NS cmd ...`). */
  netns?: string;
  /** Kill the command after this long (default 30 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Run a command to completion; never throws on a non-zero exit (see runOk). */
export function run(cmd: string, args: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
  const [file, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`failed to run ${file}: ${e.message}`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (signal ? 128 + 9 : 1),
      });
    });
    child.stdin.on('error', () => undefined); // command may exit before reading input
    child.stdin.end(opts.input ?? '');
  });
}

/** Like run, but rejects with the command line and stderr when the exit code is not 0. */
export async function runOk(cmd: string, args: string[] = [], opts: RunOptions = {}): Promise<RunResult> {
  const res = await run(cmd, args, opts);
  if (res.code !== 0) {
    const where = opts.netns ? ` (netns ${opts.netns})` : '';
    throw new Error(`${cmd} ${args.join(' ')}${where} exited ${res.code}: ${res.stderr.trim() || res.stdout.trim()}`);
  }
  return res;
}
