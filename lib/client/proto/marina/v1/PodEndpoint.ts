// Original file: proto/marina/v1/marathon.proto


export interface PodEndpoint {
  'name'?: (string);
  'containerPort'?: (number);
  'hostPort'?: (number);
  'protocol'?: (string)[];
  'labels'?: ({[key: string]: string});
  'networkNames'?: (string)[];
}

export interface PodEndpoint__Output {
  'name'?: (string);
  'containerPort'?: (number);
  'hostPort'?: (number);
  'protocol'?: (string)[];
  'labels'?: ({[key: string]: string});
  'networkNames'?: (string)[];
}
