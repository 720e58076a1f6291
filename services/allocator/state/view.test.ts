/**
 * The watch-fed view on the fake store: it mirrors the store through a
 * broken watch, through a compaction of the gap (resync), and serves change
 * history by revision — or says the history is gone so watchers resync.
 */
import { parseAppDefinition } from '../../../lib/validation';
import { startFakeCore, type FakeCore } from '../testing/fake-core';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
});
afterEach(() => f.stop());

/** The view's objects as `key → value`, to compare with the store's. */
async function mirrorMatchesStore(): Promise<void> {
  const prefix = f.core.ctx.settings.prefix + '/';
  const stored = (await f.store.range(prefix)).kvs.filter((kv) => !kv.key.includes('/replicas/')).map((kv) => [kv.key.slice(prefix.length), kv.value]);
  const viewed = [...f.core.ctx.view.kv].filter(([k]) => !k.startsWith('replicas/')).map(([k, e]) => [k, e.value]);
  expect(Object.fromEntries(viewed)).toEqual(Object.fromEntries(stored));
}

test('a broken watch resumes by revision: the view misses nothing', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'x', instances: 2 }));
  const before = f.core.ctx.view.revision;
  f.store.disconnectWatches();
  await f.store.put(`${f.core.ctx.settings.prefix}/apps/db`, JSON.stringify(parseAppDefinition({ id: '/db', cmd: 'x', instances: 0 })));
  await f.store.delete(`${f.core.ctx.settings.prefix}/apps/web`);
  expect(f.core.ctx.view.apps.has('/db')).toBe(false);
  f.store.reconnectWatches();
  await f.core.ctx.view.waitFor(await f.store.currentRevision());
  await mirrorMatchesStore();
  expect(f.core.ctx.view.apps.has('/db')).toBe(true);
  expect(f.core.ctx.view.apps.has('/web')).toBe(false);
  // the missed revisions are in the history for watchers resuming from before the break
  const kinds = f.core.ctx.view.changesSince(before + 1)!.flatMap((b) => b.changes.map((c) => `${c.op} ${c.kind} ${c.id}`));
  expect(kinds).toEqual(['put app /db', 'delete app /web']);
});

test('a compacted gap resyncs the view to the store; history before it is reported gone', async () => {
  const before = f.core.ctx.view.revision;
  f.store.disconnectWatches();
  // writes the view does not see, including a delete, then the gap is compacted
  await f.store.put(`${f.core.ctx.settings.prefix}/apps/web`, JSON.stringify(parseAppDefinition({ id: '/web', cmd: 'x', instances: 0 })));
  await f.store.delete(`${f.core.ctx.settings.prefix}/agents/a1`);
  await f.store.compact(await f.store.currentRevision());
  f.store.reconnectWatches();
  await f.core.ctx.view.waitFor(await f.store.currentRevision());
  await mirrorMatchesStore();
  expect(f.core.ctx.view.apps.has('/web')).toBe(true);
  expect(f.core.ctx.view.agents.has('a1')).toBe(false);
  expect(f.core.ctx.view.changesSince(before)).toBeUndefined();
  expect(f.core.ctx.view.changesSince(f.core.ctx.view.revision + 1)).toEqual([]);
});

test('changesSince returns exactly the changes at or after a revision', async () => {
  const from = f.core.ctx.view.revision + 1;
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'x', instances: 1 }));
  const batches = f.core.ctx.view.changesSince(from)!;
  const kinds = batches.flatMap((b) => b.changes.map((c) => `${c.op} ${c.kind}`));
  expect(kinds).toEqual(expect.arrayContaining(['put app', 'put task']));
  expect(batches.every((b) => b.revision >= from)).toBe(true);
});
