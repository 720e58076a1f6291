// Original file: proto/marina/v1/marathon.proto


export interface HealthStatusChangedEvent {
  'appId'?: (string);
  'instanceId'?: (string);
  'version'?: (string);
  'alive'?: (boolean);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface HealthStatusChangedEvent__Output {
  'appId'?: (string);
  'instanceId'?: (string);
  'version'?: (string);
  'alive'?: (boolean);
  'eventType'?: (string);
  'timestamp'?: (string);
}
