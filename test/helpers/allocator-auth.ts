/**
 * Credentials for tests that talk to an allocator: auth stays on (as in
 * production) and tests act as the admin the allocator wrote to
 * <data-dir>/client.json on start (auth/bootstrap.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readClientConfig } from '../../lib/auth/client-config';
import type { GrpcCredentials } from '../../lib/client/grpc-call';

export interface AdminClient {
  token: string;
  /** For GrpcAgentApi / GrpcClusterFeed. */
  credentials: GrpcCredentials;
  /** `authorization: Bearer …` for fetch. */
  headers: Record<string, string>;
  /** For spawned `marina` commands: MARINA_CLIENT_CONFIG pointing at the file. */
  env: Record<string, string>;
}

/** The admin client of an allocator started with --data-dir dataDir (waits for the file, bounded). */
export async function adminClientOf(dataDir: string, timeoutMs = 30_000): Promise<AdminClient> {
  const path = join(dataDir, 'client.json');
  const end = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > end) throw new Error(`${path} did not appear within ${timeoutMs} ms (allocator not started, or --auth=false?)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const token = readClientConfig(path)?.token ?? '';
  return adminClient(token, path);
}

/** The same, from a token (in-process harness: h.token). */
export function adminClient(token: string, configPath = ''): AdminClient {
  return { token, credentials: { token }, headers: { authorization: `Bearer ${token}` }, env: configPath ? { MARINA_CLIENT_CONFIG: configPath } : { MARINA_TOKEN: token } };
}
