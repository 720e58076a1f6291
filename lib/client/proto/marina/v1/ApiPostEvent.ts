// Original file: proto/marina/v1/marathon.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';
import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';

export interface ApiPostEvent {
  /**
   * Always null (Marathon's field; Marina does not record it).
   */
  'clientIp'?: (_google_protobuf_Value | null);
  'uri'?: (string);
  'appDefinition'?: (_marina_v1_App | null);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface ApiPostEvent__Output {
  /**
   * Always null (Marathon's field; Marina does not record it).
   */
  'clientIp'?: (_google_protobuf_Value__Output);
  'uri'?: (string);
  'appDefinition'?: (_marina_v1_App__Output);
  'eventType'?: (string);
  'timestamp'?: (string);
}
