/** Test helper: the 422 details a parse throws, as {path: errors}. */
import { isMarinaError, type FieldError } from '../../errors';

export function detailsOf(fn: () => unknown): FieldError[] {
  try {
    fn();
  } catch (err) {
    if (isMarinaError(err, 'MARINA_ERR_INVALID')) return err.details;
    throw err;
  }
  throw new Error('expected a 422 MarinaError, nothing was thrown');
}

export function pathsOf(fn: () => unknown): string[] {
  return detailsOf(fn).map((d) => d.path).sort();
}
