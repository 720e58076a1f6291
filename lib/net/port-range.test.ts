import { parseRange } from './port-range';

test.each([
  ['10000-20000', { begin: 10000, end: 20000 }],
  [' 31000-32000 ', { begin: 31000, end: 32000 }],
  ['1-65535', { begin: 1, end: 65535 }],
  ['80-80', { begin: 80, end: 80 }],
])('parses %j', (input, want) => {
  expect(parseRange(input, '--service-port-range')).toEqual(want);
});

test.each(['20000-10000', '0-10', '1-65536', '10000', 'a-b', '-5-10', ''])('rejects %j with MARINA_ERR_CONFIG naming the option', (bad) => {
  expect(() => parseRange(bad, '--service-port-range')).toThrow(
    expect.objectContaining({ code: 'MARINA_ERR_CONFIG', message: `--service-port-range: ${JSON.stringify(bad)} is not a port range like 10000-20000` }),
  );
});
