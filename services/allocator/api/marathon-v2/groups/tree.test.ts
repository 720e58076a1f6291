/** Groups derived from run-spec ids: the tree, its embeds, existence and versions. */
import { parseAppDefinition } from '../../../../../lib/validation';
import { startFakeCore, type FakeCore } from '../../../testing/fake-core';
import { groupExists, groupVersions, parentOf, parseGroupEmbeds, renderGroup } from './tree';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  for (const id of ['/top', '/shop/web', '/shop/db', '/shop/back/queue']) await f.core.deployer.create(parseAppDefinition({ id, cmd: 'serve', instances: 0 }));
});
afterEach(() => f.stop());

const pod = () => ({});

test('the root holds top-level apps and one group per first segment, recursively', () => {
  const root = renderGroup(f.core.ctx.view, '/', parseGroupEmbeds(undefined), pod) as { apps: Array<{ id: string }>; groups: Array<{ id: string; apps: Array<{ id: string }>; groups: Array<{ id: string }> }> };
  expect(root.apps.map((a) => a.id)).toEqual(['/top']);
  expect(root.groups.map((g) => g.id)).toEqual(['/shop']);
  expect(root.groups[0]!.apps.map((a) => a.id)).toEqual(['/shop/db', '/shop/web']);
  expect(root.groups[0]!.groups.map((g) => g.id)).toEqual(['/shop/back']);
});

test('embed: only the parts named; app parts add AppInfo fields', () => {
  const e = parseGroupEmbeds('group.apps,group.apps.counts');
  expect([e.groups, e.apps, e.pods, e.app.counts, e.app.tasks]).toEqual([false, true, false, true, false]);
  const g = renderGroup(f.core.ctx.view, '/shop', e, pod);
  expect(g).not.toHaveProperty('groups');
  expect((g.apps as Array<Record<string, unknown>>)[0]).toHaveProperty('tasksRunning', 0);
});

test('existence, parents and versions', () => {
  expect([groupExists(f.core.ctx.view, '/shop/back'), groupExists(f.core.ctx.view, '/sho'), groupExists(f.core.ctx.view, '/')]).toEqual([true, false, true]);
  expect([parentOf('/web'), parentOf('/shop/back/queue')]).toEqual(['/', '/shop/back']);
  const versions = groupVersions(f.core.ctx.view, '/shop', (id) => [f.core.ctx.view.apps.get(id)!.version!]);
  // one entry per distinct version (creates in one millisecond share one), newest first
  expect(versions.length).toBeGreaterThanOrEqual(1);
  expect(new Set(versions).size).toBe(versions.length);
  expect([...versions].sort().reverse()).toEqual(versions);
});
