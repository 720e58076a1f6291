/** docs/app-model.md examples: `json app` blocks parse, `json invalid` blocks are rejected. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAppDefinition } from './index';
import { pathsOf } from './testing/field-errors';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'app-model.md'), 'utf8');
const blocks = [...doc.matchAll(/```json (app|invalid)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, json: m[2]! }));

describe('docs/app-model.md examples', () => {
  test('the page has examples of both kinds', () => {
    expect(blocks.filter((b) => b.kind === 'app').length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter((b) => b.kind === 'invalid').length).toBeGreaterThanOrEqual(1);
  });

  test.each(blocks.map((b, i) => [i, b.kind, b.json] as const))('block %i (%s)', (_i, kind, json) => {
    const input: unknown = JSON.parse(json);
    if (kind === 'app') expect(parseAppDefinition(input).id).toMatch(/^\//);
    else expect(pathsOf(() => parseAppDefinition(input))).toEqual(['/instances', '/portDefinitions']);
  });
});
