/**
 * Names as Mesos-DNS builds them for Marathon tasks (records/generator.go).
 *
 * Marathon names a Mesos task (and its DiscoveryInfo) by the app path
 * reversed and dot-joined: `/group/web` → `web.group`. Mesos-DNS then makes
 * two A names per app: the DiscoveryInfo name as is (`web.group`, a dotted
 * name spanning two labels) and the sanitised single label (`web-group`).
 * The per-task canonical label is `<label>-<hash5>-<agentTail>`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { invalid } from '../errors';
import { domainFrag, rfc1123Label, type LabelFunc } from './labels';
import { zbase32Encode } from './zbase32';

/** Path segments of an absolute app id (`/group/web` → ['group', 'web']). */
export function appIdSegments(appId: string): string[] {
  return appId.split('/').filter((s) => s !== '');
}

/** Marathon's `PathId.toHostname`: segments reversed, joined with '.'. */
export function marathonTaskName(appId: string): string {
  return appIdSegments(appId).reverse().join('.');
}

/** The two DNS forms of an app name under `<framework>.<domain>`. */
export interface AppLabels {
  /** `web.group`: the DiscoveryInfo name, each part sanitised (Mesos-DNS's legacy record). */
  dotted: string;
  /** `web-group`: one RFC 1123 label (Mesos-DNS's `spec(name)`). */
  dashed: string;
  /** Both, de-duplicated (equal for a top-level app such as `/web`). */
  all: string[];
}

/** Mesos-DNS names of an app: `/group/web` → `web.group` and `web-group`. */
export function appLabels(appId: string, label: LabelFunc = rfc1123Label): AppLabels {
  const taskName = marathonTaskName(appId);
  const dotted = domainFrag(taskName, label);
  const dashed = label(taskName);
  return { dotted, dashed, all: dotted === dashed ? [dashed] : [dashed, dotted] };
}

/** Marathon's `PathId.safePath`: `/group/web` → `group_web`. */
export function safePath(appId: string): string {
  return appIdSegments(appId).join('_');
}

/** A new Marathon task id: `group_web.<uuid>` (Marathon's legacy Task.Id format). */
export function marathonTaskId(appId: string, uuid: string = randomUUID()): string {
  return `${safePath(appId)}.${uuid}`;
}

// Marathon's Task.Id regex: the run spec's safe path, '.' or '_', then a part without either.
const TASK_ID_RE = /^(.+)[._]([^_.]+)$/;

/**
 * The app id a Marathon task id belongs to: `group_web.<uuid>` → `/group/web`.
 * Also accepts `group_web.marathon-<uuid>` (Marathon 1.4+ instance ids).
 */
export function appIdFromTaskId(taskId: string): string {
  const m = TASK_ID_RE.exec(taskId);
  if (!m || m[1]!.replace(/_/g, '') === '') {
    throw invalid([{ path: '/taskId', errors: [`'${taskId}' is not a Marathon task id (expected <app_safe_path>.<uuid>)`] }]);
  }
  return '/' + m[1]!.split('_').filter((s) => s !== '').join('/');
}

/** Mesos-DNS hashString: first 5 characters of zbase32(sha1(taskId)). */
export function taskHash5(taskId: string): string {
  return zbase32Encode(createHash('sha1').update(taskId, 'utf8').digest()).slice(0, 5);
}

/** Mesos-DNS slaveIDTail: the part after the last '-', lowercased. */
export function agentTail(agentId: string): string {
  const parts = agentId.split('-');
  return parts[parts.length - 1]!.toLowerCase();
}

/** The per-task label: `web-<hash5>-<agentTail>` (`/group/web` → `web-group-<hash5>-<tail>`). */
export function canonicalTaskLabel(appId: string, taskId: string, agentId: string, label: LabelFunc = rfc1123Label): string {
  return `${appLabels(appId, label).dashed}-${taskHash5(taskId)}-${agentTail(agentId)}`;
}

/** Every task-level name Mesos-DNS makes, relative to `<framework>.<domain>`. */
export interface TaskNames {
  /** App names (`web-group`, `web.group`). */
  app: string[];
  /** Canonical names, one per app name (`web-group-<h>-<t>`, `web.group-<h>-<t>`). */
  canonical: string[];
}

/** All app and canonical names of one task, as Mesos-DNS publishes them. */
export function taskNames(appId: string, taskId: string, agentId: string, label: LabelFunc = rfc1123Label): TaskNames {
  const app = appLabels(appId, label).all;
  const suffix = `-${taskHash5(taskId)}-${agentTail(agentId)}`;
  return { app, canonical: app.map((n) => n + suffix) };
}
