import type { Constraint } from '../../../lib/model/app';
import type { Agent } from '../../../lib/model/cluster';
import { allows } from './constraints';

const agent = (id: string, rack: string): Agent => ({ id, hostname: `${id}.example`, ip: '198.18.0.1', portRanges: [], attributes: { rack }, registeredAt: '' });
const agents = new Map([agent('a', 'r1'), agent('b', 'r1'), agent('c', 'r2')].map((a) => [a.id, a]));

test.each<[string, Constraint, Record<string, number>, string[]]>([
  ['UNIQUE hostname', ['hostname', 'UNIQUE'], { a: 1 }, ['b', 'c']],
  ['UNIQUE attribute', ['rack', 'UNIQUE'], { a: 1 }, ['c']],
  ['CLUSTER value', ['rack', 'CLUSTER', 'r2'], {}, ['c']],
  ['CLUSTER follows the first task', ['rack', 'CLUSTER'], { b: 1 }, ['a', 'b']],
  ['LIKE regex, full match', ['hostname', 'LIKE', '[ab]\\.example'], {}, ['a', 'b']],
  ['UNLIKE', ['rack', 'UNLIKE', 'r1'], {}, ['c']],
  ['MAX_PER', ['rack', 'MAX_PER', '2'], { a: 1, b: 1 }, ['c']],
  ['GROUP_BY evens racks', ['rack', 'GROUP_BY'], { a: 1 }, ['c']],
  ['IS', ['rack', 'IS', 'r1'], {}, ['a', 'b']],
])('%s', (_name, c, spread, expected) => {
  const s = new Map(Object.entries(spread));
  expect([...agents.values()].filter((a) => allows(c, a, agents, s)).map((a) => a.id)).toEqual(expected);
});
