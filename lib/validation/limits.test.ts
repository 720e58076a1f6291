import { MarinaError } from '../errors';
import { parseAppDefinition } from './app';
import { DEFAULT_APP_LIMITS, enforceAppLimits, type AppLimits } from './limits';

const small: AppLimits = { ...DEFAULT_APP_LIMITS, maxInstances: 3, maxInstancesPerRequest: 2, maxLabels: 1, maxEnv: 1, maxIdSegments: 2 };

function details(input: object, limits = small, current = 0) {
  try {
    enforceAppLimits(parseAppDefinition({ id: '/a', cmd: 'x', instances: 0, ...input }), limits, current);
    return [];
  } catch (err) {
    return (err as MarinaError).details;
  }
}

describe('enforceAppLimits', () => {
  test('passes at the limits, counts instances added against the current count', () => {
    expect(details({ instances: 2, labels: { a: 'b' }, env: { A: 'b' }, id: '/g/a' })).toEqual([]);
    expect(details({ instances: 3 }, small, 1)).toEqual([]);
    expect(details({ instances: 3 }, small, 0)).toEqual([{ path: '/instances', errors: ['adds 3 instances in one request, at most 2 allowed (limit --max-instances-per-request)'] }]);
  });

  test('names every field over a limit at once', () => {
    const d = details({ instances: 4, labels: { a: '1', b: '2' }, env: { A: '1', B: '2' }, id: '/g/h/a' });
    expect(d.map((x) => x.path).sort()).toEqual(['/env', '/id', '/instances', '/labels']);
    expect(d.find((x) => x.path === '/id')!.errors).toEqual(['3 id segments, at most 2 allowed (limit --max-id-segments)']);
  });

  test('sizes are bytes (UTF-8), key and value together', () => {
    const d = details({ labels: { k: 'é'.repeat(10) } }, { ...small, maxLabelBytes: 20 });
    expect(d).toEqual([{ path: '/labels/k', errors: ['label of 21 bytes, at most 20 allowed (limit --max-label-bytes)'] }]);
  });
});
