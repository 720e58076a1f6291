// Original file: proto/marina/v1/marina.proto


export interface GroupVersionRequest {
  'id'?: (string);
  'version'?: (string);
}

export interface GroupVersionRequest__Output {
  'id'?: (string);
  'version'?: (string);
}
