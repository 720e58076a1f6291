/**
 * Marathon app ids (PathId): absolute (`/group/web`) or relative to a base
 * (`web` under `/group`), `.` and `..` resolved, each segment a lowercase
 * DNS-like name.
 */

/** Marathon's segment pattern (PathId validation). */
export const ID_SEGMENT_RE = /^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;

export const ID_PATTERN_TEXT = '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$';

/** Resolve an id against `base` ('/' by default): the canonical absolute path, or an error message. */
export function canonicalAppId(id: string, base = '/'): { id: string } | { error: string } {
  if (id.trim() === '') return { error: 'must not be empty' };
  const parts = id.startsWith('/') ? [] : base.split('/').filter((s) => s !== '');
  for (const seg of id.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return { error: `'${id}' goes above the root group` };
      parts.pop();
      continue;
    }
    if (!ID_SEGMENT_RE.test(seg)) {
      return { error: `'${seg}' in '${id}' must fully match regular expression '${ID_PATTERN_TEXT}'` };
    }
    parts.push(seg);
  }
  if (parts.length === 0) return { error: `'${id}' names the root group, not an app` };
  if (id.includes('//')) return { error: `'${id}' contains an empty path segment` };
  return { id: '/' + parts.join('/') };
}
