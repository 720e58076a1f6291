/**
 * Task processes, as the Mesos containerizer runs them: `/bin/sh -c cmd`
 * inside the task's netns (`ip netns exec`, which also bind-mounts
 * /etc/netns/<ns>/resolv.conf) in new UTS, mount and pid namespaces, in its
 * own session so a signal reaches the whole process group, with
 * stdout/stderr appended to files in the data dir. The process does not
 * depend on the agent: it survives an agent restart and is re-adopted by
 * pid + start time.
 *
 * pid namespace: `unshare --pid --fork --mount-proc` with `tini` as the
 * namespace's init (what `docker run --init` does). The first process of a
 * pid namespace ignores every signal it has no handler for, SIGTERM included
 * (pid_namespaces(7)), so a plain `sh -c` there would turn each graceful stop
 * into a SIGKILL; tini forwards SIGTERM to the task's process group (-g) and
 * reaps orphans. The stop signals the session's process group, i.e. unshare
 * (which ignores SIGTERM while it waits for its child) and tini; the SIGKILL
 * after the grace period kills unshare, and --kill-child=SIGKILL then takes
 * tini and with it the whole pid namespace down.
 *
 * Exit status: a small `sh` wrapper (the spawned process, root) runs the
 * chain, then writes its status to `<sandbox>.exit_status`, beside the
 * sandbox rather than in it: the sandbox belongs to the task's user, who
 * could plant a symlink there for root to write through. An agent that
 * restarted is not the task's parent and cannot wait for it; it reads the
 * file instead, so a task that ended while no agent watched is still
 * reported FINISHED or FAILED with its status. The wrapper traps TERM and
 * INT (a handler, reset for its children on exec) so that a graceful stop
 * lets it record the command's status.
 *
 * User: the chain drops to the task's user (task-user.ts) right before
 * tini, after every step that needs root; the wrapper spawns with the
 * sandbox as cwd, so the task starts there even when a parent directory of
 * the data dir is closed to its user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, fchownSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostExec } from '../exec';
import { dropPrivileges, prepareSandbox, type TaskUser } from './task-user';

export interface StartSpec {
  taskId: string;
  cmd: string;
  env: Record<string, string>;
  /** Task netns; undefined = the host netns (host mode). */
  netns?: string;
  exec: HostExec;
  /** Directory for stdout/stderr files, and the task's cwd; owned by user. */
  sandbox: string;
  /** Who the task runs as (resolveTaskUser); root keeps root's capabilities. */
  user: TaskUser;
  /** A parent of the sandbox closed to user (task-user.ts closedAncestor): covered in the task's mount namespace. */
  closedAncestor?: string;
  /** Run in its own pid namespace under tini (default true; needs TINI). */
  pidNamespace?: boolean;
  /** Host mode: the resolv.conf to bind over /etc/resolv.conf (task netns get theirs from `ip netns exec`). */
  resolvConf?: string;
}

/** Where the wrapper records the task's exit status: beside its sandbox, where the task's user cannot write. */
export function exitStatusPath(sandbox: string): string {
  return `${sandbox}.exit_status`;
}
const WRAPPER = 'status=$1; shift; trap : TERM INT; "$@"; rc=$?; echo "$rc" > "$status"; exit "$rc"';
/** argv[0] of the wrapper's script ($0): with WRAPPER it names a task process in ps and /proc (orphans.ts). */
const WRAPPER_NAME = 'marina-task';

/** True when argv is a task wrapper as startTask spawns it (`/bin/sh -c WRAPPER marina-task <status file> …`). */
export function isTaskWrapper(argv: readonly string[]): boolean {
  return argv[0] === '/bin/sh' && argv[1] === '-c' && argv[2] === WRAPPER && argv[3] === WRAPPER_NAME;
}

/** The init of task pid namespaces (Debian package tini). */
export const TINI = '/usr/bin/tini';

/** True when tasks can get a pid namespace on this host (tini installed). */
export function pidNamespaceAvailable(): boolean {
  return existsSync(TINI);
}

export interface TaskProcess {
  pid: number;
  startTime: string;
  stdoutPath: string;
  stderrPath: string;
  /** Resolves with the exit code (or 128+signal) when it ends. */
  exited: Promise<number>;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or '' if the process is gone. */
export function procStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** True while pid runs and is the same process (same start time). Zombies count as gone. */
export function isAlive(pid: number, startTime: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[19] === startTime;
  } catch {
    return false;
  }
}

/**
 * Host mode has no `ip netns exec` to bind the task's resolv.conf: its own
 * mount namespace (unshare --mount, private propagation) binds it over
 * /etc/resolv.conf before the rest of the chain is exec'd. A host without
 * /etc/resolv.conf still runs the task (the failure goes to its stderr).
 */
