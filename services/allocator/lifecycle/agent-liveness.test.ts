/** When the leader may call a missing agent lost: only after a full grace period of its own watching. */
import { AgentLiveness } from './agent-liveness';

const GRACE = 15_000;

test.each([
  // [case, leading, leaderSince, storeHealthy, storeSince, now, mayJudge]
  ['not leading', false, undefined, true, 0, 100_000, false],
  ['just elected', true, 100_000, true, 0, 100_000, false],
  ['elected less than a grace period ago', true, 100_000, true, 0, 100_000 + GRACE - 1, false],
  ['elected a grace period ago', true, 100_000, true, 0, 100_000 + GRACE, true],
  ['store away', true, 0, false, 50_000, 200_000, false],
  ['store back less than a grace period ago', true, 0, true, 190_000, 200_000, false],
  ['store back a grace period ago', true, 0, true, 185_000, 200_000, true],
] as const)('%s', (_name, leading, since, healthy, storeSince, now, want) => {
  const live = new AgentLiveness({ isLeader: leading, leaderSince: since }, { isHealthy: healthy, healthySince: storeSince }, GRACE, () => now);
  expect(live.mayJudge()).toBe(want);
});

test('judgingFrom is the later of election and store recovery plus the grace period', () => {
  const live = new AgentLiveness({ isLeader: true, leaderSince: 1_000 }, { isHealthy: true, healthySince: 9_000 }, GRACE);
  expect(live.judgingFrom()).toBe(9_000 + GRACE);
});

test('a steady leader calls an agent lost only a grace period after it first saw it missing; one that comes back starts over', () => {
  let now = 100_000;
  const live = new AgentLiveness({ isLeader: true, leaderSince: 0 }, { isHealthy: true, healthySince: 0 }, GRACE, () => now);
  expect(live.lostAgents(new Set(['a']))).toEqual(new Set());
  now += GRACE - 1;
  expect(live.lostAgents(new Set(['a', 'b']))).toEqual(new Set());
  now += 1;
  expect(live.lostAgents(new Set(['a', 'b']))).toEqual(new Set(['a']));
  // 'b' re-registered, then vanished again: its clock starts over
  expect(live.lostAgents(new Set(['a']))).toEqual(new Set(['a']));
  now += GRACE - 1;
  expect(live.lostAgents(new Set(['a', 'b']))).toEqual(new Set(['a']));
});

test('not leading: nobody is lost, and nothing is remembered for a later term', () => {
  let now = 0;
  let leading = false;
  const live = new AgentLiveness({ get isLeader() { return leading; }, leaderSince: 0 }, { isHealthy: true, healthySince: 0 }, GRACE, () => now);
  expect(live.lostAgents(new Set(['a']))).toEqual(new Set());
  now = 10 * GRACE;
  leading = true;
  expect(live.lostAgents(new Set(['a']))).toEqual(new Set());
});
