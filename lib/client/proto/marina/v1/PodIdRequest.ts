// Original file: proto/marina/v1/marina.proto


export interface PodIdRequest {
  'id'?: (string);
  'force'?: (boolean);
}

export interface PodIdRequest__Output {
  'id'?: (string);
  'force'?: (boolean);
}
