/** Input checks shared by the store implementations: errors name the field. */
import { invalid } from '../errors';
import type { Compare, TxnRequest } from './contract';

const TARGETS = new Set(['value', 'version', 'createRevision', 'modRevision']);
const OPS = new Set(['==', '!=', '<', '>']);

export function checkKey(key: unknown, field = 'key'): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw invalid([{ path: field, errors: ['must be a non-empty string'] }], `invalid store ${field}`);
  }
}

export function checkTtl(ttlSeconds: unknown): void {
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw invalid([{ path: 'ttlSeconds', errors: ['must be an integer ≥ 1'] }], 'invalid lease ttlSeconds');
  }
}

function checkCompare(c: Compare, path: string): string[] {
  const errs: string[] = [];
  if (typeof c.key !== 'string' || c.key.length === 0) errs.push(`${path}.key: must be a non-empty string`);
  if (!TARGETS.has(c.target)) errs.push(`${path}.target: must be one of value, version, createRevision, modRevision`);
  if (!OPS.has(c.op)) errs.push(`${path}.op: must be one of ==, !=, <, >`);
  if (c.target === 'value' && typeof c.value !== 'string') errs.push(`${path}.value: must be a string for target value`);
  if (c.target !== 'value' && (typeof c.value !== 'number' || !Number.isInteger(c.value))) {
    errs.push(`${path}.value: must be an integer for target ${c.target}`);
  }
  return errs;
}

/** Validate a txn; duplicate writes of one key are rejected, as etcd does. */
export function checkTxn(req: TxnRequest): void {
  const details: { path: string; errors: string[] }[] = [];
  (req.compares ?? []).forEach((c, i) => {
    const errs = checkCompare(c, `compares[${i}]`);
    if (errs.length > 0) details.push({ path: `compares[${i}]`, errors: errs });
  });
  for (const branch of ['success', 'failure'] as const) {
    const seen = new Set<string>();
    (req[branch] ?? []).forEach((op, i) => {
      const path = `${branch}[${i}]`;
      const key = op.type === 'deletePrefix' ? op.prefix : op.key;
      if (typeof key !== 'string' || (op.type !== 'deletePrefix' && key.length === 0)) {
        details.push({ path, errors: ['key must be a non-empty string'] });
      } else if (op.type === 'put' || op.type === 'delete') {
        if (seen.has(key)) details.push({ path, errors: [`duplicate write of key ${key} in one txn`] });
        seen.add(key);
      }
      if (op.type === 'put' && typeof op.value !== 'string') details.push({ path: `${path}.value`, errors: ['must be a string'] });
    });
  }
  if (details.length > 0) throw invalid(details, 'invalid store txn');
}
