/** Run dig against a test server and parse what users read from it. */
import { exec } from '../../../lib/exec';

export interface DigResult {
  status: string;
  flags: string[];
  answer: string[][];
  authority: string[][];
  additional: string[][];
  raw: string;
}

function section(raw: string, name: string): string[][] {
  const m = new RegExp(`;; ${name} SECTION:\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(raw);
  if (!m) return [];
  return m[1]!.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split(/\s+/));
}

/** dig @host -p port name type [extra args]; fields: [name, ttl, class, type, ...rdata]. */
export async function dig(server: { host: string; port: number }, name: string, type = 'A', extra: string[] = []): Promise<DigResult> {
  const res = await exec('dig', [`@${server.host}`, '-p', String(server.port), name, type, '+tries=1', '+time=3', ...extra], { timeoutMs: 15_000 });
  const raw = res.stdout;
  const status = /status: ([A-Z]+)/.exec(raw)?.[1] ?? `no answer (${res.code}) ${raw}${res.stderr}`;
  const flags = (/;; flags: ([a-z ]+);/.exec(raw)?.[1] ?? '').trim().split(/\s+/);
  return { status, flags, answer: section(raw, 'ANSWER'), authority: section(raw, 'AUTHORITY'), additional: section(raw, 'ADDITIONAL'), raw };
}

/** The rdata values of the answer section (A → IP; SRV → "prio weight port target"). */
export function values(r: DigResult): string[] {
  return r.answer.map((f) => f.slice(4).join(' ')).sort();
}
