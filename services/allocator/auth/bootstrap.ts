/**
 * First start with auth on: make sure an admin token exists and write the
 * admin client config (as k3s writes its kubeconfig), 0600 in a 0700 dir.
 * A file whose token the store still knows is kept, so restarts do not mint
 * a token each time; the same holds for the service tokens `marina up`
 * hands its in-process dns, lb and agent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeSecretFile } from '../../../lib/auth/secret-file';
import { readClientConfig, writeClientConfig, type ClientConfig } from '../../../lib/auth/client-config';
import type { ApiAuth } from './api-auth';
import type { TokenSpec } from './tokens';

async function stillValid(auth: ApiAuth, token: string | undefined, spec: TokenSpec): Promise<boolean> {
  if (!token) return false;
  const rec = await auth.tokens.lookup(token);
  return rec !== undefined && rec.role === spec.role && rec.node === spec.node && (!rec.expiresAt || Date.parse(rec.expiresAt) > Date.now());
}

export async function writeAdminConfig(auth: ApiAuth, path: string, endpoints: Omit<ClientConfig, 'token'>): Promise<ClientConfig> {
  const spec: TokenSpec = { role: 'admin', description: `admin client config ${path}` };
  const existing = readClientConfig(path)?.token;
  const token = (await stillValid(auth, existing, spec)) ? existing! : (await auth.tokens.create(spec)).token;
  const config: ClientConfig = { ...endpoints, token };
  writeClientConfig(path, config);
  return config;
}

/** A service token kept in file (0600): reused while valid, else created. */
export async function serviceToken(auth: ApiAuth, file: string, spec: TokenSpec): Promise<string> {
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (await stillValid(auth, existing, spec)) return existing!;
  const { token } = await auth.tokens.create(spec);
  writeSecretFile(file, token + '\n');
  return token;
}
