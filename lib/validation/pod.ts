/**
 * Marathon pod JSON (`/v2/pods`) → the app JSON Marina schedules it as
 * (lib/model/pod.ts), or a 422 naming every invalid pod field in Marathon's
 * path notation (`/containers(0)/exec/command/shell`). Supported: containers
 * with a shell command (no images: a container is a process), per-container
 * environment, resources (summed into the instance), endpoints, one health
 * check per container (http/https/tcp on an endpoint, or exec); pod
 * environment, labels, networks (host, container/bridge, container with a
 * name), scaling (fixed instances) and scheduling (placement constraints,
 * upgrade, backoff).
 */
import { POD_CONTAINERS_LABEL, POD_SPEC_LABEL, type PodContainerSpec } from '../model/pod';
import { parseEnv } from './app';
import { at, idx, isObj, Issues, items, Reader, type Obj } from './issues';

const POD_FIELDS = new Set(['id', 'labels', 'version', 'user', 'environment', 'containers', 'secrets', 'volumes', 'networks', 'scaling', 'scheduling', 'executorResources']);
const CONTAINER_FIELDS = new Set(['name', 'exec', 'resources', 'endpoints', 'image', 'environment', 'user', 'healthCheck', 'check', 'volumeMounts', 'artifacts', 'labels', 'lifecycle']);
const ENDPOINT_FIELDS = new Set(['name', 'containerPort', 'hostPort', 'protocol', 'labels', 'networkNames']);
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface Endpoint {
  name: string;
  containerPort?: number;
  hostPort?: number;
  protocol: string[];
  labels: Record<string, string>;
}

function endpoints(r: Reader, hostMode: boolean, seen: Set<string>): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [e] of items(r.array('endpoints') ?? [], r.p('endpoints'), r.issues)) {
    e.rejectUnknown(ENDPOINT_FIELDS);
    const name = e.string('name');
    if (name === undefined) {
      if (!e.has('name')) e.issues.add(e.p('name'), 'is required');
    } else if (!DNS_LABEL.test(name)) e.issues.add(e.p('name'), `must be a DNS label (a-z, 0-9, -), got ${JSON.stringify(name)}`);
    else if (seen.has(name)) e.issues.add(e.p('name'), `duplicate endpoint name ${JSON.stringify(name)} in the pod`);
    const containerPort = e.number('containerPort', { min: 0, max: 65535, int: true });
    const hostPort = e.number('hostPort', { min: 0, max: 65535, int: true });
    if (hostMode && containerPort !== undefined) e.issues.add(e.p('containerPort'), 'is not allowed with host networking (give hostPort)');
    if (hostMode && hostPort === undefined && !e.has('hostPort')) e.issues.add(e.p('hostPort'), 'is required with host networking (0 picks one)');
    if (!hostMode && containerPort === undefined && !e.has('containerPort')) e.issues.add(e.p('containerPort'), 'is required with container networking');
    const protocol = e.strings('protocol') ?? ['tcp'];
    protocol.forEach((p, i) => p !== 'tcp' && p !== 'udp' && e.issues.add(idx(e.p('protocol'), i), `expected tcp or udp, got ${JSON.stringify(p)}`));
    if (protocol.length === 0) e.issues.add(e.p('protocol'), 'must name tcp and/or udp');
    if (name) seen.add(name);
    out.push({ name: name ?? '', containerPort, hostPort, protocol, labels: e.stringMap('labels') ?? {} });
  }
  return out;
}

