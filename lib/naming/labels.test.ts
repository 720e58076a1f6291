import { dcosDomainFrag, dcosLabel, domainFrag, rfc1123Label, rfc952Label } from './labels';

// Vectors from mesos-dns records/labels/labels_test.go.
const common: Array<[string, string]> = [
  ['', ''],
  ['a', 'a'],
  ['-', ''],
  ['a---', 'a'],
  ['---a---', 'a'],
  ['---a---b', 'a---b'],
  ['a.b.c.d.e', 'a-b-c-d-e'],
  ['a.c.d_de.', 'a-c-d-de'],
  ['abc123', 'abc123'],
  ['-abc123', 'abc123'],
  ['abc123-', 'abc123'],
  ['abc-123', 'abc-123'],
  ['abc--123', 'abc--123'],
  ['r29f.dev.angrypigs', 'r29f-dev-angrypigs'],
];

describe('rfc1123Label (Mesos-DNS RFC1123)', () => {
  test('a refill after the cut that ends in "-" is trimmed (Mesos-DNS would return the invalid label)', () => {
    const name = `${'a'.repeat(61)}--b-c`;
    expect(rfc1123Label(name)).toBe(`${'a'.repeat(61)}b`);
  });

  test.each<[string, string]>([
    ...common,
    ['hello----------------------------------------------------------f', 'hellof'],
    ['4abc123', '4abc123'],
    ['-4abc123', '4abc123'],
    ['89fdgsf---gs7-fgs--d7fddg-123', '89fdgsf---gs7-fgs--d7fddg-123'],
    ['89fdgsf---gs7-fgs--d7fddg---123', '89fdgsf---gs7-fgs--d7fddg---123'],
    ['89fdgsf---gs7-fgs--d7fddg-', '89fdgsf---gs7-fgs--d7fddg'],
    ['fd%gsf---gs7-f$gs--d7fddg-123', 'fdgsf---gs7-fgs--d7fddg-123'],
    ['fd%gsf---gs7-f$gs--d7fddg123456789012345678901234567890123456789-123', 'fdgsf---gs7-fgs--d7fddg1234567890123456789012345678901234567891'],
    ['$$fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789-123', 'fdgsf---gs7-fgs--d7fddg1234567890123456789012345678901234567891'],
    ['%%fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789---123', 'fdgsf---gs7-fgs--d7fddg1234567890123456789012345678901234567891'],
    ['##fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789-', 'fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789'],
    ['Web_App.Group', 'web-app-group'],
  ])('%j → %j', (input, want) => {
    expect(rfc1123Label(input)).toBe(want);
  });

  test('random input: charset [a-z0-9-], no edge hyphen, ≤ 63', () => {
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: Math.floor(Math.random() * 90) }, () => String.fromCharCode(32 + Math.floor(Math.random() * 95))).join('');
      const l = rfc1123Label(s);
      expect(l).toMatch(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$/);
      expect(l.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('rfc952Label (Mesos-DNS RFC952)', () => {
  test.each<[string, string]>([
    ...common,
    ['4abc123', 'abc123'],
    ['-4abc123', 'abc123'],
    ['fd%gsf---gs7-f$gs--d7fddg-123', 'fdgsf---gs7-fgs--d7fddg1'],
    ['89fdgsf---gs7-fgs--d7fddg-123', 'fdgsf---gs7-fgs--d7fddg1'],
    ['89fdgsf---gs7-fgs--d7fddg---123', 'fdgsf---gs7-fgs--d7fddg1'],
    ['89fdgsf---gs7-fgs--d7fddg-', 'fdgsf---gs7-fgs--d7fddg'],
    ['chronos with a space AND MIXED CASE-2.0.1', 'chronoswithaspaceandmixe'],
    ['chronos with a space AND----------MIXED--', 'chronoswithaspaceandmixe'],
    ['hello--------------------------------------------------------f', 'hellof'],
  ])('%j → %j', (input, want) => {
    expect(rfc952Label(input)).toBe(want);
  });
});

describe('domainFrag', () => {
  test.each<[string, string]>([
    ['', ''],
    ['.', ''],
    ['...', ''],
    ['abc.', 'abc'],
    ['.a.c', 'a.c'],
    ['a..c.e', 'a.c.e'],
    ['space space.com', 'spacespace.com'],
    ['not$1234.com', 'not1234.com'],
    ['(@ host . com', 'host.com'],
    ['MiXeDcase.CoM', 'mixedcase.com'],
    ['pod_123$abc.marathon-0.6.0-dev.mesos', 'pod-123abc.marathon-0.6.0-dev.mesos'],
  ])('RFC1123 %j → %j', (input, want) => {
    expect(domainFrag(input)).toBe(want);
  });

  test('RFC952 keeps the Mesos-DNS vector', () => {
    expect(domainFrag('pod_123$abc.marathon-0.6.0-dev.mesos', rfc952Label)).toBe('pod-123abc.marathon-0.dev.mesos');
  });
});

describe('dcosLabel (dcos-net mesos_state:label)', () => {
  // Vectors from dcos-net mesos_state.erl remap_test.
  test.each<[string, string]>([
    ['fd%gsf---gs7-f$gs--d7fddg-123', 'fdgsf---gs7-fgs--d7fddg-123'],
    ['4abc123', '4abc123'],
    ['89fdgsf---gs7-fgs--d7fddg-123', '89fdgsf---gs7-fgs--d7fddg-123'],
    ['##fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789-', 'fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789'],
    ['fd%gsf---gs7-f$gs--d7fddg123456789012345678901234567890123456789-123', 'fdgsf---gs7-fgs--d7fddg1234567890123456789012345678901234567891'],
    ['89fdgsf---gs7-fgs--d7fddg---123', '89fdgsf---gs7-fgs--d7fddg---123'],
    ['%%fdgsf---gs7-fgs--d7fddg123456789012345678901234567890123456789---123', 'fdgsf---gs7-fgs--d7fddg1234567890123456789012345678901234567891'],
    ['-4abc123', '4abc123'],
    ['89fdgsf---gs7-fgs--d7fddg-', '89fdgsf---gs7-fgs--d7fddg'],
    ['0-0', '0-0'],
    ['web.group', 'web-group'],
    ['/group/web', 'groupweb'],
  ])('%j → %j', (input, want) => {
    expect(dcosLabel(input)).toBe(want);
  });

  test('dcosDomainFrag keeps dots and drops empty parts', () => {
    expect(dcosDomainFrag('/my.vip..x')).toBe('my.vip.x');
    expect(dcosDomainFrag('marathon')).toBe('marathon');
  });
});
