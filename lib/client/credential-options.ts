/**
 * How a standalone follower of the allocator (`marina dns`, `marina lb`)
 * proves who it is: --token or --token-file (a viewer token: marina tokens
 * create --role viewer), --ca, --client-config. Same order as every marina
 * client (lib/auth/client-config.ts): the flag (or its MARINA_* variable:
 * MARINA_TOKEN, MARINA_TOKEN_FILE, MARINA_CA, MARINA_CLIENT_CONFIG), then the
 * client config file. The token is a secret: it is never logged, and a file
 * or the environment keeps it out of `ps`.
 */
import { readFileSync } from 'node:fs';
import { resolveClientCredentials } from '../auth/client-config';
import { MarinaError } from '../errors';
import type { ConfigValues, OptionSpec } from '../config';
import type { GrpcCredentials } from './grpc-call';

export const CREDENTIAL_OPTIONS: OptionSpec[] = [
  { name: 'token', type: 'string', description: 'API token to follow the allocator with (a viewer: marina tokens create --role viewer); argv shows in ps: prefer --token-file or MARINA_TOKEN' },
  { name: 'token-file', type: 'string', description: 'file whose first line is the API token (keep it 0600)' },
  { name: 'ca', type: 'string', description: 'CA PEM to trust when the allocator speaks TLS (its <data-dir>/tls/ca-bundle.crt)' },
  { name: 'client-config', type: 'string', description: 'client config JSON to read the rest from (default: ~/.marina/client.json; a missing file is no config, as with MARINA_CLIENT_CONFIG)' },
];

/** What the options say; `token` is never logged (see redacted()). */
export interface CredentialFlags {
  token?: string;
  ca?: string;
  clientConfig?: string;
}

function fail(field: string, why: string): never {
  throw new MarinaError('MARINA_ERR_CONFIG', `${field}: ${why}`);
}

/** Parse the options (reading --token-file); errors name the option, never echo the token. */
export function parseCredentialFlags(v: ConfigValues): CredentialFlags {
  if (v.token && v.tokenFile) fail('token-file', 'give either --token or --token-file, not both');
  let token = v.token ? String(v.token).trim() : undefined;
  if (v.tokenFile) {
    const file = String(v.tokenFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      fail('token-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    token = text.split('\n')[0]!.trim();
    if (!token) fail('token-file', `${file} is empty`);
  }
  if (token !== undefined && (token === '' || /\s/.test(token))) fail(v.tokenFile ? 'token-file' : 'token', 'the token must be one word without spaces');
  return {
    ...(token ? { token } : {}),
    ...(v.ca ? { ca: String(v.ca) } : {}),
    ...(v.clientConfig ? { clientConfig: String(v.clientConfig) } : {}),
  };
}

/** gRPC credentials: the flags first, then MARINA_TOKEN / MARINA_CA / the client config (--client-config or the default). */
export function followerCredentials(f: CredentialFlags, env: NodeJS.ProcessEnv = process.env): GrpcCredentials {
  const c = resolveClientCredentials({ token: f.token, ca: f.ca }, f.clientConfig ? { ...env, MARINA_CLIENT_CONFIG: f.clientConfig } : env);
  return { ...(c.token ? { token: c.token } : {}), ...(c.ca ? { ca: c.ca } : {}) };
}
