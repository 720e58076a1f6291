import { parsePid, splitHostPort } from './pid';

describe('parsePid (Mesos-DNS upid.Parse)', () => {
  it.each([
    ['slave(1)@198.18.0.11:5051', { host: '198.18.0.11', port: 5051 }],
    ['master@198.18.0.1:5050', { host: '198.18.0.1', port: 5050 }],
    ['scheduler(1)@[2001:db8::1]:25501', { host: '2001:db8::1', port: 25501 }],
    ['scheduler-2b4d@agent-1.example.org:8080', { host: 'agent-1.example.org', port: 8080 }],
    [' slave(1)@198.18.0.11:5051 ', { host: '198.18.0.11', port: 5051 }],
    ['@198.18.0.11:5051', { host: '198.18.0.11', port: 5051 }],
  ])('%s → %j', (pid, want) => {
    expect(parsePid(pid)).toEqual(want);
  });

  it.each([
    [undefined],
    [''],
    ['198.18.0.11:5051'], // no @
    ['a@b@198.18.0.11:5051'], // two @
    ['scheduler(1)@2001:db8::1:25501'], // IPv6 without brackets (Go: too many colons)
    ['slave(1)@198.18.0.11'], // no port
    ['slave(1)@198.18.0.11:65536'],
    ['slave(1)@198.18.0.11:http'],
  ])('%j is malformed', (pid) => {
    expect(parsePid(pid)).toBeUndefined();
  });
});

describe('splitHostPort', () => {
  it.each([
    ['198.18.0.1:5050', { host: '198.18.0.1', port: 5050 }],
    ['[2001:db8::2]:5050', { host: '2001:db8::2', port: 5050 }],
    ['2001:db8::2:5050', undefined],
    ['[2001:db8::2]', undefined],
  ])('%s → %j', (s, want) => {
    expect(splitHostPort(s)).toEqual(want);
  });
});
