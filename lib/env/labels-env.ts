/**
 * Marathon's labelsToEnvVars: MARATHON_APP_LABELS lists the escaped keys
 * (space-separated, in label order), MARATHON_APP_LABEL_<KEY> holds each
 * value. Keys are escaped by replacing runs of [^a-zA-Z0-9_] with '_' and
 * uppercasing. Labels whose key is ≥ 493 characters or whose value is
 * ≥ 512 characters are skipped, as Marathon does (env entries are capped at 512).
 */
export const MAX_ENV_VAR_LENGTH = 512;
export const LABEL_ENV_PREFIX = 'MARATHON_APP_LABEL_';
export const MAX_LABEL_KEY_LENGTH = MAX_ENV_VAR_LENGTH - LABEL_ENV_PREFIX.length;

export function escapeLabelKey(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]+/g, '_').toUpperCase();
}

export function labelsToEnv(labels: Record<string, string>): Record<string, string> {
  const keys: string[] = [];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (key.length >= MAX_LABEL_KEY_LENGTH || value.length >= MAX_ENV_VAR_LENGTH) continue;
    const k = escapeLabelKey(key);
    if (!(k in values)) keys.push(k);
    values[k] = value;
  }
  const env: Record<string, string> = { MARATHON_APP_LABELS: keys.join(' ') };
  for (const k of keys) env[LABEL_ENV_PREFIX + k] = values[k]!;
  return env;
}
