import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execOk } from '../exec';
import { renewAt } from './renew';

test('renewAt: 2/3 into the certificate lifetime', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-renew-at-'));
  try {
    await execOk('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '3', '-subj', '/CN=host-a']);
    const pem = readFileSync(join(dir, 'c'));
    const cert = new X509Certificate(pem);
    const from = Date.parse(cert.validFrom);
    expect(renewAt(pem)).toBe(from + 2 * 86400_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
