import { isMarinaObject } from './names';

describe('isMarinaObject', () => {
  it.each(['marina', 'MARINA-SERVICES', 'MARINA-POSTROUTING', 'MARINA-MARK-MASQ', 'MARINA-SVC-ABCDEF0123456789', 'MARINA-SEP-ABCDEF0123456789'])('owns %s', (n) => {
    expect(isMarinaObject(n)).toBe(true);
  });
  it.each(['MARINA-EGRESS', 'MARINA-ISOLATE', 'KUBE-SERVICES', 'CNI-abc', 'marina2', 'POSTROUTING'])('leaves %s alone', (n) => {
    expect(isMarinaObject(n)).toBe(false);
  });
});
