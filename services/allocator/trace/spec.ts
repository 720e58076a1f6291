/**
 * The syntax of `marina trace FROM TO` (pure; resolve.ts looks the parts up
 * in the cluster view). A bad spec is a 422 naming the field (`/from`, `/to`).
 *   FROM: a task id, an app id (`/shop/web`: one of its tasks) or a host (agent id);
 *   TO:   `db.shop.marathon.mesos:5432`, `198.19.250.7:80`, `[2001:2::7]:80`,
 *         `/shop/db:pg` (port name) or `/shop/db:0` (port number or index);
 *         a `/udp` suffix traces UDP (default TCP).
 */
import { isIP } from 'node:net';
import { invalid } from '../../../lib/errors';
import type { L4 } from '../../../lib/trace/types';

export type ToSpec =
  | { kind: 'ip'; ip: string; port: number; proto: L4 }
  | { kind: 'dns'; name: string; port: number; proto: L4 }
  | { kind: 'app'; appId: string; port: string; proto: L4 };

/** Hostname labels (RFC 1123), at least two, no trailing dot needed. */
export const DNS_NAME = /^(?=.{1,253}\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.?$/i;
const APP_ID = /^(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+$/;
const MAX_SPEC = 512;

function bad(field: 'from' | 'to', message: string): never {
  throw invalid([{ path: `/${field}`, errors: [message] }], `invalid ${field}: ${message}`);
}

function portOf(text: string, field: 'from' | 'to', spec: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) bad(field, `${JSON.stringify(spec)}: the port must be 1-65535`);
  return n;
}

/** FROM as typed (a string of sane length); its meaning comes from the view. */
export function parseFrom(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') bad('from', 'a task id, app id or host is required');
  const s = raw.trim();
  if (s.length > MAX_SPEC) bad('from', `longer than ${MAX_SPEC} characters`);
  return s;
}

export function parseTo(raw: unknown): ToSpec {
  if (typeof raw !== 'string' || raw.trim() === '') bad('to', 'NAME:PORT, IP:PORT or /APP:PORT is required');
  let s = raw.trim();
  if (s.length > MAX_SPEC) bad('to', `longer than ${MAX_SPEC} characters`);
  let proto: L4 = 'tcp';
  const suffix = /\/(tcp|udp)$/i.exec(s);
  if (suffix) {
    proto = suffix[1]!.toLowerCase() as L4;
    s = s.slice(0, -suffix[0].length);
  }
  const v6 = /^\[([^\]]+)\]:(.+)$/.exec(s);
  if (v6) {
    if (isIP(v6[1]!) !== 6) bad('to', `${JSON.stringify(raw)}: ${v6[1]} is not an IPv6 address`);
    return { kind: 'ip', ip: v6[1]!, port: portOf(v6[2]!, 'to', String(raw)), proto };
  }
  const colon = s.lastIndexOf(':');
  if (colon <= 0 || colon === s.length - 1) bad('to', `${JSON.stringify(raw)}: expected HOST:PORT or /APP:PORT`);
  const host = s.slice(0, colon);
  const port = s.slice(colon + 1);
  if (host.startsWith('/')) {
    if (!APP_ID.test(host)) bad('to', `${JSON.stringify(host)} is not an app id`);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(port)) bad('to', `${JSON.stringify(port)} is not a port name, number or index`);
    return { kind: 'app', appId: host, port, proto };
  }
  if (isIP(host) !== 0) return { kind: 'ip', ip: host, port: portOf(port, 'to', String(raw)), proto };
  if (!DNS_NAME.test(host)) bad('to', `${JSON.stringify(host)} is neither an IP address nor a DNS name`);
  return { kind: 'dns', name: host.replace(/\.$/, '').toLowerCase(), port: portOf(port, 'to', String(raw)), proto };
}
