import pino, { type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

let root: Logger | undefined;

/** Configure the process-wide root logger (JSON lines on stdout, or stderr for CLI use). */
export function configureLogging(opts: { level?: string; destination?: 1 | 2 } = {}): Logger {
  const level = (opts.level ?? process.env.MARINA_LOG_LEVEL ?? 'info') as LevelWithSilent;
  root = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: opts.destination ?? 1, sync: false }),
  );
  return root;
}

/** A child logger for one component; add ids (appId, taskId, agentId) with `.child()`. */
export function logger(component: string, bindings: Record<string, unknown> = {}): Logger {
  if (!root) {
    // Tests and library use: quiet unless asked.
    root = pino({ level: process.env.MARINA_LOG_LEVEL ?? 'silent' });
  }
  return root.child({ component, ...bindings });
}
