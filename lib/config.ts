/**
 * Configuration for every subcommand, from (lowest to highest precedence)
 * built-in defaults, a JSON config file (`--config FILE`, key = option name),
 * environment variables (MARINA_<NAME>, e.g. MARINA_API_LISTEN) and flags.
 * Each service declares its options once; the same table drives `--help`.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { MarinaError } from './errors';

export type OptionType = 'string' | 'number' | 'boolean' | 'list';

export interface OptionSpec {
  /** kebab-case flag name without dashes: `api-listen`. */
  name: string;
  type: OptionType;
  description: string;
  default?: string | number | boolean | string[];
}

export type ConfigValues = Record<string, string | number | boolean | string[] | undefined>;

/** MARINA_API_LISTEN for `api-listen`. */
export function envName(optionName: string): string {
  return 'MARINA_' + optionName.toUpperCase().replace(/-/g, '_');
}

/** camelCase key for `api-listen` → `apiListen`. */
export function camel(optionName: string): string {
  return optionName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Add the options (and `--config`) to a commander command; defaults show in --help. */
export function declareOptions(cmd: Command, specs: OptionSpec[]): Command {
  cmd.option('--config <file>', 'JSON config file (keys are option names)', process.env.MARINA_CONFIG);
  for (const spec of specs) {
    // Booleans take an optional value, so `--auth=false` works as well as `--no-auth`.
    const flag = spec.type === 'boolean' ? `--${spec.name} [true|false]` : `--${spec.name} <value>`;
    const shown = spec.default === undefined ? '' : ` (default: ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})`;
    cmd.addOption(new Option(flag, `${spec.description}${shown} [env ${envName(spec.name)}]`));
    if (spec.type === 'boolean') cmd.option(`--no-${spec.name}`);
  }
  return cmd;
}

function coerce(spec: OptionSpec, raw: unknown, source: string): string | number | boolean | string[] {
  const fail = (what: string): never => {
    throw new MarinaError('MARINA_ERR_CONFIG', `invalid ${source} for ${spec.name}: ${what}`);
  };
  switch (spec.type) {
    case 'string':
      if (typeof raw !== 'string' && typeof raw !== 'number') fail(`expected a string, got ${JSON.stringify(raw)}`);
      return String(raw);
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (typeof raw === 'boolean' || raw === '' || !Number.isFinite(n)) fail(`expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return fail(`expected true or false, got ${JSON.stringify(raw)}`);
    case 'list':
      if (Array.isArray(raw)) return raw.map(String);
      if (typeof raw === 'string') return raw.split(',').map((s) => s.trim()).filter(Boolean);
      return fail(`expected a comma-separated list, got ${JSON.stringify(raw)}`);
  }
}

/** Resolve the final values (camelCase keys) for parsed commander options. */
export function resolveConfig(
  specs: OptionSpec[],
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): ConfigValues {
  let file: Record<string, unknown> = {};
  const configPath = flags.config as string | undefined;
  if (configPath) {
    try {
      file = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new MarinaError('MARINA_ERR_CONFIG', `failed to read config file ${configPath}: ${(err as Error).message}`, { cause: err });
    }
    const known = new Set(specs.map((s) => s.name));
    for (const key of Object.keys(file)) {
      if (!known.has(key)) throw new MarinaError('MARINA_ERR_CONFIG', `unknown option ${JSON.stringify(key)} in config file ${configPath}`);
    }
  }
  const out: ConfigValues = {};
  for (const spec of specs) {
    const key = camel(spec.name);
    let value = spec.default;
    if (file[spec.name] !== undefined) value = coerce(spec, file[spec.name], 'config file value');
    const e = env[envName(spec.name)];
    if (e !== undefined && e !== '') value = coerce(spec, e, `environment variable ${envName(spec.name)}`);
    if (flags[key] !== undefined) value = coerce(spec, flags[key], `flag --${spec.name}`);
    out[key] = value;
  }
  return out;
}