const BIND_RESOLV = 'mount --bind "$0" /etc/resolv.conf || echo "marina: cannot bind $0 over /etc/resolv.conf; the host resolver applies" >&2; exec "$@"';

/**
 * A sandbox below a directory closed to the task's user (a data dir under
 * /root, a 0700 temp dir) is reachable by path all the same in the task's
 * own mount namespace: the sandbox is held open (fd 3), a tmpfs covers the
 * closed directory (whose contents the user could not reach anyway), the
 * sandbox's path is made again inside it and the sandbox bound there from
 * the fd — the same path, so MESOS_SANDBOX and the cwd stay as they are.
 * Args: $0 the sandbox, $1 the closed directory. A failure leaves the task
 * running from its cwd, saying so on its stderr.
 */
const EXPOSE_SANDBOX = 'exec 3<"$0"; { mount -t tmpfs -o mode=0711,size=64k marina-sandbox "$1" && mkdir -p "$0" && mount --no-canonicalize --bind /proc/self/fd/3 "$0" && cd "$0"; } || echo "marina: cannot expose the sandbox under $1; the task reaches it through its cwd only" >&2; exec 3<&-; shift; exec "$@"';

function argv(spec: StartSpec): [string, string[]] {
  const pid = spec.pidNamespace ?? true;
  const bind = !spec.netns && spec.resolvConf ? ['/bin/sh', '-c', BIND_RESOLV, spec.resolvConf] : [];
  const expose = spec.closedAncestor && spec.user.uid !== 0 ? ['/bin/sh', '-c', EXPOSE_SANDBOX, spec.sandbox, spec.closedAncestor] : [];
  const mount = (bind.length || expose.length) && !pid ? ['--mount'] : []; // --mount-proc implies --mount
  const drop = dropPrivileges(spec.user);
  const chain = pid
    ? ['unshare', '--uts', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', ...bind, ...expose, ...drop, TINI, '-g', '--', '/bin/sh', '-c', spec.cmd]
    : ['unshare', '--uts', ...mount, ...bind, ...expose, ...drop, '/bin/sh', '-c', spec.cmd];
  const inner = ['/bin/sh', '-c', WRAPPER, WRAPPER_NAME, exitStatusPath(spec.sandbox), ...chain];
  if (spec.netns) return ['ip', ['netns', 'exec', spec.netns, ...inner]];
  return spec.exec.wrap(inner[0], inner.slice(1));
}

/** Start the task; resolves once it has a pid. */
export function startTask(spec: StartSpec): TaskProcess {
  prepareSandbox(spec.sandbox, spec.user);
  rmSync(exitStatusPath(spec.sandbox), { force: true });
  const stdoutPath = join(spec.sandbox, 'stdout');
  const stderrPath = join(spec.sandbox, 'stderr');
  const out = openOutput(stdoutPath, spec.user);
  const err = openOutput(stderrPath, spec.user);
  const [file, args] = argv(spec);
  let child: ChildProcess;
  try {
    child = spawn(file, args, { env: spec.env, stdio: ['ignore', out, err], detached: true, cwd: spec.sandbox });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 9)));
  });
  child.unref();
  const pid = child.pid ?? 0;
  return { pid, startTime: procStartTime(pid), stdoutPath, stderrPath, exited };
}

/** stdout/stderr, appended to, owned by the task's user (as Mesos chowns the sandbox); never through a symlink. */
function openOutput(path: string, user: TaskUser): number {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o640);
  fchownSync(fd, user.uid, user.gid);
  return fd;
}

/** The exit status the wrapper recorded for a sandbox, or undefined (still running, or killed with SIGKILL). */
export function recordedExitStatus(sandbox: string): number | undefined {
  try {
    const n = Number(readFileSync(exitStatusPath(sandbox), 'utf8').trim());
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Watch an adopted process (not our child) until it is gone; its recorded exit status, else -1 (unknown). */
export function watchAdopted(pid: number, startTime: string, sandbox: string | undefined, pollMs = 500): { exited: Promise<number>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<number>((resolve) => {
    timer = setInterval(() => {
      if (!isAlive(pid, startTime)) {
        clearInterval(timer);
        resolve((sandbox === undefined ? undefined : recordedExitStatus(sandbox)) ?? -1);
      }
    }, pollMs);
    timer.unref();
  });
  return { exited, cancel: () => clearInterval(timer) };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM the task's process group, wait graceMs, then SIGKILL; resolves when it is gone. */
export async function stopTask(pid: number, startTime: string, graceMs: number): Promise<'exited' | 'killed'> {
  if (!isAlive(pid, startTime)) return 'exited';
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    if (!isAlive(pid, startTime)) return 'exited';
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 200 && isAlive(pid, startTime); i++) await new Promise((r) => setTimeout(r, 10));
  return 'killed';
}

function signalNumber(signal: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6 };
  return table[signal] ?? 1;
}
