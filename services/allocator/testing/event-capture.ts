/**
 * The Marathon events a core's view produces, as /v2/events subscribers get
 * them: a hub subscriber that parses its SSE frames (a commit's frames
 * arrive joined in one write). For unit tests of events, deployments and groups.
 */
import { EventHub } from '../api/marathon-v2/events/hub';
import type { MarathonEvent } from '../api/marathon-v2/events/translate';
import type { StateView } from '../state/view';

export interface EventCapture {
  /** Every event so far, in order. */
  readonly seen: MarathonEvent[];
  stop(): void;
}

/** The events of one write. */
export function parseFrames(frames: string | Buffer): MarathonEvent[] {
  return String(frames).split('\n\n').filter((f) => f.startsWith('event: ')).map((f) => JSON.parse(f.split('\ndata: ')[1]!) as MarathonEvent);
}

export function captureEvents(view: StateView): EventCapture {
  const hub = new EventHub(view, { heartbeatMs: 3_600_000 });
  const seen: MarathonEvent[] = [];
  hub.subscribe({ write: (frames) => (seen.push(...parseFrames(frames)), 0), close: () => undefined });
  return { seen, stop: () => hub.stop() };
}
