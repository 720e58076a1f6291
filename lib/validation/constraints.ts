/** Marathon placement constraints: `[field, OPERATOR, value?]`. */
import type { Constraint } from '../model/app';
import { idx, type Issues } from './issues';

export const CONSTRAINT_OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'] as const;

function checkValue(op: string, value: string | undefined, path: string, issues: Issues): void {
  switch (op) {
    case 'LIKE':
    case 'UNLIKE':
      if (value === undefined) issues.add(path, `${op} requires a value (a regular expression)`);
      else {
        try {
          new RegExp(`^(?:${value})$`);
        } catch {
          issues.add(path, `'${value}' is not a valid regular expression`);
        }
      }
      return;
    case 'MAX_PER':
      if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) < 1) {
        issues.add(path, 'MAX_PER requires a positive integer value');
      }
      return;
    case 'GROUP_BY':
      if (value !== undefined && (!/^[0-9]+$/.test(value) || Number(value) < 1)) {
        issues.add(path, 'GROUP_BY value must be a positive integer when given');
      }
      return;
    case 'IS':
      if (value === undefined) issues.add(path, 'IS requires a value');
      return;
    case 'UNIQUE':
      if (value !== undefined && value !== '') issues.add(path, 'UNIQUE takes no value');
      return;
    default:
      return; // CLUSTER: value optional
  }
}

/** Parse `constraints` (array of 2- or 3-string arrays); errors at `/constraints(i)`. */
export function parseConstraints(raw: unknown[] | undefined, path: string, issues: Issues): Constraint[] {
  const out: Constraint[] = [];
  (raw ?? []).forEach((c, i) => {
    const p = idx(path, i);
    if (!Array.isArray(c) || c.length < 2 || c.length > 3 || !c.every((x) => typeof x === 'string')) {
      issues.add(p, 'Each constraint must have either 2 or 3 string fields: [field, operator, value?]');
      return;
    }
    const [field, operator, value] = c as [string, string, string?];
    if (field === '') issues.add(p, 'constraint field must not be empty');
    if (!(CONSTRAINT_OPERATORS as readonly string[]).includes(operator)) {
      issues.add(p, `Constraint operator must be one of the following: ${CONSTRAINT_OPERATORS.join(', ')}`);
      return;
    }
    checkValue(operator, value, p, issues);
    out.push(value === undefined ? [field, operator] : [field, operator, value]);
  });
  return out;
}
