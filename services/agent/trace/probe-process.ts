/**
 * The probe as a child that is started early and let go later: Node's start
 * (tens of ms, more on a busy host) overlaps the nftables trace's set-up,
 * and the probe sends only when go() writes its line. Bounded: killed after
 * timeoutMs whatever happens; a child never let go exits when stdin closes.
 */
import { spawn } from 'node:child_process';
import type { ExecResult } from '../../../lib/exec';

const MAX_OUTPUT = 64 * 1024;

export interface PendingProbe {
  /** Send the probe now; resolves with the child's output once it exits. */
  go(): Promise<ExecResult>;
  /** Never send it (the trace could not be set up): the child exits. */
  cancel(): void;
}

/** argv: how to run a command where the probe belongs (FROM's netns or the host's). */
export function startProbe(argv: [string, string[]], env: NodeJS.ProcessEnv, timeoutMs: number): PendingProbe {
  const [file, args] = argv;
  const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    if (stdout.length < MAX_OUTPUT) stdout += b.toString('utf8');
  });
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < MAX_OUTPUT) stderr += b.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<ExecResult>((resolve) => {
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + e.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 137, stdout, stderr });
    });
  });
  child.stdin.on('error', () => undefined); // a child that died early: its result says why
  return {
    go: () => {
      child.stdin.end('go\n');
      return exited;
    },
    cancel: () => {
      child.stdin.end();
    },
  };
}
