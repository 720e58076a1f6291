/** `container`: type, docker image, volumes; port mappings are parsed in ports.ts. */
import type { ContainerSpec } from '../model/app';
import type { Issues, Reader } from './issues';

const CONTAINER_FIELDS = new Set(['type', 'docker', 'volumes', 'portMappings', 'linuxInfo']);

/** Parse `container` minus portMappings (legacy docker.network/portMappings already converted). */
export function parseContainer(r: Reader, issues: Issues): ContainerSpec | undefined {
  r.rejectUnknown(CONTAINER_FIELDS);
  const type = r.string('type') ?? 'DOCKER';
  if (type !== 'DOCKER' && type !== 'MESOS') {
    issues.add(r.p('type'), `'${type}' is not one of DOCKER, MESOS`);
    return undefined;
  }
  const spec: ContainerSpec = { type };
  const docker = r.child('docker');
  if (docker) spec.docker = { ...docker.obj };
  const image = docker?.string('image');
  if (type === 'DOCKER' && (image === undefined || image.trim() === '') && !(docker && docker.has('image') && image === undefined)) {
    issues.add(docker ? docker.p('image') : r.p('docker'), 'a DOCKER container requires docker.image');
  }
  const volumes = r.array('volumes');
  if (volumes) spec.volumes = volumes;
  return spec;
}
