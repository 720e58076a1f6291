// Original file: proto/marina/v1/marathon.proto


export interface PodConstraint {
  'fieldName'?: (string);
  'operator'?: (string);
  'value'?: (string);
}

export interface PodConstraint__Output {
  'fieldName'?: (string);
  'operator'?: (string);
  'value'?: (string);
}
