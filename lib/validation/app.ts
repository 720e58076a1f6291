/**
 * parseAppDefinition: the Marathon JSON users write (legacy forms included)
 * → lib/model/app.ts AppDefinition with Marathon's defaults, or a 422
 * MarinaError listing every invalid field in Marathon's shape.
 */
import type { AppDefinition } from '../model/app';
import { invalid } from '../errors';
import { canonicalAppId } from './app-id';
import { parseConstraints } from './constraints';
import { parseContainer } from './container';
import { parseHealthChecks } from './health-checks';
import { isObj, Issues, Reader, setOwn, type Obj } from './issues';
import { convertLegacy } from './legacy';
import { networkingOf, parseNetworks } from './networks';
import { parsePortDefinitions, parsePortMappings } from './ports';

/** Fields Marathon accepts that Marina does not use: accepted and dropped. */
export const IGNORED_FIELDS = new Set([
  'uris', 'fetch', 'executor', 'readinessChecks', 'residency', 'storeUrls',
  'unreachableStrategy', 'versionInfo', 'tasksRunning', 'tasksStaged',
  'tasksHealthy', 'tasksUnhealthy', 'deployments', 'tasks', 'lastTaskFailure', 'role', 'tty',
  'maxLaunchDelay', 'taskStats', 'readinessCheckResults',
]);

const FIELDS = new Set([
  'id', 'cmd', 'args', 'user', 'instances', 'cpus', 'mem', 'disk', 'gpus', 'env', 'labels', 'networks',
  'portDefinitions', 'requirePorts', 'container', 'healthChecks', 'upgradeStrategy', 'constraints',
  'acceptedResourceRoles', 'backoffSeconds', 'backoffFactor', 'maxLaunchDelaySeconds', 'killSelection',
  'version', 'secrets', 'taskKillGracePeriodSeconds', 'dependencies', ...IGNORED_FIELDS,
]);

/** A kill grace over an hour holds the task's ports and addresses that long after it was stopped: refused. */
export const MAX_KILL_GRACE_SECONDS = 3600;

export interface ParseOptions {
  /** Group relative ids resolve against (default '/'). */
  baseGroup?: string;
}

/** Environment variables under `key` (apps: `env`, pods: `environment`). */
export function parseEnv(r: Reader, key = 'env'): Record<string, string> {
  const env = r.object(key) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const p = `${r.p(key)}/${k}`;
    if (k === '' || k.includes('=') || k.includes('\0')) r.issues.add(p, 'environment variable names must be non-empty and contain no "=" or NUL');
    else if (typeof v === 'string') setOwn(out, k, v);
    else if (isObj(v) && 'secret' in v) r.issues.add(p, 'secret references are not supported by Marina; give a string value');
    else r.issues.add(p, 'expected a string value');
  }
  return out;
}

function parseId(r: Reader, base: string): string {
  const raw = r.string('id');
  if (raw === undefined) {
    if (!r.has('id')) r.issues.add('/id', 'is required');
    return '/';
  }
  const res = canonicalAppId(raw, base);
  if ('error' in res) {
    r.issues.add('/id', res.error);
    return '/';
  }
  return res.id;
}

function parseCommand(r: Reader, hasContainer: boolean): { cmd?: string; args?: string[] } {
  const cmd = r.string('cmd');
  const args = r.strings('args');
  if (cmd !== undefined && args !== undefined) r.issues.add('/', "AppDefinition must either contain a 'cmd' or a 'args', but not both.");
  else if (cmd === undefined && args === undefined && !hasContainer) {
    r.issues.add('/', "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.");
  }
  if (cmd !== undefined && cmd.trim() === '') r.issues.add(r.p('cmd'), 'must not be empty');
  return { ...(cmd !== undefined ? { cmd } : {}), ...(args !== undefined ? { args } : {}) };
}

function parseUpgradeStrategy(r: Reader): AppDefinition['upgradeStrategy'] {
  const u = r.child('upgradeStrategy');
  u?.rejectUnknown(new Set(['minimumHealthCapacity', 'maximumOverCapacity']));
  return {
    minimumHealthCapacity: u?.number('minimumHealthCapacity', { min: 0, max: 1 }) ?? 1,
    maximumOverCapacity: u?.number('maximumOverCapacity', { min: 0, max: 1 }) ?? 1,
  };
}

function parseKillSelection(r: Reader): AppDefinition['killSelection'] {
  const k = r.string('killSelection') ?? 'YOUNGEST_FIRST';
  if (k !== 'YOUNGEST_FIRST' && k !== 'OLDEST_FIRST') {
    r.issues.add(r.p('killSelection'), `'${k}' is not one of YOUNGEST_FIRST, OLDEST_FIRST`);
    return 'YOUNGEST_FIRST';
  }
  return k;
}

