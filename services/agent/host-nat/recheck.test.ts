import type { Attachment } from '../modes/mode';
import { desiredHostNat } from './recheck';

const att = (over: Partial<Attachment>): Attachment => ({ mode: 'bridge', taskId: 't', ownsNetns: true, ...over });
const ports = [{ hostPort: 31000, containerPort: 80, protocol: 'tcp' }];

test.each<[string, Parameters<typeof desiredHostNat>[0], ReturnType<typeof desiredHostNat>]>([
  ['no tasks: an empty table', [], []],
  ['a task launching: no re-check (its elements are in flight)', [{ phase: 'launching' }, { phase: 'running', attachment: att({ ip: '198.18.16.2', hostPorts: ports }) }], undefined],
  ['a task stopping: no re-check', [{ phase: 'stopping' }], undefined],
  ['host-mode task (no address): nothing', [{ phase: 'running', attachment: att({ mode: 'host' }) }], []],
  ['an address without ports or subnet: nothing', [{ phase: 'running', attachment: att({ ip: '198.18.16.2' }) }], []],
  ['hostPorts: mapped to the task', [{ phase: 'running', attachment: att({ ip: '198.18.16.2', hostPorts: ports }) }], [{ ip: '198.18.16.2', portMappings: ports }]],
  ['a bridge subnet: masqueraded, with no ports', [{ phase: 'running', attachment: att({ ip: '198.18.16.3', hostNatNets: { localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' } }) }], [{ ip: '198.18.16.3', portMappings: [], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' }]],
])('%s', (_name, tasks, want) => {
  expect(desiredHostNat(tasks)).toEqual(want);
});
