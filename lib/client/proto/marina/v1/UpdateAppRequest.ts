// Original file: proto/marina/v1/marina.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateAppRequest {
  'id'?: (string);
  /**
   * The fields to change (PUT /v2/apps/{id}); unset ones keep their value.
   */
  'app'?: (_marina_v1_App | null);
  'force'?: (boolean);
  'fieldMask'?: (_google_protobuf_FieldMask | null);
}

export interface UpdateAppRequest__Output {
  'id'?: (string);
  /**
   * The fields to change (PUT /v2/apps/{id}); unset ones keep their value.
   */
  'app'?: (_marina_v1_App__Output);
  'force'?: (boolean);
  'fieldMask'?: (_google_protobuf_FieldMask__Output);
}
