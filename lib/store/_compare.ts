/** etcd's compare rules, shared by the embedded and fake stores. */
import type { Compare, KeyValue } from './contract';

function cmp<T extends string | number>(a: T, op: Compare['op'], b: T): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
  }
}

/** Byte order of UTF-8, as etcd compares values. */
function cmpBytes(a: string, op: Compare['op'], b: string): boolean {
  const d = Buffer.compare(Buffer.from(a), Buffer.from(b));
  return cmp(d, op, 0);
}

/** etcd's rule: a value compare on a missing key always fails; numeric fields of a missing key are 0. */
export function compareHolds(c: Compare, kv: KeyValue | undefined): boolean {
  if (c.target === 'value') return kv !== undefined && cmpBytes(kv.value, c.op, c.value as string);
  const actual = kv ? kv[c.target] : 0;
  return cmp(actual, c.op, c.value as number);
}

