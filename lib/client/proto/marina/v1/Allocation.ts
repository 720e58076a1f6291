// Original file: proto/marina/v1/marina.proto


export interface Allocation {
  /**
   * port | ip | block | serviceport | vip | bridge
   */
  'kind'?: (string);
  /**
   * The store key, below the prefix (e.g. alloc/ports/agent-1/31000).
   */
  'key'?: (string);
  'appId'?: (string);
  'taskId'?: (string);
  /**
   * Agent (ports, blocks, bridge subnets) or network (ips, blocks) it belongs to.
   */
  'agentId'?: (string);
  'network'?: (string);
  /**
   * The allocated thing: "31000", "31000/udp", "198.19.0.5", "198.19.250.7:80".
   */
  'value'?: (string);
}

export interface Allocation__Output {
  /**
   * port | ip | block | serviceport | vip | bridge
   */
  'kind'?: (string);
  /**
   * The store key, below the prefix (e.g. alloc/ports/agent-1/31000).
   */
  'key'?: (string);
  'appId'?: (string);
  'taskId'?: (string);
  /**
   * Agent (ports, blocks, bridge subnets) or network (ips, blocks) it belongs to.
   */
  'agentId'?: (string);
  'network'?: (string);
  /**
   * The allocated thing: "31000", "31000/udp", "198.19.0.5", "198.19.250.7:80".
   */
  'value'?: (string);
}
