import { ReplyArena } from './reply-arena';

describe('ReplyArena', () => {
  it('hands out exactly n bytes, reusing the same memory for the same length', () => {
    const a = new ReplyArena();
    const x = a.take(60);
    expect(x.length).toBe(60);
    x.fill(7);
    const y = a.take(60);
    expect(y).toBe(x); // cached view: nothing allocated the second time
    expect(a.take(61).length).toBe(61);
    expect(a.owns(x)).toBe(true);
    expect(a.owns(Buffer.alloc(60))).toBe(false);
  });

  it('keeps a retired reply intact while later replies are built', () => {
    const a = new ReplyArena();
    const queued = a.take(100);
    queued.fill(0xab);
    a.retire(); // the socket still holds `queued`
    const next = a.take(100);
    next.fill(0xcd);
    expect(next).not.toBe(queued);
    expect(a.owns(queued)).toBe(false);
    expect(queued.every((b) => b === 0xab)).toBe(true);
    expect(a.retired).toBe(1);
  });

  it('serves long EDNS replies from the arena and oversize ones from fresh memory', () => {
    const a = new ReplyArena();
    const long = a.take(8000);
    expect(long.length).toBe(8000);
    expect(a.owns(long)).toBe(true);
    const huge = a.take(70_000);
    expect(huge.length).toBe(70_000);
    expect(a.owns(huge)).toBe(false);
  });
});
