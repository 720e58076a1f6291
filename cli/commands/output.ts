/** Output helpers for ops commands: aligned tables or JSON (`--output json`). */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { MarinaError } from '../../lib/errors';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { resolveClientCredentials } from '../../lib/auth/client-config';

export type Row = Record<string, string | number | boolean | undefined>;

export function table(rows: Row[], columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

/** Print rows as a table, or `data` as JSON with --output json. */
export function print(opts: { output?: string }, data: unknown, rows: Row[], columns: string[]): void {
  if (opts.output === 'json') process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(table(rows, columns));
}

/** The --api and --output options every ops command takes. */
export function withCommon(cmd: Command): Command {
  // exitOverride here (not inherited through addCommand): usage errors reach cli/main.ts → exit 2.
  return cmd
    .exitOverride()
    .showHelpAfterError()
    .addOption(new Option('--api <url>', 'allocator HTTP API [env MARINA_API; default: the client config, else http://127.0.0.1:8080]'))
    .addOption(new Option('--token <token>', 'API token [env MARINA_TOKEN; default: the client config]'))
    .addOption(new Option('--ca <file>', 'CA PEM to trust for https [env MARINA_CA; default: the client config]'))
    .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'));
}

/** The API client: flags, then MARINA_* env, then the client config ($MARINA_CLIENT_CONFIG or ~/.marina/client.json). */
export function client(opts: { api?: string; token?: string; ca?: string }): AllocatorHttpClient {
  const c = resolveClientCredentials({ api: opts.api, token: opts.token, ca: opts.ca });
  return new AllocatorHttpClient(c.api ?? 'http://127.0.0.1:8080', { token: c.token, ca: c.ca });
}

/** Options of the command and its parents, merged (commander keeps them per level). */
export function opts<T>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}

/** A JSON definition from a file (- for stdin). */
export function readJson(file: string): unknown {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * `--wait`: poll every 500 ms, the progress line rewritten on stderr, until
 * check says done; after timeoutSec a failure (exit 1) naming what was awaited.
 */
export async function waitUntilDone(what: string, timeoutSec: number, check: () => Promise<{ done: boolean; progress: string; short: string }>): Promise<void> {
  const end = Date.now() + timeoutSec * 1000;
  for (;;) {
    const s = await check();
    process.stderr.write(`\r${what}: ${s.progress}   `);
    if (s.done) return void process.stderr.write('\n');
    if (Date.now() > end) {
      process.stderr.write('\n');
      throw new MarinaError('MARINA_ERR_INTERNAL', `timed out after ${timeoutSec}s waiting for ${what} (${s.short})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `--wait` and `--timeout` on a command that changes something. */
export function waitable(cmd: Command, until: string): Command {
  return cmd.option('--wait', `wait until ${until}`).option('--timeout <seconds>', 'with --wait: give up after this long', '300');
}

/** `?force=true` when --force: the change cancels a deployment in flight (else that is a 409, as in Marathon). */
export function forced(path: string, o: { force?: boolean }): string {
  return o.force ? `${path}?force=true` : path;
}

export const FORCE_HELP = 'override a deployment of it in flight (that deployment is cancelled)';
