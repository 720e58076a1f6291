/**
 * HAProxy's `show stat` (CSV, header line `# pxname,svname,…`) read into
 * per-server counters by backend, as Marathon-LB's stats page reads them.
 * Columns are found by name in the header, so versions that add columns
 * parse the same.
 */

export interface ServerStat {
  /** Server slot name (s1, s2, …). */
  slot: string;
  /** `ip:port` the slot points at. */
  addr: string;
  /** UP, DOWN, MAINT, DRAIN, `no check`, … */
  status: string;
  /** Current sessions. */
  active: number;
  /** Requests (HTTP) or sessions (TCP) sent to it. */
  requests: number;
  /** Connection and response errors. */
  errors: number;
}

/** Backend name → its servers (the FRONTEND/BACKEND aggregate rows left out). */
export function parseShowStat(csv: string): Map<string, ServerStat[]> {
  const out = new Map<string, ServerStat[]>();
  const lines = csv.split('\n');
  const header = lines.find((l) => l.startsWith('# '));
  if (!header) return out;
  const cols = new Map(header.slice(2).split(',').map((name, i) => [name, i]));
  const num = (f: string[], name: string) => Number(f[cols.get(name) ?? -1] || 0) || 0;
  const str = (f: string[], name: string) => f[cols.get(name) ?? -1] ?? '';
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split(',');
    const [px, sv] = f;
    if (sv === 'FRONTEND' || sv === 'BACKEND') continue;
    const reqTot = str(f, 'req_tot');
    const row: ServerStat = {
      slot: sv,
      addr: str(f, 'addr'),
      status: str(f, 'status'),
      active: num(f, 'scur'),
      requests: reqTot ? Number(reqTot) || 0 : num(f, 'stot'),
      errors: num(f, 'econ') + num(f, 'eresp'),
    };
    out.set(px, [...(out.get(px) ?? []), row]);
  }
  return out;
}
