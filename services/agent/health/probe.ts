/**
 * One probe of one Marathon health check. Probes run as short-lived children
 * in the right netns (CNI pkg/ns/README: never setns the agent):
 *  - MESOS_HTTP/MESOS_HTTPS/MESOS_TCP and COMMAND run inside the task's
 *    netns against 127.0.0.1:<container port>, as Mesos does;
 *  - HTTP/HTTPS/TCP run from the host netns against the address clients use
 *    (agent IP + host port, or the container IP on a virtual network), as
 *    Marathon does from outside.
 * HTTP passes on 200-399 (1xx too when ignoreHttp1xx).
 * COMMAND runs the app's command, so it runs as the task does: as the
 * task's user (setpriv, runner/task-user.ts) with the task's env only. The
 * other probes are the agent's own commands: the agent's env, never the
 * app's (an app's LD_PRELOAD or http_proxy must not steer a root curl).
 */
import type { HealthCheck } from '../../../lib/model/app';
import { HostExec } from '../exec';
import { dropPrivileges, type TaskUser } from '../runner/task-user';

const plain = new HostExec();

export interface ProbeTarget {
  /** Netns the probe runs in (undefined = host netns via exec). */
  netns?: string;
  host: string;
  port?: number;
}

export interface ProbeOutcome {
  ok: boolean;
  cause?: string;
}

function inNetns(target: ProbeTarget, exec: HostExec, cmd: string, args: string[]): [string, string[]] {
  if (target.netns) return ['ip', ['netns', 'exec', target.netns, cmd, ...args]];
  return exec.wrap(cmd, args);
}

/** The command line for a probe (pure, for tests). */
export function probeArgv(hc: HealthCheck, target: ProbeTarget, exec: HostExec, user: TaskUser): [string, string[]] {
  const timeout = String(Math.max(1, hc.timeoutSeconds));
  const hostPort = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  switch (hc.protocol) {
    case 'HTTP':
    case 'HTTPS':
    case 'MESOS_HTTP':
    case 'MESOS_HTTPS': {
      const scheme = hc.protocol.endsWith('HTTPS') ? 'https' : 'http';
      const url = `${scheme}://${hostPort}${hc.path ?? '/'}`;
      return inNetns(target, exec, 'curl', ['-s', '-k', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', timeout, url]);
    }
    case 'TCP':
    case 'MESOS_TCP':
      return inNetns(target, exec, 'timeout', [timeout, 'bash', '-c', `exec 3<>/dev/tcp/${target.host}/${target.port}`]);
    case 'COMMAND':
      return inNetns(target, exec, 'timeout', [timeout, ...dropPrivileges(user), '/bin/sh', '-c', hc.command?.value ?? 'false']);
  }
}

/** Judge a finished probe. */
export function judge(hc: HealthCheck, code: number, stdout: string): ProbeOutcome {
  if (hc.protocol.includes('HTTP')) {
    const status = Number(stdout.trim());
    if (code !== 0 || !Number.isFinite(status) || status === 0) return { ok: false, cause: `connection failed (curl exit ${code})` };
    if ((status >= 200 && status <= 399) || (hc.ignoreHttp1xx && status >= 100 && status < 200)) return { ok: true };
    return { ok: false, cause: `HTTP status ${status}` };
  }
  if (code === 0) return { ok: true };
  return { ok: false, cause: code === 124 ? `timed out after ${hc.timeoutSeconds}s` : `exit status ${code}` };
}

/** Run one probe. */
export async function probe(hc: HealthCheck, target: ProbeTarget, exec: HostExec, env: Record<string, string>, user: TaskUser): Promise<ProbeOutcome> {
  const [file, args] = probeArgv(hc, target, exec, user);
  const res = await plain.run(file, args, { env: hc.protocol === 'COMMAND' ? env : process.env, timeoutMs: (hc.timeoutSeconds + 2) * 1000 });
  return judge(hc, res.code, res.stdout);
}
