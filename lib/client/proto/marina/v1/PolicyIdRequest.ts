// Original file: proto/marina/v1/marina.proto


export interface PolicyIdRequest {
  'id'?: (string);
}

export interface PolicyIdRequest__Output {
  'id'?: (string);
}
