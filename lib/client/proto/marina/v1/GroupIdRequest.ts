// Original file: proto/marina/v1/marina.proto


export interface GroupIdRequest {
  'id'?: (string);
  'force'?: (boolean);
}

export interface GroupIdRequest__Output {
  'id'?: (string);
  'force'?: (boolean);
}
