import { parseMapElements, renderAdd, renderBase, renderDel, renderReplace, renderSync, validateMappings } from './render';

const entry = { ip: '198.18.16.5', portMappings: [{ hostPort: 31001, containerPort: 8080, protocol: 'tcp' }, { hostPort: 31002, containerPort: 53, protocol: 'udp' }], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' };

test('ADD writes the idempotent base and one element per mapping, in the protocol map', () => {
  const lines = renderAdd(entry).trim().split('\n');
  expect(lines.slice(0, renderBase().length)).toEqual(renderBase());
  expect(lines).toContain('add element ip marina-agent hostports-tcp { 31001 : 198.18.16.5 . 8080 }');
  expect(lines).toContain('add element ip marina-agent hostports-udp { 31002 : 198.18.16.5 . 53 }');
  expect(lines).toContain('add element ip marina-agent masq-nets { 198.18.16.0/24 }');
  expect(renderBase().filter((l) => l.startsWith('flush chain'))).toHaveLength(3);
  expect(renderAdd(entry, false).trim().split('\n')).toHaveLength(4);
});

test('DEL adds each element before deleting it, so a missing one is not an error', () => {
  const lines = renderDel(entry).trim().split('\n');
  const i = lines.indexOf('add element ip marina-agent hostports-tcp { 31001 : 198.18.16.5 . 8080 }');
  expect(i).toBeGreaterThan(0);
  expect(lines[i + 1]).toBe('delete element ip marina-agent hostports-tcp { 31001 }');
  expect(lines.some((l) => l.includes('masq-nets'))).toBe(false);
});

test('replace deletes the taken keys before adding', () => {
  const lines = renderReplace(entry, [{ hostPort: 31001, containerPort: 80, protocol: 'tcp' }]).trim().split('\n');
  expect(lines.indexOf('delete element ip marina-agent hostports-tcp { 31001 }')).toBeLessThan(lines.findIndex((l) => l.includes('{ 31001 : ')));
});

test('bad mappings are refused naming the field', () => {
  expect(() => validateMappings([{ hostPort: 31001, containerPort: 80, protocol: 'icmp' }])).toThrow(/portMappings\[0\]\.protocol/);
  expect(() => validateMappings([{ hostPort: 0, containerPort: 80, protocol: 'tcp' }])).toThrow(/portMappings\[0\]\.hostPort/);
  expect(() => validateMappings([{ hostPort: 31001, containerPort: 70000, protocol: 'tcp' }])).toThrow(/portMappings\[0\]\.containerPort/);
});

test('map elements are parsed from nft -j output', () => {
  const json = JSON.stringify({ nftables: [{ metainfo: {} }, { map: { name: 'hostports-tcp', elem: [[31001, { concat: ['198.18.16.5', 8080] }]] } }] });
  expect(parseMapElements(json, 'tcp')).toEqual([{ hostPort: 31001, containerPort: 8080, protocol: 'tcp', ip: '198.18.16.5' }]);
});

describe('renderSync (periodic re-check)', () => {
  test('base, then every hostPort map flushed and refilled with exactly the given tasks, subnets added', () => {
    const out = renderSync([
      { ip: '198.18.16.5', portMappings: [{ hostPort: 31080, containerPort: 8080, protocol: 'tcp' }], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' },
      { ip: '198.19.0.66', portMappings: [{ hostPort: 31081, containerPort: 80, protocol: 'udp' }], localNet: '198.19.0.0/20' },
    ]).trimEnd().split('\n');
    expect(out.slice(0, renderBase().length)).toEqual(renderBase());
    const rest = out.slice(renderBase().length);
    expect(rest.slice(0, 3)).toEqual(['tcp', 'udp', 'sctp'].map((p) => `flush map ip marina-agent hostports-${p}`));
    expect(rest).toContain('add element ip marina-agent hostports-tcp { 31080 : 198.18.16.5 . 8080 }');
    expect(rest).toContain('add element ip marina-agent hostports-udp { 31081 : 198.19.0.66 . 80 }');
    expect(rest).toContain('add element ip marina-agent masq-nets { 198.18.16.0/24 }');
    expect(rest.filter((l) => l.startsWith('flush set'))).toEqual([]);
  });
});
