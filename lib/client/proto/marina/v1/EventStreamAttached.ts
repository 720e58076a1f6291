// Original file: proto/marina/v1/marathon.proto


export interface EventStreamAttached {
  'remoteAddress'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface EventStreamAttached__Output {
  'remoteAddress'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
