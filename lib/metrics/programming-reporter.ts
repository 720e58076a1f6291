/**
 * Sends this component's programming-latency summary to the allocator
 * (Watch.ReportProgrammingLatency) so the map can show it: every few
 * seconds when something new was observed, and at least once a minute (the
 * map shows how old each report is). A failed send is retried next time;
 * the histogram in /metrics is the record, this is only its display.
 */
import type { Logger } from 'pino';
import type { Histogram } from '../metrics';
import { errorMessage } from '../errors';
import { summarize, type ProgrammingComponent, type ProgrammingSummary } from './programming-summary';

export interface ProgrammingReport {
  component: ProgrammingComponent;
  host: string;
  summary: ProgrammingSummary;
}

const REPORT_EVERY_MS = 5_000;
const REFRESH_MS = 60_000;

export class ProgrammingReporter {
  private timer?: NodeJS.Timeout;
  private sentCount = -1;
  private sentAt = 0;
  private failing = false;

  constructor(
    private readonly opts: { histogram: Histogram; component: ProgrammingComponent; host: string; send: (r: ProgrammingReport) => Promise<void>; log: Logger; everyMs?: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.opts.everyMs ?? REPORT_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One report if due (exported for tests through start's timer only). */
  private async tick(): Promise<void> {
    const summary = await summarize(this.opts.histogram);
    if (summary.count === this.sentCount && Date.now() - this.sentAt < REFRESH_MS) return;
    try {
      await this.opts.send({ component: this.opts.component, host: this.opts.host, summary });
      this.sentCount = summary.count;
      this.sentAt = Date.now();
      if (this.failing) this.opts.log.info({ component: this.opts.component }, 'programming-latency report sent again');
      this.failing = false;
    } catch (err) {
      // once per outage: an allocator without the method (older) or a refusal would otherwise log every few seconds
      if (!this.failing) this.opts.log.warn({ err: errorMessage(err), component: this.opts.component }, 'cannot report programming latency to the allocator (the map will not show it; /metrics still has it)');
      this.failing = true;
    }
  }
}

/** A started reporter over the feed's channel, or undefined when the feed cannot report (in-process, Mesos state). */
export function reportProgramming(feed: { reportProgrammingLatency?(r: ProgrammingReport): Promise<void> } | undefined, histogram: Histogram, component: ProgrammingComponent, host: string, log: Logger): ProgrammingReporter | undefined {
  if (!feed?.reportProgrammingLatency) return undefined;
  const r = new ProgrammingReporter({ histogram, component, host, send: (x) => feed.reportProgrammingLatency!(x), log });
  r.start();
  return r;
}
