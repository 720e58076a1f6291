// Original file: proto/marina/v1/marathon.proto


export interface UnreachableStrategy {
  'inactiveAfterSeconds'?: (number | string);
  'expungeAfterSeconds'?: (number | string);
}

export interface UnreachableStrategy__Output {
  'inactiveAfterSeconds'?: (number);
  'expungeAfterSeconds'?: (number);
}
