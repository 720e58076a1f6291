/**
 * CPU used by the processes of a local cluster, from /proc/<pid>/stat:
 * utime + stime (own) and cutime + cstime (reaped children: the nft, ip,
 * dig, socat … an agent runs), in clock ticks of 10 ms. A snapshot before
 * and after a run gives each long-lived process's share; children that
 * came and went count for the parent that reaped them.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

export interface ProcCpu {
  own: number;
  children: number;
  cmd: string;
}

/** Every process whose command line matches `match`, by pid. */
export function cpuSnapshot(match: RegExp): Map<number, ProcCpu> {
  const out = new Map<number, ProcCpu>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!match.test(cmd)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": state is f[0], utime f[11]
      out.set(Number(name), { own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ms per unit of work between two snapshots, per process alive in both, busiest first. */
export function cpuPerUnit(before: Map<number, ProcCpu>, after: Map<number, ProcCpu>, units: number, label: (cmd: string) => string): { who: string; own: number; children: number }[] {
  const rows: { who: string; own: number; children: number }[] = [];
  for (const [pid, a] of after) {
    const b = before.get(pid);
    if (!b) continue;
    rows.push({ who: label(a.cmd), own: (a.own - b.own) / units, children: (a.children - b.children) / units });
  }
  return rows.sort((x, y) => y.own + y.children - (x.own + x.children));
}
