import type { AgentApi, AgentRegistration } from '../../lib/client/agent-api';
import { MarinaError } from '../../lib/errors';
import { logger } from '../../lib/log';
import type { Agent } from '../../lib/model/cluster';
import { Registration } from './registration';

/** An allocator whose answers the test scripts: unreachable, lease gone, or fine. */
class ScriptedApi implements AgentApi {
  mode: 'down' | 'lease-gone' | 'up' = 'up';
  registrations = 0;
  keepAlives = 0;
  async registerAgent(reg: AgentRegistration): Promise<Agent> {
    if (this.mode === 'down') throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'allocator unavailable');
    this.registrations++;
    if (this.mode === 'lease-gone') this.mode = 'up';
    return { id: reg.hostname, hostname: reg.hostname, ip: reg.ip, portRanges: [], attributes: {}, registeredAt: '' };
  }
  async keepAlive(): Promise<void> {
    this.keepAlives++;
    if (this.mode === 'down') throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'allocator unavailable');
    if (this.mode === 'lease-gone') throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', 'not registered');
  }
  async reportTaskStatus(): Promise<void> {}
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
}

function registration(api: AgentApi, onReconnect: () => void): Registration {
  return new Registration({ api, registration: { hostname: 'h1', ip: '198.18.0.11' }, keepAliveMs: 2, log: logger('test'), onReconnect });
}

test('an allocator that is not reachable yet is retried until it answers', async () => {
  const api = new ScriptedApi();
  api.mode = 'down';
  const r = registration(api, () => undefined);
  const started = r.start();
  await new Promise((res) => setTimeout(res, 50));
  expect(api.registrations).toBe(0);
  api.mode = 'up';
  expect((await started).id).toBe('h1');
  r.stop();
});

test('a refused registration rejects at once', async () => {
  const api = new ScriptedApi();
  api.registerAgent = async () => {
    throw new MarinaError('MARINA_ERR_INVALID', 'invalid agent registration');
  };
  await expect(registration(api, () => undefined).start()).rejects.toThrow('invalid agent registration');
});

test.each([
  ['keep-alives answer again after failing', 'down' as const, 1],
  ['the lease is gone: registered again', 'lease-gone' as const, 2],
])('%s: onReconnect once', async (_name, outage, registrations) => {
  const api = new ScriptedApi();
  let reconnects = 0;
  const r = registration(api, () => reconnects++);
  await r.start();
  const before = api.keepAlives;
  await until(() => api.keepAlives > before + 2);
  expect(reconnects).toBe(0); // a healthy lease is no reconnect
  api.mode = outage;
  const failing = api.keepAlives;
  await until(() => api.keepAlives > failing + 2 || api.mode === 'up');
  api.mode = 'up';
  await until(() => reconnects > 0);
  const after = api.keepAlives;
  await until(() => api.keepAlives > after + 2);
  r.stop();
  expect(reconnects).toBe(1);
  expect(api.registrations).toBe(registrations);
});
