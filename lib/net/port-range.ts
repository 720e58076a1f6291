/** Port ranges in options (`10000-20000`). */
import { MarinaError } from '../errors';

/** Inclusive port range `a-b` within 1-65535; errors (MARINA_ERR_CONFIG) name the option. */
export function parseRange(range: string, field: string): { begin: number; end: number } {
  const m = /^(\d+)-(\d+)$/.exec(range.trim());
  const begin = m ? Number(m[1]) : NaN;
  const end = m ? Number(m[2]) : NaN;
  if (!m || begin < 1 || end > 65535 || begin > end) {
    throw new MarinaError('MARINA_ERR_CONFIG', `${field}: ${JSON.stringify(range)} is not a port range like 10000-20000`);
  }
  return { begin, end };
}
