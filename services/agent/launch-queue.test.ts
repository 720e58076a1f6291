import { LaunchQueue } from './launch-queue';

/** A launch the test finishes by hand. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

test('at most `concurrency` launches run; the others start in order as slots free', async () => {
  const q = new LaunchQueue(2);
  const gates = [gate(), gate(), gate(), gate()];
  const started: number[] = [];
  gates.forEach((g, i) => q.add(async () => { started.push(i); await g.promise; }, () => undefined, () => undefined));
  expect(started).toEqual([0, 1]);
  gates[1].open();
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1, 2]);
  gates.forEach((g) => g.open());
  await q.drained();
  expect(started).toEqual([0, 1, 2, 3]);
  expect(q.completed).toBe(4);
});

test('after stop, queued launches start nothing (skip runs) and drained waits for the running one', async () => {
  const q = new LaunchQueue(1);
  const g = gate();
  const started: string[] = [];
  const skipped: string[] = [];
  for (const id of ['a', 'b', 'c']) q.add(async () => { started.push(id); await g.promise; }, () => skipped.push(id), () => undefined);
  q.stop();
  let drained = false;
  const d = q.drained().then(() => (drained = true));
  await new Promise((r) => setImmediate(r));
  expect(drained).toBe(false);
  g.open();
  await d;
  expect(started).toEqual(['a']);
  expect(skipped).toEqual(['b', 'c']);
});

test('a failing launch goes to onError and frees its slot', async () => {
  const q = new LaunchQueue(1);
  const errors: unknown[] = [];
  const ran: string[] = [];
  q.add(async () => { throw new Error('boom'); }, () => undefined, (e) => errors.push(e));
  q.add(async () => { ran.push('next'); }, () => undefined, (e) => errors.push(e));
  await q.drained();
  expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  expect(ran).toEqual(['next']);
});
