import { isMarinaObject } from './names';

describe('isMarinaObject', () => {
  it.each(['marina', 'MARINA-SERVICES', 'MARINA-POSTROUTING', 'MARINA-MARK-MASQ', 'MARINA-SVC-ABCDEF0123456789', 'MARINA-SEP-ABCDEF0123456789', 'MARINA-SVC-ABCDEF0123-XY12Z9', 'MARINA-EXTERNAL', 'MARINA-HAIRPIN', 'MARINA-NET-ABCDEF0123', 'MARINA-HP-ABCDEF0123'])('owns %s', (n) => {
    expect(isMarinaObject(n)).toBe(true);
  });
  it.each(['MARINA-EGRESS', 'MARINA-ISOLATE', 'KUBE-SERVICES', 'CNI-abc', 'marina2', 'POSTROUTING', 'MARINA-SVC-ABC-', 'MARINA-SVC-AB-CD-EF'])('leaves %s alone', (n) => {
    expect(isMarinaObject(n)).toBe(false);
  });
});
