// Original file: proto/marina/v1/marathon.proto


export interface AppTerminatedEvent {
  'appId'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface AppTerminatedEvent__Output {
  'appId'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
