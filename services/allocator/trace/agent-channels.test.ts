import { TraceAgents, type CheckMessage } from './agent-channels';

function channel(agents: TraceAgents, id: string) {
  const sent: CheckMessage[] = [];
  let closed = 0;
  const s = agents.attach(id, (m) => sent.push(m), () => closed++);
  return { sent, s, closed: () => closed };
}

describe('TraceAgents', () => {
  test('a check goes down the agent stream and its reply (same id) resolves it', async () => {
    const a = new TraceAgents();
    const c = channel(a, 'h1');
    const p = a.run('h1', { check: 'vip', ip: '198.19.250.1', port: 80, proto: 'tcp' }, 1000);
    expect(c.sent).toEqual([{ id: expect.any(String), check: 'vip', paramsJson: JSON.stringify({ check: 'vip', ip: '198.19.250.1', port: 80, proto: 'tcp' }) }]);
    c.s.receive({ id: 'other', resultJson: '{}', error: '' }); // ignored
    c.s.receive({ id: c.sent[0]!.id, resultJson: '{"dataPlane":"none","present":false}', error: '' });
    await expect(p).resolves.toEqual({ dataPlane: 'none', present: false });
  });

  test('errors, timeouts, no channel, a closed or replaced stream reject with a reason', async () => {
    jest.useFakeTimers();
    try {
      const a = new TraceAgents();
      await expect(a.run('h9', { check: 'target', taskId: 't', port: 1, proto: 'tcp' }, 10)).rejects.toMatchObject({ code: 'MARINA_ERR_AGENT_UNAVAILABLE', message: expect.stringMatching(/no trace channel/) });
      const c = channel(a, 'h1');
      const err = a.run('h1', { check: 'target', taskId: 't', port: 1, proto: 'tcp' }, 1000);
      c.s.receive({ id: c.sent[0]!.id, resultJson: '', error: 'ss failed' });
      await expect(err).rejects.toMatchObject({ code: 'MARINA_ERR_EXEC', message: 'ss failed' });
      const slow = a.run('h1', { check: 'target', taskId: 't', port: 1, proto: 'tcp' }, 50);
      jest.advanceTimersByTime(60);
      await expect(slow).rejects.toMatchObject({ message: expect.stringMatching(/did not answer the target check within 50 ms/) });
      const pending = a.run('h1', { check: 'target', taskId: 't', port: 1, proto: 'tcp' }, 1000);
      const c2 = channel(a, 'h1'); // the agent reconnected: the old stream is closed, its checks fail
      await expect(pending).rejects.toMatchObject({ message: expect.stringMatching(/reconnected/) });
      expect(c.closed()).toBe(1);
      c.s.detach(); // the old stream's late end does not remove the new one
      expect(a.connected('h1')).toBe(true);
      c2.s.detach();
      expect(a.connected('h1')).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  test('at most 32 checks wait on one agent', async () => {
    const a = new TraceAgents();
    channel(a, 'h1');
    const waiting = Array.from({ length: 32 }, () => a.run('h1', { check: 'vip', ip: '198.19.250.1', port: 80, proto: 'tcp' }, 60_000).catch(() => undefined));
    await expect(a.run('h1', { check: 'vip', ip: '198.19.250.1', port: 80, proto: 'tcp' }, 60_000)).rejects.toMatchObject({ code: 'MARINA_ERR_LIMIT_EXCEEDED' });
    a.closeAll();
    await Promise.all(waiting);
  });
});
