/**
 * The client config (`marina up` writes it as k3s writes a kubeconfig):
 * `$MARINA_CLIENT_CONFIG`, else `~/.marina/client.json`, mode 0600, JSON
 * `{"api", "grpc", "ca", "token"}`. Scripts read it too: keep these keys.
 * Every `marina` client command resolves its credentials here: a flag
 * (`--token`, `--ca`), then MARINA_TOKEN / MARINA_CA, then the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeSecretFile } from './secret-file';
import { MarinaError } from '../errors';

export interface ClientConfig {
  /** http(s)://host:port of the HTTP API. */
  api: string;
  /** host:port of the gRPC API. */
  grpc: string;
  /** Path of the CA PEM, when the API speaks TLS. */
  ca?: string;
  token?: string;
}

export function clientConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MARINA_CLIENT_CONFIG || join(homedir(), '.marina', 'client.json');
}

/** Write the config 0600 (its dir 0700); exactly the four keys. */
export function writeClientConfig(path: string, c: ClientConfig): void {
  const body: ClientConfig = { api: c.api, grpc: c.grpc, ...(c.ca ? { ca: c.ca } : {}), ...(c.token ? { token: c.token } : {}) };
  writeSecretFile(path, JSON.stringify(body, null, 2) + '\n');
}

/** Read a client config; undefined when the file does not exist. */
export function readClientConfig(path: string): ClientConfig | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Partial<ClientConfig>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ClientConfig>;
  } catch (err) {
    throw new MarinaError('MARINA_ERR_CONFIG', `client config ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof parsed.api !== 'string' || typeof parsed.grpc !== 'string') {
    throw new MarinaError('MARINA_ERR_CONFIG', `client config ${path} needs "api" and "grpc" strings`);
  }
  return parsed as ClientConfig;
}

export interface ClientCredentials {
  api?: string;
  grpc?: string;
  token?: string;
  /** CA PEM path to trust. */
  ca?: string;
  /** Client certificate and key PEM paths (agents after joining). */
  cert?: string;
  key?: string;
}

/**
 * Credentials for a client: explicit values first, then MARINA_TOKEN /
 * MARINA_CA / MARINA_API, then the client config file.
 */
export function resolveClientCredentials(explicit: ClientCredentials = {}, env: NodeJS.ProcessEnv = process.env): ClientCredentials {
  const file = readClientConfig(clientConfigPath(env));
  const pick = (...vals: Array<string | undefined>) => vals.find((v) => v !== undefined && v !== '');
  return {
    api: pick(explicit.api, env.MARINA_API, file?.api),
    grpc: pick(explicit.grpc, env.MARINA_GRPC, file?.grpc),
    token: pick(explicit.token, env.MARINA_TOKEN, file?.token),
    ca: pick(explicit.ca, env.MARINA_CA, file?.ca),
    cert: explicit.cert,
    key: explicit.key,
  };
}
