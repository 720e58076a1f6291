// Original file: proto/marina/v1/marathon.proto


export interface PortMapping {
  'containerPort'?: (number);
  /**
   * Absent: no host port (virtual network); 0: dynamic.
   */
  'hostPort'?: (number);
  'servicePort'?: (number);
  'protocol'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
  'networkNames'?: (string)[];
}

export interface PortMapping__Output {
  'containerPort'?: (number);
  /**
   * Absent: no host port (virtual network); 0: dynamic.
   */
  'hostPort'?: (number);
  'servicePort'?: (number);
  'protocol'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
  'networkNames'?: (string)[];
}
