// Original file: proto/marina/v1/marina.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface CreateAppRequest {
  'app'?: (_marina_v1_App | null);
  'force'?: (boolean);
  /**
   * Lists and maps to take even when empty (json or proto names, top level).
   */
  'fieldMask'?: (_google_protobuf_FieldMask | null);
}

export interface CreateAppRequest__Output {
  'app'?: (_marina_v1_App__Output);
  'force'?: (boolean);
  /**
   * Lists and maps to take even when empty (json or proto names, top level).
   */
  'fieldMask'?: (_google_protobuf_FieldMask__Output);
}