function parseResources(r: Reader): Pick<AppDefinition, 'instances' | 'cpus' | 'mem' | 'disk' | 'gpus'> {
  return {
    instances: r.number('instances', { min: 0, int: true }) ?? 1,
    cpus: r.number('cpus', { min: 0 }) ?? 1,
    mem: r.number('mem', { min: 0 }) ?? 128,
    disk: r.number('disk', { min: 0 }) ?? 0,
    gpus: r.number('gpus', { min: 0, int: true }) ?? 0,
  };
}

function parseNetworking(r: Reader, app: Obj): Pick<AppDefinition, 'networks' | 'portDefinitions' | 'container'> {
  const networks = parseNetworks(r.array('networks'), r.issues);
  const mode = networkingOf(networks);
  const present = app.portDefinitions !== undefined && app.portDefinitions !== null;
  const portDefinitions = parsePortDefinitions(r.array('portDefinitions'), present, mode, r.issues);
  const c = r.child('container');
  const container = c ? parseContainer(c, r.issues) : undefined;
  const mappings = c ? parsePortMappings(c.array('portMappings'), networks, mode, r.issues) : undefined;
  if (container && mappings !== undefined) container.portMappings = mappings;
  return { networks, ...(portDefinitions ? { portDefinitions } : {}), ...(container ? { container } : {}) };
}

/** More dependencies than this on one app is a 422 (a bound on what one definition makes the allocator check). */
export const MAX_DEPENDENCIES = 100;

/**
 * `dependencies`: run specs or groups the app starts after (Marathon's),
 * ids relative to the app's own group; an app may not depend on itself.
 */
function parseDependencies(r: Reader, id: string): string[] {
  const raw = r.strings('dependencies') ?? [];
  if (raw.length > MAX_DEPENDENCIES) r.issues.add(r.p('dependencies'), `at most ${MAX_DEPENDENCIES} dependencies`);
  const base = id.slice(0, Math.max(1, id.lastIndexOf('/')));
  const out: string[] = [];
  raw.slice(0, MAX_DEPENDENCIES).forEach((d, i) => {
    const res = canonicalAppId(d, base);
    if ('error' in res) r.issues.add(`${r.p('dependencies')}(${i})`, res.error);
    else if (res.id === id) r.issues.add(`${r.p('dependencies')}(${i})`, 'an app cannot depend on itself');
    else if (!out.includes(res.id)) out.push(res.id);
  });
  return out;
}

/** Only when there are some: definitions stored without the field compare equal to new ones without dependencies. */
function withDependencies(deps: string[]): { dependencies?: string[] } {
  return deps.length > 0 ? { dependencies: deps } : {};
}

/** Parse and normalise one Marathon app definition; throws a 422 MarinaError naming every bad field. */
export function parseAppDefinition(input: unknown, opts: ParseOptions = {}): AppDefinition {
  if (!isObj(input)) throw invalid([{ path: '/', errors: ['expected a JSON object (the app definition)'] }]);
  const issues = new Issues();
  const app = convertLegacy(input, issues);
  const r = new Reader(app, '', issues);
  r.rejectUnknown(FIELDS);
  // Marathon writes `secrets: {}` on every app: an empty object round-trips (GET, edit, PUT)
  if (r.has('secrets') && !(isObj(app.secrets) && Object.keys(app.secrets).length === 0)) issues.add('/secrets', 'secrets are not supported by Marina');
  const id = parseId(r, opts.baseGroup ?? '/');
  const net = parseNetworking(r, app);
  const portCount = net.portDefinitions?.length ?? net.container?.portMappings?.length ?? 0;
  const user = r.string('user');
  const roles = r.strings('acceptedResourceRoles');
  const version = r.string('version');
  const killGrace = r.number('taskKillGracePeriodSeconds', { min: 0, max: MAX_KILL_GRACE_SECONDS, int: true });
  const def: AppDefinition = {
    id,
    ...parseCommand(r, r.has('container')),
    ...(user !== undefined ? { user } : {}),
    ...parseResources(r),
    env: parseEnv(r),
    labels: r.stringMap('labels') ?? {},
    ...net,
    requirePorts: r.bool('requirePorts') ?? false,
    healthChecks: parseHealthChecks(r.array('healthChecks'), portCount, issues),
    upgradeStrategy: parseUpgradeStrategy(r),
    constraints: parseConstraints(r.array('constraints'), '/constraints', issues),
    ...(roles !== undefined ? { acceptedResourceRoles: roles } : {}),
    backoffSeconds: r.number('backoffSeconds', { min: 0 }) ?? 1,
    backoffFactor: r.number('backoffFactor', { min: 1 }) ?? 1.15,
    maxLaunchDelaySeconds: r.number('maxLaunchDelaySeconds', { min: 0 }) ?? 3600,
    killSelection: parseKillSelection(r),
    ...(killGrace !== undefined ? { taskKillGracePeriodSeconds: killGrace } : {}),
    ...withDependencies(parseDependencies(r, id)),
    ...(version !== undefined ? { version } : {}),
  };
  issues.throwIfAny();
  return def;
}
