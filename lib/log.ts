import pino, { type Logger, type LevelWithSilent, type LoggerOptions } from 'pino';
import { maskSecrets, scrubText } from './secrets';

export type { Logger };

let root: Logger | undefined;

/** Fields whose value is a credential wherever they appear (pino redact paths, one level deep). */
const REDACT_PATHS = ['password', 'token', 'authorization', 'cookie', 'secret', 'joinToken', 'requirepass'].flatMap((k) => [k, `*.${k}`]).concat(['headers.authorization', '*.headers.authorization', '*.headers.cookie']);

/** Objects that carry env (apps, pods, tasks) are masked; free text (err strings, messages) scrubbed (lib/secrets). */
const SERIALIZERS: Record<string, (v: unknown) => unknown> = {
  app: maskSecrets,
  apps: maskSecrets,
  pod: maskSecrets,
  task: maskSecrets,
  tasks: maskSecrets,
  env: maskSecrets,
  def: maskSecrets,
  err: (e) => (typeof e === 'string' ? scrubText(e) : maskSecrets(pino.stdSerializers.err(e as Error))),
};

/** Secrets never reach a log line: redact paths, env-carrying serializers, top-level strings and the message scrubbed. */
function secretSafe(opts: LoggerOptions): LoggerOptions {
  return {
    ...opts,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: SERIALIZERS,
    formatters: {
      ...opts.formatters,
      log: (obj) => {
        for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') obj[k] = scrubText(v);
        return obj;
      },
    },
    hooks: {
      logMethod(args, method) {
        const i = args.findIndex((a) => typeof a === 'string');
        if (i >= 0) args[i] = scrubText(args[i] as string);
        method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
}

/** Configure the process-wide root logger (JSON lines on stdout, or stderr for CLI use). */
export function configureLogging(opts: { level?: string; destination?: 1 | 2; stream?: pino.DestinationStream } = {}): Logger {
  const level = (opts.level ?? process.env.MARINA_LOG_LEVEL ?? 'info') as LevelWithSilent;
  root = pino(
    secretSafe({
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    }),
    opts.stream ?? pino.destination({ fd: opts.destination ?? 1, sync: false }),
  );
  return root;
}

/** A child logger for one component; add ids (appId, taskId, agentId) with `.child()`. */
export function logger(component: string, bindings: Record<string, unknown> = {}): Logger {
  if (!root) {
    // Tests and library use: quiet unless asked.
    root = pino(secretSafe({ level: process.env.MARINA_LOG_LEVEL ?? 'silent' }));
  }
  return root.child({ component, ...bindings });
}
