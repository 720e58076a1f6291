/**
 * Secrets stay secret: env values whose names look secret (PASSWORD, TOKEN,
 * SECRET or KEY anywhere in the name, any case), tokens and passwords never
 * reach logs, metrics or error messages. isSecretName and maskEnv are also
 * what /v2 uses to show app env only to roles that may write the app.
 * scrubText is the last line of defence for free text (error messages,
 * log strings): it masks what looks like a credential in it.
 */

/** What a masked value is shown as. */
export const MASK = '****';

const SECRET_NAME = /PASSWORD|TOKEN|SECRET|KEY/i;

/** True when an env var (or field) name looks like it holds a secret: *PASSWORD*, *TOKEN*, *SECRET*, *KEY*, any case. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** env with the values of secret-looking names masked (a copy; other values kept). */
export function maskEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = isSecretName(k) ? MASK : v;
  return out;
}

type Masker = (text: string) => string;

/** Each pass masks one shape of credential in free text. */
const PASSES: Masker[] = [
  // V8's JSON.parse errors quote the input around the fault ('Unexpected token 'h', "…" is not valid JSON'): drop the excerpt.
  (t) => t.replace(/, (?:\.\.\.)?".*?"(?:\.\.\.)? is not valid JSON/gs, ' in JSON'),
  // "NAME": "value" (JSON, e.g. an app or a pod's containers label)
  (t) => t.replace(/("([^"\\]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (m, head: string, name: string) => (isSecretName(name) ? `${head}"${MASK}"` : m)),
  // the same inside a JSON string (a label holding JSON, logged as JSON): \"NAME\": \"value\"
  (t) => t.replace(/(\\"([^"\\]*)\\"\s*:\s*)\\"((?:(?!\\").)*)\\"/g, (m, head: string, name: string) => (isSecretName(name) ? `${head}\\"${MASK}\\"` : m)),
  // NAME=value (env assignments, query strings, Marathon's `Authorization: token=…`)
  (t) => t.replace(/\b([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s,;&"']+)/g, (m, name: string) => (isSecretName(name) ? `${name}=${MASK}` : m)),
  // Authorization schemes; a credential has a digit, a capital or +/= (so "Basic authentication failed" stays readable)
  (t) => t.replace(/\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*[A-Z0-9+/=])[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${MASK}`),
  // user:password@ in URLs (redis://:pw@host, https://user:pw@etcd)
  (t) => t.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${MASK}@`),
];

/** text with anything that looks like a credential masked. */
export function scrubText(text: string): string {
  let out = text;
  for (const pass of PASSES) out = pass(out);
  return out;
}

/**
 * An app, pod, task or any object carrying env, for a log line: `env` and
 * `environment` maps masked (maskEnv), string fields scrubbed (labels carry
 * pod containers as JSON), nested objects and arrays likewise. A copy.
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'env' || k === 'environment') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = maskEnv(Object.fromEntries(Object.entries(v).map(([ek, ev]) => [ek, typeof ev === 'string' ? ev : JSON.stringify(ev)])));
    } else if (isSecretName(k) && typeof v === 'string') {
      out[k] = MASK;
    } else {
      out[k] = maskSecrets(v, depth + 1);
    }
  }
  return out;
}

/**
 * An API answer with the env of apps (and pods: `environment`) the caller may not write masked
 * (maskEnv): objects with an `id` path and an `env`/`environment` map, at any depth (app lists,
 * groups, queue entries). A copy; the answer itself is not changed.
 */
export function maskAppEnvs(payload: unknown, mayWrite: (appId: string) => boolean): unknown {
  if (Array.isArray(payload)) return payload.map((x) => maskAppEnvs(x, mayWrite));
  if (typeof payload !== 'object' || payload === null) return payload;
  const o = payload as Record<string, unknown>;
  const masked = typeof o.id === 'string' && o.id.startsWith('/') && !mayWrite(o.id);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (masked && (k === 'env' || k === 'environment') && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([ek, ev]) => [ek, isSecretName(ek) ? MASK : ev]));
    } else out[k] = typeof v === 'object' && v !== null ? maskAppEnvs(v, mayWrite) : v;
  }
  return out;
}
