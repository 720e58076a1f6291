import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS, MarinaError, invalid, isMarinaError } from './errors';

describe('error registry', () => {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'errors.md'), 'utf8');

  it.each(Object.keys(ERRORS))('documents %s in docs/errors.md', (code) => {
    expect(doc).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  it('lists no code in docs/errors.md that the registry lacks', () => {
    const documented = [...doc.matchAll(/^\| (MARINA_ERR_[A-Z_]+) \|/gm)].map((m) => m[1]);
    expect(documented.filter((c) => !(c in ERRORS))).toEqual([]);
  });

  it('gives a 422 in Marathon shape naming each field', () => {
    const err = invalid([{ path: '/container/portMappings(0)/hostPort', errors: ['must be between 0 and 65535'] }]);
    expect(err.httpStatus).toBe(422);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      message: 'Object is not valid',
      code: 'MARINA_ERR_INVALID',
      details: [{ path: '/container/portMappings(0)/hostPort', errors: ['must be between 0 and 65535'] }],
    });
  });

  it('carries status codes and the retryable flag from the registry', () => {
    const err = new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'etcd down', { cause: new Error('ECONNREFUSED') });
    expect([err.httpStatus, err.grpcCode, err.retryable]).toEqual([503, 14, true]);
    expect(isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE')).toBe(true);
    expect(isMarinaError(new Error('x'))).toBe(false);
    expect((err.cause as Error).message).toBe('ECONNREFUSED');
  });
});
