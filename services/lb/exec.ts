/**
 * Running the kernel tools (nft, iptables-restore, conntrack) with input on
 * stdin: lib/exec.ts with lb's defaults (60 s timeout, `timeoutMs: null` for
 * none; errors keep the first
 * 6 lines of the tool's message, joined with ' | ', since a failed batch can
 * print hundreds of lines).
 */
import { exec, execOk as libExecOk, type ExecResult } from '../../lib/exec';

export type { ExecResult } from '../../lib/exec';

/** Options of the lb tool runners. */
export interface ToolOptions {
  input?: string;
  netns?: string;
  /** Default 60 s; `null`: no timeout (see lib/exec.ts). */
  timeoutMs?: number | null;
}

/** Run cmd (inside netns when given); resolves with the exit code, rejects only when it cannot start. */
export function execTool(cmd: string, args: string[], opts: ToolOptions = {}): Promise<ExecResult> {
  return exec(cmd, args, { ...opts, timeoutMs: opts.timeoutMs === undefined ? 60_000 : opts.timeoutMs });
}

/** Like execTool but a non-zero exit rejects with MARINA_ERR_EXEC and the tool's message. */
export function execOk(cmd: string, args: string[], opts: ToolOptions = {}): Promise<ExecResult> {
  return libExecOk(cmd, args, { ...opts, timeoutMs: opts.timeoutMs === undefined ? 60_000 : opts.timeoutMs, maxErrorLines: 6 });
}
