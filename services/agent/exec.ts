/**
 * Running external commands (ip, CNI plugins, curl, task processes) in the
 * agent's host network namespace. The agent never setns()es itself
 * (CNI pkg/ns/README.md): when it manages a namespace other than its own
 * (tests run several simulated hosts from one process) every command is
 * prefixed with `nsenter --net=/run/netns/<host>`.
 */
import { spawn } from 'node:child_process';
import { MarinaError } from '../../lib/errors';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ExecOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Where commands run: the agent's own netns, or a named host netns. */
export class HostExec {
  constructor(readonly hostNetns?: string) {}

  /** The argv to run cmd in the host netns. */
  wrap(cmd: string, args: string[]): [string, string[]] {
    if (!this.hostNetns) return [cmd, args];
    return ['nsenter', [`--net=/run/netns/${this.hostNetns}`, '--', cmd, ...args]];
  }

  /** Run to completion; never rejects on a non-zero exit. */
  run(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const [file, argv] = this.wrap(cmd, args);
    return new Promise((resolve, reject) => {
      const child = spawn(file, argv, { env: opts.env ?? process.env, stdio: 'pipe' });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new MarinaError('MARINA_ERR_EXEC', `failed to run ${cmd}: ${e.message}`, { cause: e }));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? (signal ? 137 : 1) });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input ?? '');
    });
  }

  /** Run and reject with MARINA_ERR_EXEC naming the command when it fails. */
  async ok(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const res = await this.run(cmd, args, opts);
    if (res.code !== 0) {
      throw new MarinaError('MARINA_ERR_EXEC', `${cmd} ${args.join(' ')} exited ${res.code}: ${(res.stderr || res.stdout).trim()}`);
    }
    return res;
  }

  /** `ip -batch -` with lines; `force` goes on after errors (each line reported in stderr). */
  async ipBatch(lines: string[], force = false): Promise<ExecResult> {
    if (lines.length === 0) return { stdout: '', stderr: '', code: 0 };
    const args = force ? ['-force', '-batch', '-'] : ['-batch', '-'];
    return this.run('ip', args, { input: lines.join('\n') + '\n' });
  }
}
