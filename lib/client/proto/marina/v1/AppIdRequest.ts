// Original file: proto/marina/v1/marina.proto


export interface AppIdRequest {
  'id'?: (string);
  'force'?: (boolean);
}

export interface AppIdRequest__Output {
  'id'?: (string);
  'force'?: (boolean);
}
