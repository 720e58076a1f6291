// Original file: proto/marina/v1/marathon.proto


export interface PortDefinition {
  'port'?: (number);
  'protocol'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
}

export interface PortDefinition__Output {
  'port'?: (number);
  'protocol'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
}
