import { forbiddenKeyPath } from './body-parsers';

describe('forbiddenKeyPath', () => {
  test.each([
    ['{"a":1,"b":[{"c":{}}]}', undefined],
    ['{"__proto__":{}}', { path: '/__proto__', key: '__proto__' }],
    ['{"env":{"__proto__":"x"}}', { path: '/env/__proto__', key: '__proto__' }],
    ['{"ports":[{"labels":{}},{"labels":{"__proto__":1}}]}', { path: '/ports(1)/labels/__proto__', key: '__proto__' }],
    ['{"labels":{"constructor":{"prototype":{}}}}', { path: '/labels/constructor/prototype', key: 'constructor.prototype' }],
    ['{"labels":{"constructor":"fine"}}', undefined],
  ])('%s', (json, want) => {
    expect(forbiddenKeyPath(JSON.parse(json))).toEqual(want);
  });
});
