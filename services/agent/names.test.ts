import { HOST_BRIDGE, isAgentObject, netnsPrefix, networkBridgeName, taskNetnsName, vxlanDeviceName, type AgentObjectKind } from './names';

test.each<[AgentObjectKind, string, string | undefined, boolean]>([
  ['link', HOST_BRIDGE, undefined, true],
  ['link', networkBridgeName('blue'), undefined, true],
  ['link', vxlanDeviceName('blue'), undefined, true],
  ['link', 'marina-atbr', undefined, false], // a test's underlay bridge
  ['link', 'marina-up-eth0', undefined, false],
  ['link', 'marina-bzzzzzz', undefined, false],
  ['link', 'eth0', undefined, false],
  ['link', 'cni0', undefined, false],
  ['netns', taskNetnsName('h1', 'web.1'), undefined, true],
  ['netns', taskNetnsName('h1', 'web.1'), 'h1', true],
  ['netns', taskNetnsName('h1', 'web.1'), 'h2', false], // another agent's task
  ['netns', 'marina-at1', undefined, false],
  ['netns', `${netnsPrefix('h1')}x`, 'h1', false],
  ['chain', 'MARINA-ISOLATE', undefined, true],
  ['chain', 'MARINA-EGRESS', undefined, true],
  ['chain', 'MARINA-SERVICES', undefined, false], // the lb's
  ['chain', 'CNI-HOSTPORT-DNAT', undefined, false],
  ['nft-table', 'marina-agent', undefined, true],
  ['nft-table', 'marina', undefined, false], // the lb's
])('%s %s (agent %s): %s', (kind, name, agentId, want) => {
  expect(isAgentObject(kind, name, agentId)).toBe(want);
});
