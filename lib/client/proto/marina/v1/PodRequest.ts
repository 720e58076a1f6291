// Original file: proto/marina/v1/marina.proto

import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface PodRequest {
  'pod'?: (_marina_v1_Pod | null);
  'force'?: (boolean);
  'fieldMask'?: (_google_protobuf_FieldMask | null);
}

export interface PodRequest__Output {
  'pod'?: (_marina_v1_Pod__Output);
  'force'?: (boolean);
  'fieldMask'?: (_google_protobuf_FieldMask__Output);
}
