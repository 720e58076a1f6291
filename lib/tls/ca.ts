/**
 * The cluster CA and the certificates it issues, made by the `openssl` CLI
 * (OpenSSL 3): a standard, audited tool every host already has and security
 * teams can reproduce by hand, rather than a JS x509 library in the API
 * server's trust path (see docs/security.md). Keys are EC P-256.
 *
 * Layout, in <data-dir>/tls (0700; keys 0600):
 *   ca.key, ca.crt       the current CA
 *   ca-bundle.crt        what peers trust: ca.crt, plus the previous CA
 *                        while a rotation's overlap lasts (prev.json)
 *   server.key/.crt      the allocator's serving cert, naming every
 *                        address it listens on (re-issued when they change);
 *                        during an overlap followed by ca-cross.crt
 *   ca-cross.crt         during an overlap: the current CA signed by the
 *                        previous one, so peers trusting only the previous
 *                        CA still verify the new serving cert
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeSecretFile } from '../auth/secret-file';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { execOk } from '../exec';
import { MarinaError } from '../errors';

export interface TlsFiles {
  dir: string;
  caKey: string;
  caCert: string;
  caBundle: string;
  serverKey: string;
  serverCert: string;
}

export function tlsFiles(dataDir: string): TlsFiles {
  const dir = join(dataDir, 'tls');
  return { dir, caKey: join(dir, 'ca.key'), caCert: join(dir, 'ca.crt'), caBundle: join(dir, 'ca-bundle.crt'), serverKey: join(dir, 'server.key'), serverCert: join(dir, 'server.crt') };
}

const CA_DAYS = 3650;
const LEAF_DAYS = 365;
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

const secret = writeSecretFile;

function openssl(args: string[], input?: string) {
  return execOk('openssl', args, { input, timeoutMs: 30_000 });
}

/** A scratch dir inside the tls dir (0700), removed after fn. */
async function scratch<T>(files: TlsFiles, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = join(files.dir, `tmp-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sign a CSR with the CA, forcing subject and extensions (nothing the requester asked for is copied). */
async function sign(files: TlsFiles, csrPem: string, subject: string, ext: string, days: number): Promise<string> {
  return scratch(files, async (dir) => {
    writeFileSync(join(dir, 'req.csr'), csrPem);
    writeFileSync(join(dir, 'ext'), ext);
    await openssl(['req', '-in', join(dir, 'req.csr'), '-noout', '-verify']);
    const out = join(dir, 'out.crt');
    await openssl(['x509', '-req', '-in', join(dir, 'req.csr'), '-CA', files.caCert, '-CAkey', files.caKey, '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', String(days), '-subj', subject, '-extfile', join(dir, 'ext'), '-out', out]);
    return readFileSync(out, 'utf8');
  });
}

/** A new key and CSR (PEM), e.g. an agent's before it joins. */
export async function newKeyAndCsr(cn: string): Promise<{ keyPem: string; csrPem: string }> {
  const tmp = join(process.env.TMPDIR ?? '/tmp', `marina-csr-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp, { mode: 0o700 });
  try {
    await openssl(['req', '-new', ...EC, '-keyout', join(tmp, 'k'), '-out', join(tmp, 'r'), '-subj', `/CN=${cn.replace(/[/\\=,+]/g, '_')}`]);
    return { keyPem: readFileSync(join(tmp, 'k'), 'utf8'), csrPem: readFileSync(join(tmp, 'r'), 'utf8') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function createCa(files: TlsFiles): Promise<void> {
  await scratch(files, async (dir) => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    await openssl(['req', '-x509', '-new', ...EC, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-days', String(CA_DAYS), '-subj', `/O=marina/CN=marina-ca-${stamp}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    secret(files.caKey, readFileSync(join(dir, 'ca.key')));
    secret(files.caCert, readFileSync(join(dir, 'ca.crt')));
  });
}

const crossFile = (files: TlsFiles) => join(files.dir, 'ca-cross.crt');

/**
 * The new CA cross-signed by the previous one (same subject and key, CA:TRUE), valid through the
 * overlap: served after the leaf, it lets a peer that trusts only the previous CA (an agent
 * that joined before the rotation, until it renews) verify the new serving certificate; a peer
 * trusting the new CA verifies from its own root (OpenSSL tries trusted certificates first).
 */
async function crossSign(files: TlsFiles, prevCert: Buffer, prevKey: Buffer, overlapSeconds: number): Promise<void> {
  await scratch(files, async (dir) => {
    const f = (n: string) => join(dir, n);
    writeFileSync(f('prev.crt'), prevCert);
    writeFileSync(f('prev.key'), prevKey, { mode: 0o600 });
    writeFileSync(f('ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    await openssl(['x509', '-x509toreq', '-in', files.caCert, '-signkey', files.caKey, '-out', f('req.csr')]);
    const days = String(Math.max(1, Math.ceil(overlapSeconds / 86400)));
    await openssl(['x509', '-req', '-in', f('req.csr'), '-CA', f('prev.crt'), '-CAkey', f('prev.key'), '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', days, '-extfile', f('ext'), '-out', f('cross.crt')]);
    secret(crossFile(files), readFileSync(f('cross.crt')));
  });
}

/** server.crt as served: the leaf, then the cross-signed CA while an overlap lasts (rewritten when that changes). */
function writeServingChain(files: TlsFiles): void {
  const current = readFileSync(files.serverCert, 'utf8');
  const leaf = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(current)?.[0] ?? current;
  const chain = existsSync(crossFile(files)) ? leaf.replace(/\n?$/, '\n') + readFileSync(crossFile(files), 'utf8') : leaf;
  if (chain !== current) secret(files.serverCert, chain);
}

/** ca.crt plus the previous CA while its overlap lasts. */
function writeBundle(files: TlsFiles, now = Date.now()): void {
  let bundle = readFileSync(files.caCert, 'utf8');
  const prevMeta = join(files.dir, 'prev.json');
  if (existsSync(prevMeta)) {
    const { trustedUntil } = JSON.parse(readFileSync(prevMeta, 'utf8')) as { trustedUntil: string };
    if (Date.parse(trustedUntil) > now) bundle += readFileSync(join(files.dir, 'ca-prev.crt'), 'utf8');
    else for (const f of [prevMeta, join(files.dir, 'ca-prev.crt'), crossFile(files)]) rmSync(f, { force: true });
  }
  if (!existsSync(files.caBundle) || readFileSync(files.caBundle, 'utf8') !== bundle) secret(files.caBundle, bundle);
}

/**
 * A rotation's overlap over: drop the previous CA from the bundle and the cross-signed CA from
 * the serving chain (a running allocator calls this now and then; tls-watch.ts serves the result).
 */
export function endOverlapIfDue(files: TlsFiles): void {
  if (!existsSync(join(files.dir, 'prev.json'))) return;
  writeBundle(files);
  if (existsSync(files.serverCert)) writeServingChain(files);
}

/** Does the cert name every address (IP or DNS name) and chain to the current CA? */
function covers(certPath: string, caPath: string, names: string[]): boolean {
  if (!existsSync(certPath)) return false;
  const cert = new X509Certificate(readFileSync(certPath));
  if (!cert.verify(new X509Certificate(readFileSync(caPath)).publicKey)) return false;
  if (Date.parse(cert.validTo) < Date.now() + 30 * 86400_000) return false;
  const san = new Set(sanNames(certPath).map(canonicalName));
  return names.every((n) => san.has(canonicalName(n)));
}

/** One spelling per address: X509Certificate writes ::1 as 0:0:0:0:0:0:0:1 (else every start re-issued the cert). */
function canonicalName(n: string): string {
  return isIP(n) === 6 ? new URL(`http://[${n}]/`).hostname.slice(1, -1) : n;
}

/** The DNS names and IPs a certificate names. */
function sanNames(certPath: string): string[] {
  const san = new X509Certificate(readFileSync(certPath)).subjectAltName ?? '';
  return san.split(', ').map((e) => e.replace(/^(DNS:|IP Address:)/, '')).filter(Boolean);
}

function sanExt(names: string[], usage: string): string {
  const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  return `subjectAltName=${san}\nextendedKeyUsage=${usage}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n`;
}

/**
 * First start: create the CA; always: make sure the serving cert names
 * every address in `names` (the listen addresses, hostname, localhost).
 */
export async function ensureClusterTls(dataDir: string, names: string[]): Promise<TlsFiles> {
  const files = tlsFiles(dataDir);
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  chmodSync(files.dir, 0o700);
  if (!existsSync(files.caKey) || !existsSync(files.caCert)) await createCa(files);
  writeBundle(files);
  const unique = [...new Set(names.filter(Boolean))];
  if (!covers(files.serverCert, files.caCert, unique)) {
    await scratch(files, async (dir) => {
      await openssl(['req', '-new', ...EC, '-keyout', join(dir, 'k'), '-out', join(dir, 'r'), '-subj', '/O=marina/CN=marina-allocator']);
      const cert = await sign(files, readFileSync(join(dir, 'r'), 'utf8'), '/O=marina/CN=marina-allocator', sanExt(unique, 'serverAuth'), LEAF_DAYS);
      secret(files.serverKey, readFileSync(join(dir, 'k')));
      secret(files.serverCert, cert);
    });
  }
  writeServingChain(files);
  return files;
}

/** Default lifetime of a client (agent) certificate: a year, as the serving certificate. */
export const CLIENT_CERT_SECONDS = LEAF_DAYS * 86400;

/** OpenSSL's ASN.1 time, YYYYMMDDHHMMSSZ. */
const asn1Time = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

function checkCsr(csrPem: string): void {
  if (!/^-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----\s*$/.test(csrPem) || csrPem.length > 16_384) {
    throw new MarinaError('MARINA_ERR_INVALID', 'csr_pem: not a PEM certificate request');
  }
}

/** The CN a CSR asks for (after verifying its self-signature). */
export async function csrCommonName(csrPem: string): Promise<string | undefined> {
  checkCsr(csrPem);
  const { stdout } = await openssl(['req', '-noout', '-verify', '-subject', '-nameopt', 'sep_multiline,sname'], csrPem).catch((err: unknown) => {
    throw new MarinaError('MARINA_ERR_INVALID', `csr_pem: the certificate request was refused (${(err as Error).message.split('\n')[0]})`, { cause: err });
  });
  return /^\s*CN=(.*)$/m.exec(stdout)?.[1]?.trim();
}

/**
 * Issue a client certificate for a CSR: subject O=<role>, CN=<name> (agents: role agent, name =
 * hostname), valid for ttlSeconds (from a little earlier, for clock skew: a tenth of it, at most a minute). `openssl ca` rather than
 * `x509 -req`: OpenSSL 3.0's x509 counts lifetimes in whole days; ca takes exact end dates.
 */
export async function issueClientCert(files: TlsFiles, csrPem: string, name: string, role: string, ttlSeconds = CLIENT_CERT_SECONDS): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/.test(name)) throw new MarinaError('MARINA_ERR_INVALID', `hostname: ${JSON.stringify(name)} is not a valid host name`);
  checkCsr(csrPem);
  const ext = `extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:${name}\n`;
  try {
    return await scratch(files, async (dir) => {
      const f = (n: string) => join(dir, n);
      writeFileSync(f('req.csr'), csrPem);
      writeFileSync(f('ext'), ext);
      writeFileSync(f('index.txt'), '');
      // Nothing the requester asked for is copied (copy_extensions none, subject forced by -subj).
      writeFileSync(f('cfg'), `[ca]\ndefault_ca = c\n[c]\ndatabase = ${f('index.txt')}\nnew_certs_dir = ${dir}\nserial = ${f('serial')}\ndefault_md = sha256\npolicy = p\nunique_subject = no\ncopy_extensions = none\n[p]\norganizationName = optional\ncommonName = supplied\n`);
      const now = Date.now();
      await openssl(['req', '-in', f('req.csr'), '-noout', '-verify']);
      await openssl(['ca', '-batch', '-config', f('cfg'), '-in', f('req.csr'), '-cert', files.caCert, '-keyfile', files.caKey, '-subj', `/O=${role}/CN=${name}`, '-startdate', asn1Time(now - Math.min(60_000, ttlSeconds * 100)), '-enddate', asn1Time(now + ttlSeconds * 1000), '-extfile', f('ext'), '-rand_serial', '-notext', '-out', f('out.crt')]);
      return readFileSync(f('out.crt'), 'utf8');
    });
  } catch (err) {
    throw new MarinaError('MARINA_ERR_INVALID', `csr_pem: the certificate request was refused (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

/**
 * `marina ca rotate`: a new CA; the old one stays in ca-bundle.crt for
 * overlapSeconds so certificates it issued keep working until then. The
 * serving cert is re-issued for the same names by the new CA; a running
 * allocator sees the files change and serves them (services/allocator/auth/tls-watch.ts).
 */
export async function rotateCa(dataDir: string, overlapSeconds: number): Promise<{ trustedUntil: string }> {
  const files = tlsFiles(dataDir);
  if (!existsSync(files.caCert)) throw new MarinaError('MARINA_ERR_CONFIG', `no cluster CA in ${files.dir} (start marina up or marina allocator first)`);
  const trustedUntil = new Date(Date.now() + overlapSeconds * 1000).toISOString();
  secret(join(files.dir, 'ca-prev.crt'), readFileSync(files.caCert));
  secret(join(files.dir, 'prev.json'), JSON.stringify({ trustedUntil }) + '\n');
  const names = existsSync(files.serverCert) ? sanNames(files.serverCert) : [];
  const prev = { cert: readFileSync(files.caCert), key: readFileSync(files.caKey) };
  await createCa(files);
  rmSync(crossFile(files), { force: true }); // a cross of an earlier rotation certifies the CA now previous
  if (overlapSeconds > 0) await crossSign(files, prev.cert, prev.key, overlapSeconds);
  writeBundle(files);
  if (names.length > 0) {
    rmSync(files.serverCert, { force: true });
    await ensureClusterTls(dataDir, names);
  }
  return { trustedUntil };
}
