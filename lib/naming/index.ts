/** Naming: Mesos-DNS and DC/OS compatible DNS names for apps, tasks and VIPs. */
export * from './labels';
export * from './zbase32';
export * from './mesos-dns';
export * from './dcos';
