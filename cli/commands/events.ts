/** `marina events`: follow Marathon's event stream (GET /v2/events), one line per event. */
import { Command } from 'commander';
import { followEvents, type StreamedEvent } from '../../lib/client/event-stream';
import { client, opts, withCommon } from './output';

interface EventsOpts {
  api?: string;
  token?: string;
  ca?: string;
  output: string;
  type?: string[];
}

/** One readable line: time, type, and the fields that say what happened. */
export function eventLine(e: StreamedEvent): string {
  const pick = ['appId', 'runSpecId', 'taskId', 'instanceId', 'taskStatus', 'condition', 'alive', 'host', 'uri', 'id'];
  const fields = pick.filter((k) => e[k] !== undefined && e[k] !== null).map((k) => `${k}=${typeof e[k] === 'string' ? e[k] : JSON.stringify(e[k])}`);
  return `${String(e.timestamp ?? '')} ${e.eventType} ${fields.join(' ')}`.trimEnd();
}

export function command(): Command {
  return withCommon(new Command('events'))
    .description('follow the allocator event stream (Marathon /v2/events) until interrupted')
    .option('--type <eventType...>', 'only these event types (repeatable), e.g. status_update_event')
    .action(async (_o, cmd: Command) => {
      const o = opts<EventsOpts>(cmd);
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      await followEvents(client(o), (e) => process.stdout.write((o.output === 'json' ? JSON.stringify(e) : eventLine(e)) + '\n'), { types: o.type, signal: stop.signal });
    });
}
