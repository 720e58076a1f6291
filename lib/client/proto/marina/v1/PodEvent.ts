// Original file: proto/marina/v1/marathon.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';

/**
 * pod_created_event, pod_updated_event, pod_deleted_event
 */
export interface PodEvent {
  'clientIp'?: (_google_protobuf_Value | null);
  'uri'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

/**
 * pod_created_event, pod_updated_event, pod_deleted_event
 */
export interface PodEvent__Output {
  'clientIp'?: (_google_protobuf_Value__Output);
  'uri'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
