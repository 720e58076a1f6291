/**
 * The probe as a socat(1) run inside FROM's netns (kubelet's port-forward
 * dependency, so most hosts have it; a few ms of CPU to start, against ~80 ms
 * for a Node process). TCP: connect with a timeout and close. UDP: one
 * datagram from a connected socket, then up to the timeout for a reply (its
 * first byte ends the wait), an ICMP refusal, or silence (a UDP service need
 * not answer). The source port is fixed so nftrace.ts marks exactly this
 * probe's packets; `reuseaddr` (as Node and most clients bind) lets it be a
 * port an earlier probe's connection still holds in TIME_WAIT. Pure: the argv and the reading of its exit.
 */
import type { L4, ProbeResult } from '../../../lib/trace/types';

export const PROBE_PAYLOAD = 'marina-trace\n';

/** socat's argv (without the command) for a probe of ip:port from `sport`, giving up after `timeoutMs`. */
export function probeArgs(ip: string, port: number, proto: L4, sport: number, timeoutMs: number): string[] {
  const v6 = ip.includes(':');
  const host = v6 ? `[${ip}]` : ip;
  const seconds = (timeoutMs / 1000).toFixed(3);
  if (proto === 'udp') {
    // stdin's datagram out, a reply to stdout; after stdin's EOF socat waits -t for the reverse side, which readbytes=1 ends at the first reply
    return ['-t', seconds, 'STDIO', `UDP${v6 ? 6 : 4}:${host}:${port},sourceport=${sport},reuseaddr,readbytes=1`];
  }
  // -u: /dev/null's EOF right after the connect closes the connection and ends socat
  return ['-u', 'OPEN:/dev/null', `TCP${v6 ? 6 : 4}:${host}:${port},sourceport=${sport},reuseaddr,connect-timeout=${seconds}`];
}

/** socat's error line without its timestamp and pid ("2026/12/04 21:04:39 socat[2286] E "). */
function socatError(stderr: string): string {
  const line = stderr.split('\n').find((l) => / E /.test(l)) ?? stderr.trim().split('\n')[0] ?? '';
  return line.replace(/^.*?socat\[\d+\] E /, '').trim().slice(0, 300);
}

/** What the probe's exit says (its `ms` and trace are the caller's). */
export function probeOutcome(proto: L4, code: number, stdout: string, stderr: string, sport: number): Omit<ProbeResult, 'ms'> {
  if (code === 0) {
    if (proto === 'tcp') return { ok: true, outcome: 'connected', localPort: sport };
    return stdout.length > 0 ? { ok: true, outcome: 'reply', localPort: sport } : { ok: true, outcome: 'sent, no reply and no refusal (UDP)', localPort: sport };
  }
  if (/failed to execute socat|socat: (command )?not found/.test(stderr)) return { ok: false, outcome: 'error', error: 'socat is not installed on this host (the probe runs it in the task\'s netns)' };
  const error = socatError(stderr) || `socat exited ${code}`;
  const reason = error.slice(error.lastIndexOf(': ') + 2); // strerror, after socat's "connect(6, AF=2 …): "
  const outcome = /^Connection refused/.test(reason)
    ? 'refused'
    : /^Connection reset/.test(reason)
      ? 'reset'
      : /timed out$/.test(reason)
        ? 'timeout'
        : /^(No route to host|Network is unreachable)/.test(reason)
          ? 'unreachable'
          : 'error';
  // a named outcome carries the system's words only; anything else socat's whole line
  return { ok: false, outcome, error: outcome === 'error' ? error : reason };
}
