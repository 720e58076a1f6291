/**
 * Running the kernel tools (nft, iptables-restore, conntrack) with input on
 * stdin; failures become MARINA_ERR_EXEC naming the command (mapped once, here).
 */
import { spawn } from 'node:child_process';
import { MarinaError } from '../../lib/errors';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run cmd (inside netns when given); resolves with the exit code, rejects only when it cannot start. */
export function execTool(cmd: string, args: string[], opts: { input?: string; netns?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const [file, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new MarinaError('MARINA_ERR_EXEC', `failed to run ${cmd}: ${e.message}`, { cause: e }));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? 137 });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Like execTool but a non-zero exit rejects with MARINA_ERR_EXEC and the tool's message. */
export async function execOk(cmd: string, args: string[], opts: { input?: string; netns?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const res = await execTool(cmd, args, opts);
  if (res.code !== 0) {
    const msg = (res.stderr || res.stdout).trim().split('\n').slice(0, 6).join(' | ');
    throw new MarinaError('MARINA_ERR_EXEC', `${cmd} ${args.join(' ')} exited ${res.code}: ${msg}`);
  }
  return res;
}
