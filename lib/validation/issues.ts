/**
 * Collects every field error of one definition (Marathon reports them all,
 * not only the first) with Marathon's path notation: `/container/portMappings(0)/hostPort`.
 */
import { invalid, type FieldError } from '../errors';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `/a` + `b` → `/a/b`; the root is ''. */
export function at(base: string, key: string): string {
  return `${base}/${key}`;
}

/** `/a` + 2 → `/a(2)`. */
export function idx(base: string, i: number): string {
  return `${base}(${i})`;
}

/** Set an own property even for keys like `__proto__` (plain assignment would drop them). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export class Issues {
  private readonly byPath = new Map<string, string[]>();

  add(path: string, message: string): void {
    const p = path === '' ? '/' : path;
    const list = this.byPath.get(p);
    if (list) {
      if (!list.includes(message)) list.push(message);
    } else this.byPath.set(p, [message]);
  }

  get count(): number {
    return this.byPath.size;
  }

  details(): FieldError[] {
    return [...this.byPath].map(([path, errors]) => ({ path, errors }));
  }

  throwIfAny(): void {
    if (this.byPath.size > 0) throw invalid(this.details());
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Reads typed fields of one JSON object, recording type errors at their paths. */
export class Reader {
  constructor(
    readonly obj: Obj,
    readonly path: string,
    readonly issues: Issues,
  ) {}

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  p(key: string): string {
    return at(this.path, key);
  }

  string(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.issues.add(this.p(key), `expected a string, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.issues.add(this.p(key), `expected a boolean, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** A number within [min, max]; integers only when `int`. */
  number(key: string, opts: { min?: number; max?: number; int?: boolean } = {}): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.issues.add(this.p(key), `expected a number, got ${describe(v)}`);
      return undefined;
    }
    if (opts.int && !Number.isInteger(v)) {
      this.issues.add(this.p(key), `expected an integer, got ${v}`);
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min) {
      const range = opts.max !== undefined ? `between ${opts.min} and ${opts.max}` : `${opts.min} or more`;
      this.issues.add(this.p(key), `got ${v}, expected ${range}`);
      return undefined;
    }
    if (opts.max !== undefined && v > opts.max) {
      const range = opts.min !== undefined ? `between ${opts.min} and ${opts.max}` : `${opts.max} or less`;
      this.issues.add(this.p(key), `got ${v}, expected ${range}`);
      return undefined;
    }
    return v;
  }

  object(key: string): Obj | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.issues.add(this.p(key), `expected an object, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  array(key: string): unknown[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.issues.add(this.p(key), `expected an array, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** An array of strings (non-string items are reported at `key(i)`). */
  strings(key: string): string[] | undefined {
    const arr = this.array(key);
    if (!arr) return undefined;
    const out: string[] = [];
    arr.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.issues.add(idx(this.p(key), i), `expected a string, got ${describe(v)}`);
    });
    return out;
  }

  /** A string → string map such as labels. */
  stringMap(key: string): Record<string, string> | undefined {
    const o = this.object(key);
    if (!o) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') setOwn(out, k, v);
      else this.issues.add(at(this.p(key), k), `expected a string, got ${describe(v)}`);
    }
    return out;
  }

  /** Fields not in `known` are errors (Marathon's schema has additionalProperties: false). */
  rejectUnknown(known: ReadonlySet<string>): void {
    for (const k of Object.keys(this.obj)) {
      if (!known.has(k)) this.issues.add(this.p(k), `unknown field '${k}'`);
    }
  }

  child(key: string): Reader | undefined {
    const o = this.object(key);
    return o ? new Reader(o, this.p(key), this.issues) : undefined;
  }
}

/** Readers for each object item of an array at `path`; non-objects are reported. */
export function items(arr: unknown[], path: string, issues: Issues): Array<[Reader, number]> {
  const out: Array<[Reader, number]> = [];
  arr.forEach((v, i) => {
    if (isObj(v)) out.push([new Reader(v, idx(path, i), issues), i]);
    else issues.add(idx(path, i), `expected an object, got ${describe(v)}`);
  });
  return out;
}
