// Original file: proto/marina/v1/marathon.proto

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from '../../google/protobuf/ListValue';

export interface PersistentVolumeInfo {
  'type'?: (string);
  'size'?: (number | string);
  'maxSize'?: (number | string);
  'profileName'?: (string);
  'constraints'?: (_google_protobuf_ListValue)[];
}

export interface PersistentVolumeInfo__Output {
  'type'?: (string);
  'size'?: (number);
  'maxSize'?: (number);
  'profileName'?: (string);
  'constraints'?: (_google_protobuf_ListValue__Output)[];
}
