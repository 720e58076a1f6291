// Original file: proto/marina/v1/marathon.proto


export interface CommandCheck {
  'value'?: (string);
}

export interface CommandCheck__Output {
  'value'?: (string);
}
