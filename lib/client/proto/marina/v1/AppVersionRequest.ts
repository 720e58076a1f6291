// Original file: proto/marina/v1/marina.proto


export interface AppVersionRequest {
  'id'?: (string);
  'version'?: (string);
}

export interface AppVersionRequest__Output {
  'id'?: (string);
  'version'?: (string);
}
