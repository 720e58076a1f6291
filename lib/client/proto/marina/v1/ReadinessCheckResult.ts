// Original file: proto/marina/v1/marathon.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface ReadinessCheckResult {
  'name'?: (string);
  'taskId'?: (string);
  'ready'?: (boolean);
  'lastResponse'?: (_google_protobuf_Struct | null);
}

export interface ReadinessCheckResult__Output {
  'name'?: (string);
  'taskId'?: (string);
  'ready'?: (boolean);
  'lastResponse'?: (_google_protobuf_Struct__Output);
}
