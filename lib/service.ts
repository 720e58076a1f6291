/**
 * A running Marina service (allocator, agent, dns, lb). `marina <service>`
 * runs one until SIGTERM/SIGINT; `marina up` runs several in one process.
 */
import type { Logger } from './log';

export interface RunningService {
  readonly name: string;
  /** Stop serving and release everything the service holds. Idempotent. */
  stop(): Promise<void>;
}

/** Block until SIGTERM or SIGINT, then stop the services in reverse order and exit 0. */
export function runUntilSignal(services: RunningService[], log: Logger): Promise<never> {
  return new Promise(() => {
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      let code = 0;
      for (const svc of [...services].reverse()) {
        try {
          await svc.stop();
        } catch (err) {
          code = 1;
          log.error({ err, service: svc.name }, 'failed to stop service');
        }
      }
      log.flush?.();
      process.exit(code);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  });
}
