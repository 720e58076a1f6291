/**
 * libprocess PIDs (`slave(1)@198.18.0.11:5051`, `scheduler(1)@[2001:db8::1]:25501`), parsed as
 * Mesos-DNS does (records/state/upid: exactly one `@`, then Go's net.SplitHostPort, which wants
 * an IPv6 host in brackets), and `host:port` addresses of masters.
 */

export interface HostPort { host: string; port: number }

/** `host:port` or `[v6]:port` → host (brackets removed) and port; undefined when malformed. */
export function splitHostPort(s: string): HostPort | undefined {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(s) ?? /^([^:[\]]*):(\d{1,5})$/.exec(s);
  if (!m || Number(m[2]) > 65535) return undefined;
  return { host: m[1]!, port: Number(m[2]) };
}

/** `id@host:port` → host and port; undefined when malformed (not exactly one `@`, bad address). */
export function parsePid(pid: string | undefined): HostPort | undefined {
  const parts = (pid ?? '').trim().split('@');
  return parts.length === 2 ? splitHostPort(parts[1]!) : undefined;
}
