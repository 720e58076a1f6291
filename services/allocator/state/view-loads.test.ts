import type { Task } from '../../../lib/model/cluster';
import { TaskLoads } from './view-loads';

const task = (id: string, appId: string, agentId: string, desired: 'run' | 'stop' = 'run') => ({ id, appId, agentId, desired }) as Task;

test('counts follow puts, updates and deletes; stopping tasks do not count', () => {
  const l = new TaskLoads();
  l.add(task('a1', '/a', 'h1'));
  l.add(task('a2', '/a', 'h2'));
  l.add(task('b1', '/b', 'h1'));
  expect(l.loadsFor('/a')).toEqual({ spread: new Map([['h1', 1], ['h2', 1]]), total: new Map([['h1', 2], ['h2', 1]]) });
  // a2 is being stopped: an update run → stop
  l.remove(task('a2', '/a', 'h2'));
  l.add(task('a2', '/a', 'h2', 'stop'));
  expect(l.loadsFor('/a')).toEqual({ spread: new Map([['h1', 1]]), total: new Map([['h1', 2]]) });
  // then deleted
  l.remove(task('a2', '/a', 'h2', 'stop'));
  l.remove(task('b1', '/b', 'h1'));
  expect(l.loadsFor('/b')).toEqual({ spread: new Map(), total: new Map([['h1', 1]]) });
  expect(l.byApp.has('/b')).toBe(false);
  // copies: planning on the result does not change the counters
  l.loadsFor('/a').spread.set('h9', 5);
  expect(l.loadsFor('/a').spread.has('h9')).toBe(false);
});
