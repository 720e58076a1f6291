/**
 * Fuzz-ish: random and mutated JSON must only ever produce an AppDefinition
 * or a MarinaError (never a TypeError or another crash).
 */
import { MarinaError } from '../errors';
import { parseAppDefinition, parseAppUpdate } from './index';

// MARINA_FUZZ_ITER raises the count for a longer local run.
const ITER = Number(process.env.MARINA_FUZZ_ITER ?? 3000);

// Small deterministic PRNG (mulberry32) so failures reproduce.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['id', 'cmd', 'args', 'instances', 'cpus', 'env', 'labels', 'networks', 'portDefinitions', 'ports', 'container', 'docker',
  'portMappings', 'hostPort', 'containerPort', 'network', 'ipAddress', 'discovery', 'healthChecks', 'protocol', 'portIndex', 'command',
  'constraints', 'upgradeStrategy', 'mode', 'name', 'networkNames', 'VIP_0', '__proto__', 'constructor', 'value', 'number'];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor(r() * 70000) - 100;
    case 3: return r() * 3 - 1;
    case 4: return ['', '/web', 'HTTP', 'container', 'BRIDGE', 'USER', 'tcp', '/a:80', '([', 'UNIQUE', 'x'][Math.floor(r() * 11)];
    case 5: return 'host';
    case 6: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[KEYS[Math.floor(r() * KEYS.length)]!] = randomValue(r, depth + 1);
      return o;
    }
  }
}

const seeds: unknown[] = [
  { id: '/w', cmd: 'x', healthChecks: [{ protocol: 'TCP' }], constraints: [['h', 'UNIQUE']] },
  { id: '/b', networks: [{ mode: 'container/bridge' }], container: { docker: { image: 'i' }, portMappings: [{ containerPort: 80 }] } },
  { id: '/l', container: { docker: { image: 'i', network: 'USER', portMappings: [{ containerPort: 1 }] } }, ipAddress: { networkName: 'n', discovery: { ports: [{ number: 1 }] } } },
];

function mutate(r: () => number, v: unknown, depth = 0): unknown {
  if (r() < 0.15 || depth > 5) return randomValue(r, depth);
  if (Array.isArray(v)) return v.map((x) => mutate(r, x, depth + 1));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (r() > 0.1) o[k] = mutate(r, x, depth + 1);
    if (r() < 0.2) o[KEYS[Math.floor(r() * KEYS.length)]!] = randomValue(r, depth + 1);
    return o;
  }
  return v;
}

function expectOnlyMarinaErrors(fn: () => unknown, input: unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof MarinaError)) throw new Error(`non-MarinaError for ${JSON.stringify(input)}: ${String(err)}`);
    expect(err.details.length).toBeGreaterThan(0);
    for (const d of err.details) expect(d.path.startsWith('/')).toBe(true);
  }
}

describe('fuzz', () => {
  test('random JSON', () => {
    const r = rng(20261121);
    for (let i = 0; i < ITER; i++) {
      const input = randomValue(r, 0);
      expectOnlyMarinaErrors(() => parseAppDefinition(input), input);
    }
  });

  test('mutated valid definitions, as definitions and as updates', () => {
    const r = rng(42);
    const existing = parseAppDefinition(seeds[0]);
    for (let i = 0; i < ITER; i++) {
      const input = mutate(r, JSON.parse(JSON.stringify(seeds[i % seeds.length])));
      expectOnlyMarinaErrors(() => parseAppDefinition(input), input);
      expectOnlyMarinaErrors(() => parseAppUpdate(input, existing), input);
    }
  });

  test('JSON.parse with __proto__ keys', () => {
    const input = JSON.parse('{"id":"/p","cmd":"x","env":{"__proto__":"a"},"labels":{"__proto__":{"x":1}},"__proto__":{"cmd":1}}');
    expectOnlyMarinaErrors(() => parseAppDefinition(input), input);
  });

  test('a __proto__ env name or label key is kept as data, not dropped or used as a prototype', () => {
    const app = parseAppDefinition(JSON.parse('{"id":"/p","cmd":"x","env":{"__proto__":"a"},"labels":{"__proto__":"b"}}'));
    expect(Object.getOwnPropertyDescriptor(app.env, '__proto__')?.value).toBe('a');
    expect(Object.getOwnPropertyDescriptor(app.labels, '__proto__')?.value).toBe('b');
    expect(Object.getPrototypeOf(app.env)).toBe(Object.prototype);
  });
});