/** A container's healthCheck as an app health check on the instance (Marathon's MESOS_* / COMMAND). */
function healthCheck(r: Reader, endpointIndex: Map<string, number>): Obj | undefined {
  const hc = r.child('healthCheck');
  if (!hc) return undefined;
  const timing: Obj = {};
  for (const k of ['gracePeriodSeconds', 'intervalSeconds', 'timeoutSeconds', 'maxConsecutiveFailures', 'delaySeconds']) {
    const v = hc.number(k, { min: 0, int: true });
    if (v !== undefined) timing[k] = v;
  }
  const kinds = ['http', 'tcp', 'exec'].filter((k) => hc.has(k));
  if (kinds.length !== 1) {
    hc.issues.add(hc.path, 'give exactly one of http, tcp or exec');
    return undefined;
  }
  const kind = kinds[0]!;
  const check = hc.child(kind);
  if (!check) return undefined;
  if (kind === 'exec') {
    const shell = check.child('command')?.string('shell');
    if (!shell) {
      hc.issues.add(at(at(check.path, 'command'), 'shell'), 'is required');
      return undefined;
    }
    return { protocol: 'COMMAND', command: { value: shell }, ...timing };
  }
  const endpoint = check.string('endpoint');
  const portIndex = endpoint === undefined ? undefined : endpointIndex.get(endpoint);
  if (portIndex === undefined) {
    hc.issues.add(check.p('endpoint'), endpoint === undefined ? 'is required' : `names no endpoint of the pod: ${JSON.stringify(endpoint)}`);
    return undefined;
  }
  if (kind === 'tcp') return { protocol: 'MESOS_TCP', portIndex, ...timing };
  const scheme = check.string('scheme') ?? 'HTTP';
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') hc.issues.add(check.p('scheme'), `expected HTTP or HTTPS, got ${JSON.stringify(scheme)}`);
  return { protocol: scheme === 'HTTPS' ? 'MESOS_HTTPS' : 'MESOS_HTTP', path: check.string('path') ?? '/', portIndex, ...timing };
}

function networks(r: Reader): Obj[] {
  const list = items(r.array('networks') ?? [], r.p('networks'), r.issues);
  if (list.length === 0) return [{ mode: 'host' }];
  return list.map(([n]) => {
    const mode = n.string('mode') ?? 'container';
    if (!['host', 'container', 'container/bridge'].includes(mode)) n.issues.add(n.p('mode'), `expected host, container or container/bridge, got ${JSON.stringify(mode)}`);
    const name = n.string('name');
    if (mode === 'container' && !name) n.issues.add(n.p('name'), 'is required with mode container');
    return { mode, ...(name ? { name } : {}), ...(n.has('labels') ? { labels: n.stringMap('labels') } : {}) };
  });
}

/** Marathon's defaults, written out so that an update replaces what an earlier version set. */
const SCHEDULING_DEFAULTS: Obj = { constraints: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300 };

function scheduling(r: Reader): Obj {
  const out: Obj = { ...SCHEDULING_DEFAULTS };
  const s = r.child('scheduling');
  if (!s) return out;
  const placement = s.child('placement');
  const constraints: string[][] = [];
  for (const [c] of items(placement?.array('constraints') ?? [], at(at(s.path, 'placement'), 'constraints'), r.issues)) {
    const field = c.string('fieldName');
    const op = c.string('operator');
    if (!field) c.issues.add(c.p('fieldName'), 'is required');
    if (!op) c.issues.add(c.p('operator'), 'is required');
    const value = c.string('value');
    if (field && op) constraints.push(value === undefined ? [field, op] : [field, op, value]);
  }
  out.constraints = constraints;
  const upgrade = s.child('upgrade');
  if (upgrade) {
    const min = upgrade.number('minimumHealthCapacity', { min: 0, max: 1 });
    const max = upgrade.number('maximumOverCapacity', { min: 0, max: 1 });
    out.upgradeStrategy = { minimumHealthCapacity: min ?? 1, maximumOverCapacity: max ?? 1 };
  }
  const backoff = s.child('backoff');
  if (backoff) {
    const b = backoff.number('backoff', { min: 0 });
    const f = backoff.number('backoffFactor', { min: 1 });
    const m = backoff.number('maxLaunchDelay', { min: 0 });
    if (b !== undefined) out.backoffSeconds = b;
    if (f !== undefined) out.backoffFactor = f;
    if (m !== undefined) out.maxLaunchDelaySeconds = m;
  }
  return out;
}

