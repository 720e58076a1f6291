// Original file: proto/marina/v1/marina.proto


export interface ScaleAppRequest {
  'id'?: (string);
  'instances'?: (number);
  'force'?: (boolean);
}

export interface ScaleAppRequest__Output {
  'id'?: (string);
  'instances'?: (number);
  'force'?: (boolean);
}
