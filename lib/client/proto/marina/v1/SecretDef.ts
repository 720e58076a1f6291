// Original file: proto/marina/v1/marathon.proto


export interface SecretDef {
  'source'?: (string);
}

export interface SecretDef__Output {
  'source'?: (string);
}
