/** The allocator's Prometheus series. */
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, serviceRegistry, type Registry } from '../../lib/metrics';

export interface AllocatorMetrics {
  registry: Registry;
  txns: Counter<'result'>;
  instancesAllocated: Counter;
  instancesReleased: Counter;
  tasksLost: Counter;
  allocLatency: Histogram;
  viewLag: Histogram;
  storeTxns: Counter<'parts'>;
  httpRequests: Counter<'method' | 'status'>;
  isLeader: Gauge;
  viewRevision: Gauge;
}

export function allocatorMetrics(): AllocatorMetrics {
  const registry = serviceRegistry('allocator', { processMetrics: true });
  return {
    registry,
    txns: new Counter({ name: 'marina_allocator_txns_total', help: 'Store transactions by result (ok, conflict).', labelNames: ['result'], registers: [registry] }),
    instancesAllocated: new Counter({ name: 'marina_allocator_instances_allocated_total', help: 'Task instances allocated.', registers: [registry] }),
    instancesReleased: new Counter({ name: 'marina_allocator_instances_released_total', help: 'Task instances released with all their allocations.', registers: [registry] }),
    tasksLost: new Counter({ name: 'marina_allocator_tasks_lost_total', help: 'Tasks marked TASK_LOST because the lease of their agent expired.', registers: [registry] }),
    allocLatency: new Histogram({ name: 'marina_allocator_alloc_txn_seconds', help: 'Latency of allocation transactions.', buckets: LATENCY_BUCKETS, registers: [registry] }),
    viewLag: new Histogram({ name: 'marina_allocator_view_lag_seconds', help: 'Time from a committed transaction to the view (watch) showing it.', buckets: LATENCY_BUCKETS, registers: [registry] }),
    storeTxns: new Counter({ name: 'marina_allocator_store_txns_total', help: 'Store transactions sent, by how many allocator transactions each carried (group commit: 1, 2-4, 5+).', labelNames: ['parts'], registers: [registry] }),
    httpRequests: new Counter({ name: 'marina_allocator_http_requests_total', help: 'HTTP API requests.', labelNames: ['method', 'status'], registers: [registry] }),
    isLeader: new Gauge({ name: 'marina_allocator_leader', help: '1 when this replica runs the background loops.', registers: [registry] }),
    viewRevision: new Gauge({ name: 'marina_allocator_view_revision', help: 'Store revision the in-memory view has applied.', registers: [registry] }),
  };
}
