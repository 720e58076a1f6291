/**
 * What tests ask /proc about processes: which live under a directory (task
 * sandboxes: their cwd), whose children they are, which pid namespace they
 * are in. Read-only; gone processes are skipped.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function pids(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

/** State and parent pid from /proc/<pid>/stat, or undefined if gone. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: f[0]!, ppid: Number(f[1]) };
  } catch {
    return undefined;
  }
}

/** Pids of live processes whose working directory is under dir. */
export function processesUnder(dir: string): number[] {
  return pids().filter((p) => {
    try {
      return readlinkSync(`/proc/${p}/cwd`).startsWith(dir);
    } catch {
      return false;
    }
  });
}

/** The command line of pid (for messages), or '' if it is gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Live (not zombie) children of pid. */
export function childrenOf(pid: number): number[] {
  return pids().filter((p) => {
    const s = stat(p);
    return s !== undefined && s.state !== 'Z' && s.ppid === pid;
  });
}

/** The first descendant of pid in another pid namespace (that namespace's init), if any. */
export function namespaceInitOf(pid: number): number | undefined {
  const own = readlinkSync(`/proc/${pid}/ns/pid`);
  for (const child of childrenOf(pid)) {
    try {
      if (readlinkSync(`/proc/${child}/ns/pid`) !== own) return child;
    } catch {
      continue;
    }
    const deeper = namespaceInitOf(child);
    if (deeper) return deeper;
  }
  return undefined;
}

/** SIGKILL every process whose working directory is under dir (a test's own tasks, not other runs' with the same command line). */
export function killProcessesUnder(dir: string): void {
  for (const pid of processesUnder(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