/** The app JSON a pod is scheduled as; throws a 422 naming pod fields. Its id is checked by the app validation (`/id`). */
export function podToAppJson(body: unknown): Obj {
  const issues = new Issues();
  if (!isObj(body)) {
    issues.add('/', 'expected a JSON object');
    issues.throwIfAny();
  }
  const r = new Reader(body as Obj, '', issues);
  r.rejectUnknown(POD_FIELDS);
  for (const k of ['secrets', 'volumes']) if (r.has(k) && JSON.stringify(r.obj[k]) !== '{}' && JSON.stringify(r.obj[k]) !== '[]') issues.add(r.p(k), `${k} are not supported by Marina`);
  const id = r.string('id');
  if (id === undefined && !r.has('id')) issues.add('/id', 'is required');
  const nets = networks(r);
  const hostMode = nets[0]!.mode === 'host';
  const scaling = r.child('scaling');
  const instances = scaling?.number('instances', { min: 0, int: true }) ?? 1;
  if (scaling && (scaling.string('kind') ?? 'fixed') !== 'fixed') issues.add(scaling.p('kind'), 'only fixed scaling is supported');

  const seen = new Set<string>();
  const names = new Set<string>();
  const containers: PodContainerSpec[] = [];
  const allEndpoints: Endpoint[] = [];
  const specs: Array<{ r: Reader }> = [];
  let cpus = 0;
  let mem = 0;
  let disk = 0;
  const list = r.array('containers');
  if (!list || list.length === 0) issues.add('/containers', 'a pod needs at least one container');
  for (const [c] of items(list ?? [], '/containers', issues)) {
    c.rejectUnknown(CONTAINER_FIELDS);
    if (c.has('image')) issues.add(c.p('image'), 'container images are not supported by Marina: a container is a process (give exec.command.shell)');
    const name = c.string('name');
    if (name === undefined) {
      if (!c.has('name')) issues.add(c.p('name'), 'is required');
    } else if (!DNS_LABEL.test(name)) issues.add(c.p('name'), `must be a DNS label (a-z, 0-9, -), got ${JSON.stringify(name)}`);
    else if (names.has(name)) issues.add(c.p('name'), `duplicate container name ${JSON.stringify(name)}`);
    if (name) names.add(name);
    const shell = c.child('exec')?.child('command')?.string('shell');
    if (!shell || shell.trim() === '') issues.add(at(at(at(c.path, 'exec'), 'command'), 'shell'), 'is required: the command the container runs');
    const res = c.child('resources');
    cpus += res?.number('cpus', { min: 0 }) ?? 0.1;
    mem += res?.number('mem', { min: 0 }) ?? 32;
    disk += res?.number('disk', { min: 0 }) ?? 0;
    const env = parseEnv(c, 'environment');
    allEndpoints.push(...endpoints(c, hostMode, seen));
    containers.push({ name: name ?? '', cmd: shell ?? '', ...(Object.keys(env).length ? { env } : {}) });
    specs.push({ r: c });
  }
  const endpointIndex = new Map(allEndpoints.map((e, i) => [e.name, i]));
  const healthChecks = specs.map(({ r: c }) => healthCheck(c, endpointIndex)).filter((h): h is Obj => h !== undefined);
  const env = parseEnv(r, 'environment');
  const labels = r.stringMap('labels') ?? {};
  const sched = scheduling(r);
  const user = r.string('user');
  issues.throwIfAny();

  const spec: Obj = { ...(body as Obj), scaling: { kind: 'fixed', instances }, networks: nets };
  delete spec.version;
  const ports = allEndpoints.map((e) => ({ name: e.name, protocol: e.protocol.join(','), labels: e.labels }));
  return {
    id,
    instances,
    cpus: Math.round(cpus * 1000) / 1000,
    mem,
    disk,
    env,
    labels: { ...labels, [POD_CONTAINERS_LABEL]: JSON.stringify(containers), [POD_SPEC_LABEL]: JSON.stringify(spec) },
    networks: nets,
    ...(user ? { user } : {}),
    ...(hostMode
      ? { portDefinitions: allEndpoints.map((e, i) => ({ port: e.hostPort ?? 0, ...ports[i] })), container: { type: 'MESOS' } }
      : { container: { type: 'MESOS', portMappings: allEndpoints.map((e, i) => ({ containerPort: e.containerPort ?? 0, ...(e.hostPort !== undefined ? { hostPort: e.hostPort } : {}), ...ports[i] })) } }),
    healthChecks,
    ...sched,
  };
}

/** The pod definition an app carries (POD_SPEC_LABEL), or undefined when the app is not a pod. */
export function podSpecOf(labels: Record<string, string> | undefined): Obj | undefined {
  const raw = labels?.[POD_SPEC_LABEL];
  if (raw === undefined) return undefined;
  try {
    const spec = JSON.parse(raw) as unknown;
    return isObj(spec) ? spec : undefined;
  } catch {
    return undefined;
  }
}
