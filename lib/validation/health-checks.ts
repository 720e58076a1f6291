/**
 * Marathon health checks with Marathon's defaults: gracePeriodSeconds 300,
 * intervalSeconds 60, timeoutSeconds 20, maxConsecutiveFailures 3,
 * delaySeconds 15, path "/" (HTTP kinds), portIndex 0 when the app has ports
 * and neither portIndex nor port is given.
 */
import type { HealthCheck, HealthCheckProtocol } from '../model/app';
import { items, type Issues, type Reader } from './issues';

export const HEALTH_CHECK_PROTOCOLS: readonly HealthCheckProtocol[] = ['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'];
const HTTP_KINDS = new Set<HealthCheckProtocol>(['HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS']);
const FIELDS = new Set([
  'protocol', 'path', 'portIndex', 'port', 'command', 'gracePeriodSeconds', 'intervalSeconds',
  'timeoutSeconds', 'maxConsecutiveFailures', 'delaySeconds', 'ignoreHttp1xx', 'ipProtocol',
]);

function protocolOf(r: Reader): HealthCheckProtocol | undefined {
  const p = r.string('protocol') ?? 'HTTP';
  if (!(HEALTH_CHECK_PROTOCOLS as readonly string[]).includes(p)) {
    r.issues.add(r.p('protocol'), `'${p}' is not one of ${HEALTH_CHECK_PROTOCOLS.join(', ')}`);
    return undefined;
  }
  return p as HealthCheckProtocol;
}

function commandOf(r: Reader, protocol: HealthCheckProtocol): { value: string } | undefined {
  const cmd = r.child('command');
  if (protocol !== 'COMMAND') {
    if (cmd) r.issues.add(r.p('command'), `command is only allowed with protocol COMMAND`);
    return undefined;
  }
  const value = cmd?.string('value');
  if (value === undefined || value.trim() === '') {
    r.issues.add(r.p('command'), 'COMMAND health checks require command.value');
    return undefined;
  }
  return { value };
}

function portOf(r: Reader, hc: HealthCheck, portCount: number): void {
  const portIndex = r.number('portIndex', { min: 0, int: true });
  const port = r.number('port', { min: 0, max: 65535, int: true });
  if (hc.protocol === 'COMMAND') {
    if (portIndex !== undefined) hc.portIndex = portIndex;
    if (port !== undefined) hc.port = port;
    return;
  }
  if (portIndex !== undefined && port !== undefined) {
    r.issues.add(r.path, 'Health check port indices and values are exclusive');
    return;
  }
  if (port !== undefined) {
    hc.port = port;
    return;
  }
  const index = portIndex ?? 0;
  if (index >= portCount) {
    const where = r.has('portIndex') ? r.p('portIndex') : r.path;
    r.issues.add(where, `Health check port index must point to a valid port definition (the app has ${portCount} port(s))`);
    return;
  }
  hc.portIndex = index;
}

function parseOne(r: Reader, portCount: number): HealthCheck | undefined {
  r.rejectUnknown(FIELDS);
  const protocol = protocolOf(r);
  if (!protocol) return undefined;
  const ipProtocol = r.string('ipProtocol') ?? 'IPv4';
  if (ipProtocol !== 'IPv4' && ipProtocol !== 'IPv6') r.issues.add(r.p('ipProtocol'), `'${ipProtocol}' is not one of IPv4, IPv6`);
  const hc: HealthCheck = {
    protocol,
    gracePeriodSeconds: r.number('gracePeriodSeconds', { min: 0 }) ?? 300,
    intervalSeconds: r.number('intervalSeconds', { min: 1 }) ?? 60,
    timeoutSeconds: r.number('timeoutSeconds', { min: 1 }) ?? 20,
    maxConsecutiveFailures: r.number('maxConsecutiveFailures', { min: 0, int: true }) ?? 3,
    delaySeconds: r.number('delaySeconds', { min: 0 }) ?? 15,
    ignoreHttp1xx: r.bool('ignoreHttp1xx') ?? false,
    ipProtocol: ipProtocol === 'IPv6' ? 'IPv6' : 'IPv4',
  };
  const path = r.string('path');
  if (HTTP_KINDS.has(protocol)) hc.path = path ?? '/';
  else if (path !== undefined) r.issues.add(r.p('path'), `path is only allowed with HTTP and HTTPS health checks`);
  const command = commandOf(r, protocol);
  if (command) hc.command = command;
  portOf(r, hc, portCount);
  return hc;
}

/** Parse `healthChecks`; `portCount` is the number of app ports portIndex may address. */
export function parseHealthChecks(raw: unknown[] | undefined, portCount: number, issues: Issues): HealthCheck[] {
  const out: HealthCheck[] = [];
  for (const [r] of items(raw ?? [], '/healthChecks', issues)) {
    const hc = parseOne(r, portCount);
    if (hc) out.push(hc);
  }
  return out;
}
