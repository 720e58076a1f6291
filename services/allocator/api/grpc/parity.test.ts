/**
 * One shape for both transports: for a table of Marathon example apps (and
 * the tasks, pods, deployments, queue entries and events they make), the
 * /v2 JSON maps onto the typed marina.v1 message with no field left out,
 * and the message's proto3 JSON, after the wire, is that /v2 JSON again.
 */
import { parseAppDefinition } from '../../../../lib/validation';
import { fromWire, messageType, objectFromJson, toWire } from '../../../../lib/client/proto-json';
import { startFakeCore, type FakeCore } from '../../testing/fake-core';
import { parseEmbeds, renderApp, renderAppDefinition, renderTask } from '../marathon-v2/render';
import { renderDeployment } from '../marathon-v2/render/deployment';
import { renderQueued } from '../marathon-v2/queue';
import { createPod, getPod, podStatus } from '../marathon-v2/pod-ops';
import { renderGroup, parseGroupEmbeds } from '../marathon-v2/groups/tree';
import { podStatusOf } from '../marathon-v2/pod-ops';
import { EventHub } from '../marathon-v2/events/hub';
import type { MarathonEvent } from '../marathon-v2/events/translate';
import { launchQueue } from '../../deploy/launch-queue';
import { deploymentsOf } from '../../deploy/deployments/record';
import { eventMessage } from './events';
import { createNetwork, parseNetwork } from '../../alloc/networks';

type Json = Record<string, unknown>;

/** Marathon's example apps (docs/docs/rest-api/public/api/v2/examples, docs/docs/*.md), as Marina accepts them. */
const EXAMPLES: Json[] = [
  { id: '/basic-0', cmd: 'while [ true ] ; do echo \'Hello Marathon\' ; sleep 5 ; done', cpus: 0.1, mem: 10.0, instances: 1 },
  {
    id: '/product/service/my-app',
    args: ['/bin/sh', '-c', 'env && sleep 300'],
    cpus: 0.5,
    mem: 64,
    disk: 0,
    instances: 2,
    user: 'nobody',
    env: { LD_LIBRARY_PATH: '/usr/local/lib/myLib' },
    labels: { environment: 'staging', HAPROXY_GROUP: 'external' },
    constraints: [['hostname', 'UNIQUE'], ['hostname', 'LIKE', 'a.*']],
    acceptedResourceRoles: ['*'],
    portDefinitions: [{ port: 0, protocol: 'tcp', name: 'http', labels: { VIP_0: '/web:80' } }, { port: 0, protocol: 'udp,tcp', name: 'dns' }],
    requirePorts: false,
    healthChecks: [
      { protocol: 'HTTP', path: '/health', portIndex: 0, gracePeriodSeconds: 5, intervalSeconds: 10, timeoutSeconds: 10, maxConsecutiveFailures: 3 },
      { protocol: 'TCP', portIndex: 1 },
      { protocol: 'COMMAND', command: { value: 'curl -f http://localhost:$PORT0/' } },
    ],
    upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 },
    backoffSeconds: 1,
    backoffFactor: 1.15,
    maxLaunchDelaySeconds: 3600,
    killSelection: 'OLDEST_FIRST',
    dependencies: ['/product/db'],
  },
  {
    id: '/bridged-webapp',
    cmd: 'python3 -m http.server 8080',
    cpus: 0.5,
    mem: 64.0,
    instances: 2,
    networks: [{ mode: 'container/bridge' }],
    container: {
      type: 'DOCKER',
      docker: { image: 'python:3', forcePullImage: false, privileged: false, parameters: [{ key: 'hostname', value: 'a.corp.org' }] },
      portMappings: [{ containerPort: 8080, hostPort: 0, servicePort: 9000, protocol: 'tcp', name: 'http', labels: {} }],
      volumes: [{ containerPath: '/etc/a', hostPath: '/var/data/a', mode: 'RO' }],
    },
    healthChecks: [{ protocol: 'MESOS_HTTP', portIndex: 0, path: '/' }],
  },
  {
    id: '/overlay/web',
    cmd: 'sleep 1000',
    instances: 1,
    networks: [{ mode: 'container', name: 'dcos', labels: { team: 'a' } }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http', labels: { VIP_0: '/overlay-web:80' } }] },
  },
];

