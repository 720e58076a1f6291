/**
 * Running external commands (ip, CNI plugins, curl, task processes) in the
 * agent's host network namespace. The agent never setns()es itself
 * (CNI pkg/ns/README.md): when it manages a namespace other than its own
 * (tests run several simulated hosts from one process) every command is
 * prefixed with `nsenter --net=/run/netns/<host>`.
 */
import { writeFile } from 'node:fs/promises';
import { MarinaError } from '../../lib/errors';
import { exec, execArgv, execOk, type ExecOptions as LibExecOptions, type ExecResult } from '../../lib/exec';

export type { ExecResult } from '../../lib/exec';

/** Per-call options (the host netns is the HostExec's own). */
export type ExecOptions = Pick<LibExecOptions, 'input' | 'env' | 'timeoutMs'>;

/** Where commands run: the agent's own netns, or a named host netns. */
export class HostExec {
  constructor(readonly hostNetns?: string) {}

  /** The argv to run cmd in the host netns. */
  wrap(cmd: string, args: string[]): [string, string[]] {
    return execArgv(cmd, args, { netns: this.hostNetns, enter: 'nsenter' });
  }

  /** Run to completion; never rejects on a non-zero exit. */
  run(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return exec(cmd, args, { ...opts, netns: this.hostNetns, enter: 'nsenter' });
  }

  /** Run and reject with MARINA_ERR_EXEC naming the command (and host netns) when it fails. */
  ok(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return execOk(cmd, args, { ...opts, netns: this.hostNetns, enter: 'nsenter' });
  }

  /**
   * Set `key=value` sysctls in the host netns: written to /proc/sys directly
   * when that is the agent's own netns (no exec), else `sysctl -qw` through
   * nsenter. Rejects with MARINA_ERR_EXEC naming the setting.
   */
  async sysctl(settings: string[]): Promise<void> {
    if (settings.length === 0) return;
    if (this.hostNetns) {
      await this.ok('sysctl', ['-qw', ...settings]);
      return;
    }
    await Promise.all(
      settings.map(async (kv) => {
        const [key, value] = splitSetting(kv);
        try {
          await writeFile(sysctlPath(key), value);
        } catch (e) {
          throw new MarinaError('MARINA_ERR_EXEC', `sysctl ${kv}: ${(e as Error).message}`, { cause: e });
        }
      }),
    );
  }

  /** `ip -batch -` with lines; `force` goes on after errors (each line reported in stderr). */
  async ipBatch(lines: string[], force = false): Promise<ExecResult> {
    if (lines.length === 0) return { stdout: '', stderr: '', code: 0 };
    const args = force ? ['-force', '-batch', '-'] : ['-batch', '-'];
    return this.run('ip', args, { input: lines.join('\n') + '\n' });
  }
}

function splitSetting(kv: string): [string, string] {
  const eq = kv.indexOf('=');
  if (eq <= 0) throw new MarinaError('MARINA_ERR_EXEC', `sysctl ${JSON.stringify(kv)}: expected key=value`);
  return [kv.slice(0, eq), kv.slice(eq + 1)];
}

/** /proc/sys path of a dotted key; an interface name inside net.*.conf|neigh.<if>.<param> may itself contain dots. */
export function sysctlPath(key: string): string {
  const parts = key.split('.');
  if (parts[0] === 'net' && (parts[2] === 'conf' || parts[2] === 'neigh') && parts.length > 5) {
    return `/proc/sys/${parts.slice(0, 3).join('/')}/${parts.slice(3, -1).join('.')}/${parts[parts.length - 1]}`;
  }
  return `/proc/sys/${parts.join('/')}`;
}
