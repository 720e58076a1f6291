/**
 * Legacy Marathon forms, converted to the 1.5+ form before validation, as
 * Marathon 1.5 does on input:
 * - `ports: [0, 0]` → `portDefinitions: [{port: 0, protocol: 'tcp'}, ...]`;
 * - `container.docker.network: HOST|BRIDGE|USER` (+ `container.docker.portMappings`)
 *   → `networks` + `container.portMappings`;
 * - `ipAddress: {networkName, labels, discovery: {ports}}` → a container network
 *   + `container.portMappings` (no host ports).
 * Input is not modified; errors are recorded with the legacy field's path.
 */
import { isObj, idx, type Issues, type Obj } from './issues';

function convertPorts(app: Obj, issues: Issues): void {
  if (app.ports === undefined || app.ports === null) {
    delete app.ports;
    return;
  }
  if (app.portDefinitions !== undefined && app.portDefinitions !== null) {
    issues.add('/ports', 'You cannot specify both ports and portDefinitions');
    delete app.ports;
    return;
  }
  if (!Array.isArray(app.ports)) {
    issues.add('/ports', 'expected an array of port numbers');
    delete app.ports;
    return;
  }
  app.portDefinitions = app.ports.map((p, i) => {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) {
      issues.add(idx('/ports', i), `got ${JSON.stringify(p)}, expected an integer between 0 and 65535`);
      return { port: 0, protocol: 'tcp' }; // reported once, at its legacy path
    }
    return { port: p, protocol: 'tcp' };
  });
  delete app.ports;
}

function ipAddressNetwork(app: Obj, issues: Issues): { name?: string; labels?: unknown; ports?: unknown } | undefined {
  const ip = app.ipAddress;
  delete app.ipAddress;
  if (ip === undefined || ip === null) return undefined;
  if (!isObj(ip)) {
    issues.add('/ipAddress', 'expected an object');
    return undefined;
  }
  if (ip.networkName !== undefined && typeof ip.networkName !== 'string') {
    issues.add('/ipAddress/networkName', 'expected a string');
  }
  const discovery = isObj(ip.discovery) ? ip.discovery : undefined;
  return {
    name: typeof ip.networkName === 'string' ? ip.networkName : undefined,
    labels: ip.labels,
    ports: discovery?.ports,
  };
}

function discoveryToMappings(ports: unknown, issues: Issues): unknown[] {
  if (!Array.isArray(ports)) {
    issues.add('/ipAddress/discovery/ports', 'expected an array');
    return [];
  }
  return ports.map((p, i) => {
    if (!isObj(p)) {
      issues.add(idx('/ipAddress/discovery/ports', i), 'expected an object');
      return {};
    }
    const m: Obj = { containerPort: p.number, protocol: p.protocol ?? 'tcp' };
    if (p.name !== undefined) m.name = p.name;
    if (p.labels !== undefined) m.labels = p.labels;
    return m;
  });
}

function dockerNetwork(docker: Obj, issues: Issues): string | undefined {
  const n = docker.network;
  delete docker.network;
  if (n === undefined || n === null) return undefined;
  if (n !== 'HOST' && n !== 'BRIDGE' && n !== 'USER' && n !== 'NONE') {
    issues.add('/container/docker/network', `${JSON.stringify(n)} is not one of HOST, BRIDGE, USER, NONE`);
    return undefined;
  }
  return n;
}

/** Marathon 1.5's legacy → current normalisation. Returns a converted shallow copy. */
export function convertLegacy(input: Obj, issues: Issues): Obj {
  const app: Obj = { ...input };
  convertPorts(app, issues);
  const ipNet = ipAddressNetwork(app, issues);
  const container = isObj(app.container) ? { ...app.container } : undefined;
  const docker = container && isObj(container.docker) ? { ...container.docker } : undefined;
  if (container) app.container = container;
  if (container && docker) container.docker = docker;
  const legacyMode = docker ? dockerNetwork(docker, issues) : undefined;
  const legacyMappings = docker?.portMappings;
  if (docker) delete docker.portMappings;
  if (legacyMappings !== undefined && legacyMappings !== null && container) {
    if (container.portMappings !== undefined && container.portMappings !== null) {
      issues.add('/container/docker/portMappings', 'cannot be combined with container.portMappings');
    } else container.portMappings = legacyMappings;
  }
  if (legacyMode === undefined && ipNet === undefined) return app;
  if (app.networks !== undefined && app.networks !== null) {
    issues.add('/networks', legacyMode ? 'cannot be combined with container.docker.network' : 'cannot be combined with ipAddress');
    return app;
  }
  if (legacyMode === 'HOST') app.networks = [{ mode: 'host' }];
  else if (legacyMode === 'BRIDGE') app.networks = [{ mode: 'container/bridge' }];
  else if (legacyMode === 'NONE') app.networks = [{ mode: 'container', name: 'none' }];
  else {
    if (ipNet?.name === undefined) {
      issues.add(ipNet ? '/ipAddress/networkName' : '/container/docker/network', 'USER networking requires ipAddress.networkName');
      return app;
    }
    const net: Obj = { mode: 'container', name: ipNet.name };
    if (ipNet?.labels !== undefined) net.labels = ipNet.labels;
    app.networks = [net];
    if (ipNet?.ports !== undefined && ipNet.ports !== null) {
      const mappings = discoveryToMappings(ipNet.ports, issues);
      const target = container ?? { type: 'MESOS' };
      if (target.portMappings !== undefined && target.portMappings !== null && mappings.length > 0) {
        issues.add('/ipAddress/discovery/ports', 'cannot be combined with portMappings');
      } else if (mappings.length > 0) target.portMappings = mappings;
      app.container = target;
    }
  }
  return app;
}