const POD = {
  id: '/simple-pod',
  labels: { team: 'a' },
  scaling: { kind: 'fixed', instances: 1 },
  containers: [{ name: 'sleep1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 }, endpoints: [{ name: 'http', hostPort: 0, protocol: ['tcp'] }], environment: { A: 'b' } }],
  networks: [{ mode: 'host' }],
  scheduling: { backoff: { backoff: 1, backoffFactor: 1.15, maxLaunchDelay: 300 }, upgrade: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } },
};

/** The /v2 JSON after the typed message and the wire: equal, and no field unknown to the message. */
function roundTrip(message: string, json: Json): { unknown: string[]; back: Json } {
  const type = messageType(message);
  const unknown: string[] = [];
  objectFromJson(type, json, unknown);
  return { unknown, back: fromWire(type, toWire(type, json)) };
}

function expectParity(message: string, json: Json): void {
  const plain = JSON.parse(JSON.stringify(json)) as Json; // drop undefined, as JSON.stringify on /v2 does
  const { unknown, back } = roundTrip(message, plain);
  expect(unknown).toEqual([]);
  expect(back).toEqual(plain);
}

let f: FakeCore;
let hub: EventHub;
const seen: MarathonEvent[] = [];
beforeAll(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  hub = new EventHub(f.core.ctx.view, { heartbeatMs: 3_600_000 });
  hub.subscribe({ write: () => 0, events: (events) => (seen.push(...events), 0), close: () => undefined });
  await f.register('a1', '198.18.0.11');
  await createNetwork(f.core.ctx, parseNetwork({ name: 'dcos', cidr: '198.18.64.0/20' }));
  await f.core.ctx.view.waitFor(await f.core.ctx.store.currentRevision());
  for (const app of EXAMPLES) {
    try {
      await f.core.deployer.create(parseAppDefinition(app));
    } catch (e) {
      throw new Error(`${app.id as string}: ${String(e)} ${JSON.stringify((e as { details?: unknown }).details)}`);
    }
  }
  await createPod(f.core, POD);
});
afterAll(async () => {
  hub.stop();
  await f.stop();
});

/** Every embed /v2 offers. */
const ALL = parseEmbeds(['app.tasks', 'app.deployments', 'app.readiness', 'app.counts', 'app.lastTaskFailure', 'app.taskStats'], true);

/** The one difference: a gRPC App carries tasks, deployments and readinessCheckResults when not empty, whatever the embed. */
function withoutEmptyEmbeds(app: Json): Json {
  return Object.fromEntries(Object.entries(app).filter(([k, v]) => !(['tasks', 'deployments', 'readinessCheckResults'].includes(k) && Array.isArray(v) && v.length === 0)));
}

describe('typed App = /v2 app', () => {
  test.each(EXAMPLES.map((e) => [e.id as string]))('%s: definition, AppInfo with every embed, and its tasks', (id) => {
    const app = f.core.ctx.view.apps.get(id)!;
    expectParity('App', withoutEmptyEmbeds(renderApp(app, f.core.ctx.view, ALL)));
    expectParity('App', renderAppDefinition(app));
    const tasks = f.core.ctx.view.tasksOf(id);
    for (const t of tasks) expectParity('Task', renderTask(t) as unknown as Json);
  });

  test('unknown /v2 fields are reported, not sent', () => {
    expect(roundTrip('App', { id: '/x', nonsense: 1 }).unknown).toEqual(['/nonsense']);
  });
});

describe('the other Marathon objects', () => {
  test('pod, pod status, group, deployments, queue entries', async () => {
    expectParity('Pod', await getPod(f.core, '/simple-pod'));
    expectParity('PodStatus', await podStatus(f.core, '/simple-pod'));
    const view = f.core.ctx.view;
    const group = (g: Json): Json => ({ ...g, apps: (g.apps as Json[]).map(withoutEmptyEmbeds), groups: (g.groups as Json[]).map(group) });
    expectParity('Group', group(renderGroup(view, '/', { ...parseGroupEmbeds('group.groups,group.apps,group.pods'), app: ALL }, (a) => podStatusOf(view, a))));
    const deployments = deploymentsOf(view);
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) expectParity('Deployment', renderDeployment(d));
    const now = Date.now();
    for (const q of launchQueue(f.core.ctx, now)) expectParity('QueueItem', renderQueued(q, now));
  });

  test('every event the hub sent maps onto Event, its member equal to the SSE data', () => {
    expect(seen.map((e) => e.eventType)).toEqual(expect.arrayContaining(['api_post_event', 'pod_created_event', 'status_update_event', 'instance_changed_event', 'deployment_info']));
    for (const e of seen) {
      const msg = eventMessage(e);
      expect({ type: e.eventType, mapped: msg !== undefined }).toEqual({ type: e.eventType, mapped: true });
      expectParity('Event', msg!);
    }
  });
});
