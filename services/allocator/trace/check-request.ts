/**
 * A check request as another replica forwards it (POST /v1/trace/checks):
 * checked field by field like the allocator would have built it, because
 * here the caller wrote it. The agent runs tools with these values as
 * arguments (dig, ip, ss, nft): a name that looks like an option, an
 * address that is not one, or an unbounded list never reaches it.
 */
import { isIP } from 'node:net';
import type { FieldError } from '../../../lib/errors';
import type { CheckKind } from '../../../lib/trace/types';
import { DNS_NAME } from './spec';
import { POD_CONTAINER_NAME } from '../../../lib/model/pod';

/** The most lines a `logs` check returns (the agent also reads at most 64 KiB). */
export const MAX_LOG_LINES = 200;

export const CHECK_KINDS: readonly CheckKind[] = ['dns', 'vip', 'path', 'target', 'probe', 'nftrace', 'logs'];
const MAX_DESTS = 16;

type Obj = Record<string, unknown>;
const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const id = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/.test(v);

/** The field errors of one request (paths under `/request`); empty when it is well formed. */
export function checkRequestErrors(raw: unknown): FieldError[] {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Obj;
  const errs: FieldError[] = [];
  const need = (ok: boolean, field: string, msg: string) => {
    if (!ok) errs.push({ path: `/request/${field}`, errors: [msg] });
  };
  const kind = r.check as CheckKind;
  need(CHECK_KINDS.includes(kind), 'check', `must be one of ${CHECK_KINDS.join(', ')}`);
  if (r.taskId !== undefined) need(id(r.taskId), 'taskId', 'must be a task id');
  const addr = (v: unknown) => typeof v === 'string' && isIP(v) !== 0;
  const l4 = () => need(r.proto === 'tcp' || r.proto === 'udp', 'proto', 'must be tcp or udp');
  const port = () => need(int(r.port, 1, 65535), 'port', 'must be 1-65535');
  const list = (field: string, item: (d: Obj) => boolean, msg: string) =>
    need(Array.isArray(r[field]) && (r[field] as unknown[]).length <= MAX_DESTS && (r[field] as unknown[]).every((d) => d !== null && typeof d === 'object' && item(d as Obj)), field, `must be at most ${MAX_DESTS} ${msg}`);
  switch (kind) {
    case 'dns':
      need(typeof r.name === 'string' && DNS_NAME.test(r.name), 'name', 'must be a DNS name');
      break;
    case 'vip':
      need(addr(r.ip), 'ip', 'must be an IP address');
      port();
      l4();
      break;
    case 'path':
      list('dests', (d) => addr(d.ip) && (d.agentIp === undefined || addr(d.agentIp)), '{ip, agentIp?} addresses');
      break;
    case 'target':
      need(id(r.taskId), 'taskId', 'must be a task id');
      port();
      l4();
      break;
    case 'probe':
      need(addr(r.ip), 'ip', 'must be an IP address');
      port();
      l4();
      need(int(r.timeoutMs, 100, 10_000), 'timeoutMs', 'must be 100-10000');
      if (r.sport !== undefined) need(int(r.sport, 40000, 59999), 'sport', 'must be 40000-59999');
      break;
    case 'logs':
      need(id(r.taskId), 'taskId', 'must be a task id');
      need(r.stream === 'stdout' || r.stream === 'stderr', 'stream', 'must be stdout or stderr');
      need(int(r.lines, 1, MAX_LOG_LINES), 'lines', `must be an integer from 1 to ${MAX_LOG_LINES}`);
      if (r.container !== undefined) need(typeof r.container === 'string' && POD_CONTAINER_NAME.test(r.container), 'container', 'must be a pod container name (a DNS label)');
      break;
    case 'nftrace':
      need(r.action === 'start' || r.action === 'stop', 'action', 'must be start or stop');
      need(int(r.sport, 40000, 59999), 'sport', 'must be 40000-59999');
      l4();
      if (r.dests !== undefined) list('dests', (d) => addr(d.ip) && int(d.port, 1, 65535), '{ip, port}');
      break;
  }
  return errs;
}
