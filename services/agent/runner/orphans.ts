/**
 * Task processes of one agent found on the host by what they are, not by a
 * record: the runner's wrapper (runner.ts isTaskWrapper) whose working
 * directory, its sandbox, is under `<data dir>/sandboxes/` in a directory
 * named with this agent's netns prefix. A task that outlived its record, or
 * one started just before the agent died and before its pid was recorded, is
 * found this way (by `--cleanup` and by recovery at start) wherever it runs:
 * host-mode tasks share the host's netns, so no netns sweep finds them.
 * Nothing else matches: an operator's shell in a sandbox is no wrapper, and
 * another agent's tasks have another data dir or prefix.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { isTaskWrapper, procStartTime } from './runner';

export interface FoundTask {
  pid: number;
  startTime: string;
  /** The wrapper's cwd: the task's sandbox (a pod container's, below the task's). */
  sandbox: string;
}

/** Wrappers of tasks under dataDir whose sandbox name starts with prefix (netnsPrefix(agentId)). */
export function findTaskProcesses(dataDir: string, prefix: string): FoundTask[] {
  const base = join(resolve(dataDir), 'sandboxes');
  // the kernel reports cwd with symlinks resolved (a data dir under a symlinked /tmp)
  const roots = [...new Set([base, existsSync(base) ? realpathSync(base) : base])];
  const out: FoundTask[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let argv: string[];
    let cwd: string;
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
    } catch {
      continue; // gone, or a kernel thread
    }
    if (!isTaskWrapper(argv)) continue;
    const root = roots.find((r) => cwd.startsWith(r + sep));
    if (!root || !cwd.slice(root.length + 1).startsWith(prefix)) continue;
    const startTime = procStartTime(pid);
    if (startTime) out.push({ pid, startTime, sandbox: cwd });
  }
  return out;
}
