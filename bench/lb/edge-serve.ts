/**
 * Run Marina's edge proxy for one app: `edge-serve.ts <mode http|tcp> <servicePort> <backendPort>`
 * (backend on 127.0.0.1). Prints `ready` when listening. Used by edge-vs-peers.ts.
 */
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { Registry } from '../../lib/metrics';
import { EdgeProxy } from '../../services/lb/proxy/l7/edge';
import { ClusterTracker } from '../../services/lb/sync/tracker';
import { HaproxyEdge } from '../../services/lb/haproxy/haproxy-edge';
import type { AppDefinition } from '../../lib/model/app';
import type { Task } from '../../lib/model/cluster';

const [mode, sp, bp] = process.argv.slice(2);
// mode: http | tcp (built-in edge) or haproxy (the HAProxy data plane, http mode).
const app: AppDefinition = { id: '/bench', instances: 1, cpus: 1, mem: 1, disk: 0, gpus: 0, env: {}, labels: { HAPROXY_0_MODE: mode === 'tcp' ? 'tcp' : 'http' }, networks: [{ mode: 'host' }], portDefinitions: [{ port: Number(sp), protocol: 'tcp', labels: {} }], requirePorts: false, healthChecks: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, constraints: [], backoffSeconds: 1, backoffFactor: 1, maxLaunchDelaySeconds: 1, killSelection: 'YOUNGEST_FIRST' };
const task: Task = { id: 't', appId: '/bench', appVersion: 'v', agentId: 'a', host: '127.0.0.1', networkMode: 'host', ports: [{ hostPort: Number(bp), servicePort: Number(sp), protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v' };
const feed = new MemoryFeed();
feed.publish([{ kind: 'app', op: 'put', id: app.id, value: app }, { kind: 'task', op: 'put', id: 't', value: task }]);
const edgeOpts = { address: '127.0.0.1', httpPort: 0, group: 'external', strict: false };
const edge = mode === 'haproxy' ? new HaproxyEdge(edgeOpts) : new EdgeProxy(edgeOpts, new Registry());
process.on('SIGTERM', () => void edge.close().then(() => process.exit(0)));
const tracker = new ClusterTracker(() => edge.onChange(tracker.view()));
void feed.subscriber().start(tracker).then(() => edge.settled()).then(() => console.log('ready'));
