// Original file: proto/marina/v1/marina.proto


/**
 * A watcher's network-programming latency (issue 12): how long its
 * histogram says changes took from commit (Task.serving_changed_at) to being
 * in effect here. component: dns | lb | agent-policy; host: where it runs
 * (an agent: its own id only). summary_json: {count, sum, buckets: [{le,
 * count}]} (cumulative, as /metrics). The allocator keeps the latest per
 * component, host and reporter in memory (GET /v1/programming-latency, the map).
 */
export interface ProgrammingLatencyReport {
  'component'?: (string);
  'host'?: (string);
  'summaryJson'?: (string);
}

/**
 * A watcher's network-programming latency (issue 12): how long its
 * histogram says changes took from commit (Task.serving_changed_at) to being
 * in effect here. component: dns | lb | agent-policy; host: where it runs
 * (an agent: its own id only). summary_json: {count, sum, buckets: [{le,
 * count}]} (cumulative, as /metrics). The allocator keeps the latest per
 * component, host and reporter in memory (GET /v1/programming-latency, the map).
 */
export interface ProgrammingLatencyReport__Output {
  'component'?: (string);
  'host'?: (string);
  'summaryJson'?: (string);
}
