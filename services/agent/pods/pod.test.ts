import type { Task } from '../../../lib/model/cluster';
import { containerEnv, endpointEnv, podContainers, POD_LABEL } from './pod';

const app = (label?: string) => ({ labels: label === undefined ? {} : { [POD_LABEL]: label } }) as never;
const task = (mode: Task['networkMode'], ports: Task['ports']) => ({ networkMode: mode, ports }) as Task;

test('an app without the label is not a pod; containers are read with their env', () => {
  expect(podContainers(app())).toBeUndefined();
  expect(podContainers(app(JSON.stringify([{ name: 'web', cmd: 'run web' }, { name: 'log', cmd: 'run log', env: { A: '1' } }])))).toEqual([
    { name: 'web', cmd: 'run web', env: {} },
    { name: 'log', cmd: 'run log', env: { A: '1' } },
  ]);
});

test.each([
  ['{', /MARINA_POD_CONTAINERS: not valid JSON/],
  ['[]', /non-empty JSON array/],
  ['[{"name":"Web","cmd":"x"}]', /\[0\]\.name: expected a DNS label/],
  ['[{"name":"a","cmd":"x"},{"name":"a","cmd":"y"}]', /\[1\]\.name: duplicate/],
  ['[{"name":"a"}]', /\[0\]\.cmd: expected a non-empty shell command/],
  ['[{"name":"a","cmd":"x","env":{"K":1}}]', /\[0\]\.env: expected an object of string values/],
])('bad pod label %s is rejected naming the field', (label, msg) => {
  expect(() => podContainers(app(label))).toThrow(msg);
});

test('ENDPOINT_<NAME> is the container port on a network, the host port on host networking', () => {
  const vn = task('container', [{ name: 'http', containerPort: 8080, protocol: 'tcp', labels: {} }, { containerPort: 9000, protocol: 'tcp', labels: {} }]);
  expect(endpointEnv(vn)).toEqual({ ENDPOINT_HTTP: '8080', EP_CONTAINER_HTTP: '8080' });
  const br = task('bridge', [{ name: 'admin-ui', hostPort: 31005, containerPort: 80, protocol: 'tcp', labels: {} }]);
  expect(endpointEnv(br)).toEqual({ ENDPOINT_ADMIN_UI: '80', EP_HOST_ADMIN_UI: '31005', EP_CONTAINER_ADMIN_UI: '80' });
  const host = task('host', [{ name: 'http', hostPort: 31001, containerPort: 31001, protocol: 'tcp', labels: {} }]);
  expect(endpointEnv(host)).toEqual({ ENDPOINT_HTTP: '31001', EP_HOST_HTTP: '31001' });
  expect(containerEnv({ PORT0: '31001', A: 'task' }, host, { name: 'web', cmd: 'x', env: { A: 'mine' } })).toMatchObject({ PORT0: '31001', A: 'mine', ENDPOINT_HTTP: '31001', MESOS_CONTAINER_NAME: 'web' });
});
