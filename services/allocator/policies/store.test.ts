/**
 * Policies in the store on the fake core: a write is one txn (the policy and
 * its version), the view indexes it and streams it as kind `policy`,
 * versions are bounded and go with the policy, the warning names host-mode apps.
 */
import { parseAppDefinition } from '../../../lib/validation';
import { isMarinaError } from '../../../lib/errors';
import { startFakeCore, type FakeCore } from '../testing/fake-core';
import { MAX_VERSIONS } from '../deploy/versions';
import { checkPolicy, deletePolicy, listPolicyVersions, writePolicy } from './store';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
  await f.core.deployer.create(parseAppDefinition({ id: '/shop/db', cmd: 'x', instances: 0 }));
});
afterEach(() => f.stop());

test('a write is in the view, on the change stream as kind policy, and in the snapshot', async () => {
  const ctx = f.core.ctx;
  const from = ctx.view.revision + 1;
  const w = await writePolicy(ctx, checkPolicy(ctx, { id: 'p', selector: { apps: ['/shop/db'] }, ingress: [] }), 'create');
  expect(w.created).toBe(true);
  expect(ctx.view.policies.get('p')).toEqual(w.policy);
  expect(ctx.view.changesSince(from)!.flatMap((b) => b.changes.map((c) => `${c.op} ${c.kind} ${c.id}`))).toEqual(['put policy p']);
  expect(ctx.view.snapshotChanges().filter((c) => c.kind === 'policy').map((c) => JSON.parse(c.valueJson))).toEqual([w.policy]);
  // host networking is Marathon's default: the answer warns
  expect(w.warnings).toEqual([expect.stringMatching(/^\/shop\/db uses host networking/)]);
  await deletePolicy(ctx, 'p');
  expect(ctx.view.policies.has('p')).toBe(false);
  expect(ctx.view.keysUnder('policyversions/')).toEqual([]);
});

test(`versions: each write adds one, at most ${MAX_VERSIONS} kept, newest first; create of an existing id is a conflict`, async () => {
  const ctx = f.core.ctx;
  const def = checkPolicy(ctx, { id: 'v', selector: { apps: ['/shop/*'] } });
  const versions: string[] = [];
  for (let i = 0; i < MAX_VERSIONS + 3; i++) versions.push((await writePolicy(ctx, def, 'put')).policy.version!);
  expect(new Set(versions).size).toBe(versions.length); // strictly increasing even within a millisecond
  expect(listPolicyVersions(ctx, 'v')).toEqual(versions.slice(-MAX_VERSIONS).reverse());
  await expect(writePolicy(ctx, def, 'create')).rejects.toMatchObject({ code: 'MARINA_ERR_CONFLICT' });
});

test('the --max-policies bound refuses a new policy, not a replacement', async () => {
  const ctx = f.core.ctx;
  ctx.settings.limits.maxPolicies = 1;
  const def = checkPolicy(ctx, { id: 'one', selector: { apps: ['/shop/*'] } });
  await writePolicy(ctx, def, 'create');
  await writePolicy(ctx, def, 'put');
  try {
    await writePolicy(ctx, { ...def, id: 'two' }, 'create');
    throw new Error('accepted');
  } catch (err) {
    expect(isMarinaError(err, 'MARINA_ERR_INVALID') && err.message).toMatch(/limit --max-policies/);
  }
});
