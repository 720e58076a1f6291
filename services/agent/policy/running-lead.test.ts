import { RunningToProgrammed } from './running-lead';

function setup() {
  const seen: number[] = [];
  return { seen, r: new RunningToProgrammed({ observe: ((v: number) => void seen.push(v)) }) };
}

describe('running → programmed', () => {
  it('a task programmed before it runs observes 0; one programmed after observes the gap', () => {
    const { seen, r } = setup();
    r.appeared('early', 10);
    r.programmed(10, 1_000);
    r.running('early', 1_200);
    r.appeared('late', 11);
    r.running('late', 2_000);
    expect(seen).toEqual([0]);
    r.programmed(10, 2_100); // an older revision's sync does not hold it
    r.programmed(12, 2_250);
    expect(seen).toEqual([0, 0.25]);
    expect(r.size).toBe(0);
  });

  it('each task is observed once; ended tasks and snapshots drop what is pending', () => {
    const { seen, r } = setup();
    r.appeared('a', 1);
    r.appeared('b', 1);
    r.forget('b');
    r.programmed(1, 500);
    r.running('a', 400);
    r.running('a', 450);
    r.running('b', 400);
    expect(seen).toEqual([0.1]);
    r.appeared('c', 2);
    r.clear();
    r.programmed(2, 600);
    r.running('c', 500);
    expect(seen).toEqual([0.1]);
  });
});
