// Original file: proto/marina/v1/marina.proto

import type { PortRange as _marina_v1_PortRange, PortRange__Output as _marina_v1_PortRange__Output } from '../../marina/v1/PortRange';

export interface RegisterAgentRequest {
  'id'?: (string);
  'hostname'?: (string);
  'ip'?: (string);
  'ip6'?: (string);
  'portRanges'?: (_marina_v1_PortRange)[];
  'attributes'?: ({[key: string]: string});
  'mtu'?: (number);
}

export interface RegisterAgentRequest__Output {
  'id'?: (string);
  'hostname'?: (string);
  'ip'?: (string);
  'ip6'?: (string);
  'portRanges'?: (_marina_v1_PortRange__Output)[];
  'attributes'?: ({[key: string]: string});
  'mtu'?: (number);
}
