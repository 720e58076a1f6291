/**
 * Limits on what one app definition may ask for, so that no request can make
 * the allocator plan, store or stream without bound (a billion instances, ten
 * thousand ports, a thousand id segments). Checked after parsing (parsing is
 * linear in the body, which the HTTP body limit bounds); violations are a 422
 * whose details name the field and the option that sets the limit.
 */
import type { AppDefinition } from '../model/app';
import { Issues, at, idx } from './issues';

export interface AppLimits {
  /** Instances of one app (--max-instances). */
  maxInstances: number;
  /** Instances one request may add to an app (--max-instances-per-request). */
  maxInstancesPerRequest: number;
  /** portDefinitions / portMappings of one app (--max-ports). */
  maxPorts: number;
  /** Service ports one app holds (--max-service-ports). */
  maxServicePorts: number;
  /** Labels of one label map (app, port, network) (--max-labels). */
  maxLabels: number;
  /** Bytes of one label, key plus value (--max-label-bytes). */
  maxLabelBytes: number;
  /** Environment variables of one app (--max-env). */
  maxEnv: number;
  /** Bytes of one variable, KEY=VALUE (--max-env-bytes; Linux's MAX_ARG_STRLEN is 131072). */
  maxEnvBytes: number;
  /** Characters of an app id (--max-id-length). */
  maxIdLength: number;
  /** Segments of an app id (--max-id-segments). */
  maxIdSegments: number;
  /** Placement constraints of one app (--max-constraints). */
  maxConstraints: number;
}

export const DEFAULT_APP_LIMITS: AppLimits = {
  maxInstances: 10_000,
  maxInstancesPerRequest: 5_000,
  maxPorts: 100,
  maxServicePorts: 100,
  maxLabels: 1_000,
  maxLabelBytes: 65_536,
  maxEnv: 1_000,
  maxEnvBytes: 131_072,
  maxIdLength: 255,
  maxIdSegments: 16,
  maxConstraints: 64,
};

/** "at most N (--max-x)": the message tail every limit error shares. */
export function limitText(max: number, option: string): string {
  return `at most ${max} allowed (limit --${option})`;
}

function checkCount(issues: Issues, path: string, what: string, n: number, max: number, option: string): void {
  if (n > max) issues.add(path, `${n} ${what}, ${limitText(max, option)}`);
}

function checkLabels(issues: Issues, path: string, labels: Record<string, string> | undefined, l: AppLimits): void {
  if (!labels) return;
  const keys = Object.keys(labels);
  checkCount(issues, path, 'labels', keys.length, l.maxLabels, 'max-labels');
  for (const k of keys) {
    const bytes = Buffer.byteLength(k) + Buffer.byteLength(labels[k]);
    if (bytes > l.maxLabelBytes) issues.add(at(path, k), `label of ${bytes} bytes, ${limitText(l.maxLabelBytes, 'max-label-bytes')}`);
  }
}

/** How many new instances a request adds: `instances` minus the instances the app has now. */
export function checkInstances(issues: Issues, instances: number, current: number, l: AppLimits): void {
  if (instances > l.maxInstances) issues.add('/instances', `got ${instances}, ${limitText(l.maxInstances, 'max-instances')}`);
  else if (instances - current > l.maxInstancesPerRequest) {
    issues.add('/instances', `adds ${instances - current} instances in one request, ${limitText(l.maxInstancesPerRequest, 'max-instances-per-request')}`);
  }
}

/** Throw a 422 naming each field of `app` over a limit; `current` = instances it has now. */
export function enforceAppLimits(app: AppDefinition, l: AppLimits, current = 0): void {
  const issues = new Issues();
  if (app.id.length > l.maxIdLength) issues.add('/id', `id of ${app.id.length} characters, ${limitText(l.maxIdLength, 'max-id-length')}`);
  const segments = app.id.split('/').length - 1;
  checkCount(issues, '/id', 'id segments', segments, l.maxIdSegments, 'max-id-segments');
  checkInstances(issues, app.instances, current, l);
  const defs = app.portDefinitions ?? [];
  const maps = app.container?.portMappings ?? [];
  checkCount(issues, '/portDefinitions', 'ports', defs.length, l.maxPorts, 'max-ports');
  checkCount(issues, '/container/portMappings', 'ports', maps.length, l.maxPorts, 'max-ports');
  // every port entry gets a cluster-wide service port (alloc/service-ports.ts)
  const servicePorts = defs.length + maps.length;
  checkCount(issues, defs.length > 0 ? '/portDefinitions' : '/container/portMappings', 'service ports', servicePorts, l.maxServicePorts, 'max-service-ports');
  checkLabels(issues, '/labels', app.labels, l);
  if (defs.length <= l.maxPorts) defs.forEach((d, i) => checkLabels(issues, at(idx('/portDefinitions', i), 'labels'), d.labels, l));
  if (maps.length <= l.maxPorts) maps.forEach((m, i) => checkLabels(issues, at(idx('/container/portMappings', i), 'labels'), m.labels, l));
  app.networks.forEach((n, i) => checkLabels(issues, at(idx('/networks', i), 'labels'), n.labels, l));
  const env = Object.keys(app.env);
  checkCount(issues, '/env', 'environment variables', env.length, l.maxEnv, 'max-env');
  for (const k of env) {
    const bytes = Buffer.byteLength(k) + 1 + Buffer.byteLength(app.env[k]);
    if (bytes > l.maxEnvBytes) issues.add(at('/env', k), `variable of ${bytes} bytes, ${limitText(l.maxEnvBytes, 'max-env-bytes')}`);
  }
  checkCount(issues, '/constraints', 'constraints', app.constraints.length, l.maxConstraints, 'max-constraints');
  issues.throwIfAny();
}
