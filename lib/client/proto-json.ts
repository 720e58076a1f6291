/**
 * The proto3 JSON mapping of marina.v1's Marathon messages, so that a gRPC
 * reply and the /v2 JSON are one shape: `toWire` turns a /v2 JSON object
 * into bytes of a message, `fromWire` turns bytes back into that JSON.
 * Field names are protobufjs's camelCase names, which are the default
 * json_name; google.protobuf.Value / ListValue / Struct map to plain JSON.
 * Printing follows protobuf's "always print fields without presence": every
 * list and map (empty ones too) and every field that is set, except where
 * /v2 leaves an empty one out: the fields in OMIT_EMPTY, and every list and
 * map of the messages in OMIT_EMPTY_IN (a pod is shown as its user wrote it).
 */
import * as protobuf from 'protobufjs';
import { join } from 'node:path';
import { repoRoot } from '../paths';

type Json = Record<string, unknown>;

/**
 * Lists /v2 prints only when not empty (renderAppDefinition, the stored parts
 * of an app), and the AppInfo lists `embed` adds: a gRPC App carries tasks,
 * deployments and readinessCheckResults when there are some, whatever the
 * embed (one message serves the definition and AppInfo).
 */
const OMIT_EMPTY = new Set(
  ['App.args', 'App.acceptedResourceRoles', 'App.tasks', 'App.deployments', 'App.readinessCheckResults', 'PortMapping.networkNames', 'Network.labels'].map((f) => `marina.v1.${f}`),
);
/** Messages whose empty lists and maps /v2 leaves out: the pod definition, echoed as written. */
const OMIT_EMPTY_IN = new Set(
  ['Pod', 'PodContainer', 'PodEndpoint', 'PodPlacement', 'PodScheduling', 'PodHealthCheck', 'DockerContainer', 'AppVolume', 'PersistentVolumeInfo', 'ExternalVolumeInfo'].map((m) => `marina.v1.${m}`),
);

let cachedRoot: protobuf.Root | undefined;

/** marina.proto and what it imports, parsed by protobufjs (camelCase names). */
export function protoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  const dir = join(repoRoot(), 'proto');
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(dir, target));
  root.loadSync('marina/v1/marina.proto', { keepCase: false });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

export function messageType(name: string): protobuf.Type {
  return protoRoot().lookupType(name.startsWith('marina.') ? name : `marina.v1.${name}`);
}

// ------------------------------------------------ well-known JSON types

function valueFromJson(v: unknown): Json {
  if (v === null || v === undefined) return { nullValue: 0 };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueFromJson) } };
  return { structValue: structFromJson(v as Json) };
}

function structFromJson(o: Json): Json {
  return { fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, valueFromJson(v)])) };
}

function valueToJson(v: Json | undefined): unknown {
  if (!v || 'nullValue' in v) return null;
  if ('numberValue' in v) return v.numberValue;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('listValue' in v) return ((v.listValue as Json).values as Json[] | undefined ?? []).map(valueToJson);
  if ('structValue' in v) return structToJson(v.structValue as Json);
  return null;
}

function structToJson(s: Json): Json {
  return Object.fromEntries(Object.entries((s.fields as Record<string, Json> | undefined) ?? {}).map(([k, v]) => [k, valueToJson(v)]));
}

const WELL_KNOWN: Record<string, { from(v: unknown): unknown; to(v: Json): unknown }> = {
  'google.protobuf.Value': { from: valueFromJson, to: valueToJson },
  'google.protobuf.ListValue': { from: (v) => ({ values: (Array.isArray(v) ? v : []).map(valueFromJson) }), to: (v) => ((v.values as Json[] | undefined) ?? []).map(valueToJson) },
  'google.protobuf.Struct': { from: (v) => structFromJson((v ?? {}) as Json), to: structToJson },
};

function fullName(t: protobuf.Type): string {
  return t.fullName.replace(/^\./, '');
}

// ------------------------------------------------------- JSON ↔ object

/**
 * A JSON object (as /v2 writes it) → the object protobufjs encodes. Keys the
 * message does not define are left out and their paths pushed to `unknown`
 * (the parity tests assert there are none).
 */
export function objectFromJson(type: protobuf.Type, json: Json, unknown: string[] = [], path = ''): Json {
  const wk = WELL_KNOWN[fullName(type)];
  if (wk) return wk.from(json) as Json;
  const out: Json = {};
  for (const [key, v] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field) {
      unknown.push(`${path}/${key}`);
      continue;
    }
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const wkf = sub ? WELL_KNOWN[fullName(sub)] : undefined;
    if (v === null && !wkf) continue;
    const one = (x: unknown, p: string): unknown => {
      if (!sub) return x;
      if (wkf) return wkf.from(x);
      return typeof x === 'object' && x !== null ? objectFromJson(sub, x as Json, unknown, p) : x;
    };
    if (field.map) out[key] = Object.fromEntries(Object.entries((v ?? {}) as Json).map(([k, x]) => [k, one(x, `${path}/${key}/${k}`)]));
    else if (field.repeated) out[key] = (Array.isArray(v) ? v : []).map((x, i) => one(x, `${path}/${key}/${i}`));
    else out[key] = one(v, `${path}/${key}`);
  }
  return out;
}

/**
 * A decoded object (protobufjs toObject without defaults) → JSON. Replies
 * print every list and map (`lists`); requests leave empty ones out, as absent.
 */
export function objectToJson(type: protobuf.Type, obj: Json, lists = true): Json {
  const out: Json = {};
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const wkf = sub ? WELL_KNOWN[fullName(sub)] : undefined;
    const one = (x: unknown): unknown => (wkf ? wkf.to(x as Json) : sub ? objectToJson(sub, x as Json, lists) : x);
    if (field.map) {
      const map = Object.entries((v ?? {}) as Json);
      if (map.length > 0 || (lists && !omitEmpty(type, field))) out[field.name] = Object.fromEntries(map.map(([k, x]) => [k, one(x)]));
    } else if (field.repeated) {
      const list = ((v ?? []) as unknown[]).map(one);
      if (list.length > 0 || (lists && !omitEmpty(type, field))) out[field.name] = list;
    } else if (v !== undefined && v !== null) out[field.name] = one(v);
  }
  return out;
}

function omitEmpty(type: protobuf.Type, field: protobuf.Field): boolean {
  const t = fullName(type);
  return OMIT_EMPTY_IN.has(t) || OMIT_EMPTY.has(`${t}.${field.name}`);
}

const DECODE: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: false, arrays: false, objects: false, oneofs: false };

/** /v2 JSON → wire bytes of `type`. */
export function toWire(type: protobuf.Type, json: Json): Uint8Array {
  return type.encode(type.fromObject(objectFromJson(type, json))).finish();
}

/** Wire bytes of `type` → the JSON /v2 would write (a request's: without empty lists and maps). */
export function fromWire(type: protobuf.Type, bytes: Uint8Array, lists = true): Json {
  return objectToJson(type, type.toObject(type.decode(bytes), DECODE), lists);
}
