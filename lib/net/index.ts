/** Address maths shared by the services: one module per family, plus option port ranges. */
export * from './ipv4';
export * from './ipv6';
export * from './port-range';
