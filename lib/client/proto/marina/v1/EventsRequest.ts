// Original file: proto/marina/v1/marina.proto


export interface EventsRequest {
  /**
   * Only these event types (repeated event_type=); empty: all. Unknown ones match nothing.
   */
  'eventTypes'?: (string)[];
  /**
   * Deployment plans without original/target (plan-format=light).
   */
  'light'?: (boolean);
}

export interface EventsRequest__Output {
  /**
   * Only these event types (repeated event_type=); empty: all. Unknown ones match nothing.
   */
  'eventTypes'?: (string)[];
  /**
   * Deployment plans without original/target (plan-format=light).
   */
  'light'?: (boolean);
}
