/**
 * Minimal decoder for the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown), enough to read the access-review
 * requests kubectl sends as protobuf. Field numbers follow k8s.io/api/authorization/v1 generated.proto.
 */
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, (Buffer | number)[]>;

export class ProtobufError extends Error {}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new ProtobufError('truncated varint');
    const byte = buf[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new ProtobufError('varint too long');
  }
}

function readFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) {
      [value, pos] = readVarint(buf, afterTag);
    } else if (wire === 2) {
      const [length, afterLength] = readVarint(buf, afterTag);
      if (afterLength + length > buf.length) throw new ProtobufError('truncated field');
      value = buf.subarray(afterLength, afterLength + length);
      pos = afterLength + length;
    } else if (wire === 1) {
      value = 0;
      pos = afterTag + 8;
    } else if (wire === 5) {
      value = 0;
      pos = afterTag + 4;
    } else {
      throw new ProtobufError(`unsupported wire type ${wire}`);
    }
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

function bytes(fields: Fields, n: number): Buffer | undefined {
  const v = fields.get(n)?.[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

function text(fields: Fields, n: number): string | undefined {
  return bytes(fields, n)?.toString('utf8');
}

function message(fields: Fields, n: number): Fields | undefined {
  const b = bytes(fields, n);
  return b ? readFields(b) : undefined;
}

export function isProtobufBody(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(magic);
}

/** Decodes a protobuf SelfSubjectAccessReview / SelfSubjectRulesReview / SelfSubjectReview into its JSON shape. */
export function decodeReviewProtobuf(body: Buffer): Record<string, unknown> {
  const unknown = readFields(body.subarray(4));
  const typeMeta = message(unknown, 1);
  const kind = typeMeta ? text(typeMeta, 2) : undefined;
  const raw = message(unknown, 2) ?? new Map();
  const spec = message(raw, 2);
  switch (kind) {
    case 'SelfSubjectAccessReview': {
      const resource = spec ? message(spec, 1) : undefined;
      const nonResource = spec ? message(spec, 2) : undefined;
      const out: Record<string, unknown> = {};
      if (resource) {
        out.resourceAttributes = {
          namespace: text(resource, 1),
          verb: text(resource, 2),
          group: text(resource, 3),
          version: text(resource, 4),
          resource: text(resource, 5),
          subresource: text(resource, 6),
          name: text(resource, 7),
        };
      }
      if (nonResource) out.nonResourceAttributes = { path: text(nonResource, 1), verb: text(nonResource, 2) };
      return { kind, apiVersion: 'authorization.k8s.io/v1', spec: out };
    }
    case 'SelfSubjectRulesReview':
      return {
        kind,
        apiVersion: 'authorization.k8s.io/v1',
        spec: { namespace: spec ? text(spec, 1) : undefined },
      };
    case 'SelfSubjectReview':
      return { kind, apiVersion: 'authentication.k8s.io/v1' };
    default:
      throw new ProtobufError(`unsupported protobuf kind ${String(kind)}`);
  }
}
