// Original file: proto/marina/v1/marathon.proto


export interface IpAddress {
  'ipAddress'?: (string);
  /**
   * IPv4 | IPv6
   */
  'protocol'?: (string);
}

export interface IpAddress__Output {
  'ipAddress'?: (string);
  /**
   * IPv4 | IPv6
   */
  'protocol'?: (string);
}
