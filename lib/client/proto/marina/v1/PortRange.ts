// Original file: proto/marina/v1/marina.proto


export interface PortRange {
  'begin'?: (number);
  'end'?: (number);
}

export interface PortRange__Output {
  'begin'?: (number);
  'end'?: (number);
}
