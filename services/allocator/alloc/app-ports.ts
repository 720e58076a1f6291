/**
 * An app's ports in one list whatever the network mode, and the app-level
 * allocations made when an app is created or updated: service ports (unique
 * cluster-wide, kept across scaling and updates) and VIPs from VIP_n labels.
 */
import type { AppDefinition, PortProtocol } from '../../../lib/model/app';

export type TaskNetMode = 'host' | 'bridge' | 'container' | 'none';

export interface AppPort {
  index: number;
  /** Service port as stored in the app (0 before assignment). */
  servicePort: number;
  /** Host port need: 0 dynamic, N fixed, undefined none. */
  hostPort?: number;
  containerPort?: number;
  protocol: PortProtocol;
  name?: string;
  labels: Record<string, string>;
  /** JSON path of the port in the app definition (for errors). */
  path: string;
}

/** host | bridge | container (virtual network) | none, and the network name. */
export function netModeOf(app: AppDefinition): { mode: TaskNetMode; network?: string } {
  const n = app.networks[0];
  if (!n || n.mode === 'host') return { mode: 'host' };
  if (n.mode === 'container/bridge') return { mode: 'bridge' };
  if (!n.name || n.name === 'none') return { mode: 'none' };
  return { mode: 'container', network: n.name };
}

export function appPorts(app: AppDefinition): AppPort[] {
  const { mode } = netModeOf(app);
  if (mode === 'host') {
    return (app.portDefinitions ?? []).map((d, index) => ({
      index,
      servicePort: d.port,
      hostPort: app.requirePorts ? d.port : 0,
      containerPort: undefined,
      protocol: d.protocol,
      name: d.name,
      labels: d.labels ?? {},
      path: `/portDefinitions(${index})`,
    }));
  }
  if (mode === 'none') return [];
  return (app.container?.portMappings ?? []).map((m, index) => ({
    index,
    servicePort: m.servicePort,
    hostPort: mode === 'bridge' ? (m.hostPort ?? 0) : m.hostPort,
    containerPort: m.containerPort,
    protocol: m.protocol,
    name: m.name,
    labels: m.labels ?? {},
    path: `/container/portMappings(${index})`,
  }));
}

/** Write assigned service ports back into the app definition (by port index). */
export function withServicePorts(app: AppDefinition, servicePorts: number[]): AppDefinition {
  const { mode } = netModeOf(app);
  if (mode === 'host') {
    return { ...app, portDefinitions: (app.portDefinitions ?? []).map((d, i) => ({ ...d, port: servicePorts[i] ?? d.port })) };
  }
  if (!app.container?.portMappings) return app;
  return {
    ...app,
    container: { ...app.container, portMappings: app.container.portMappings.map((m, i) => ({ ...m, servicePort: servicePorts[i] ?? m.servicePort })) },
  };
}

/** VIP_n labels of one port, in label order. */
export function vipLabelsOf(port: AppPort): Array<{ key: string; label: string }> {
  return Object.entries(port.labels)
    .filter(([k]) => /^VIP_\d+$/.test(k))
    .map(([key, label]) => ({ key, label }));
}
