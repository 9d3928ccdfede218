/** A container image reference split into its parts; `registry` defaults to docker.io as the runtime does. */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

// Four rules parse every container's image and clusters repeat a few thousand images over tens of thousands of
// containers: each distinct string is parsed once. Bounded, so a long-running process cannot grow it without limit.
const parsed = new Map<string, Readonly<ImageReference>>();
const parsedLimit = 8192;

/**
 * Parses `registry/repo:tag@sha256:…`; a first segment with `.`/`:` or `localhost` is a registry host.
 * Equal strings share one frozen result.
 */
export function parseImageReference(image: string): Readonly<ImageReference> {
  let reference = parsed.get(image);
  if (reference === undefined) {
    reference = Object.freeze(parse(image));
    if (parsed.size >= parsedLimit) parsed.clear();
    parsed.set(image, reference);
  }
  return reference;
}

function parse(image: string): ImageReference {
  const [withoutDigest = '', digest] = image.split('@');
  const slash = withoutDigest.indexOf('/');
  const first = slash >= 0 ? withoutDigest.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') && colon >= 0 ? rest.slice(colon + 1) : undefined;
  const repository = tag !== undefined ? rest.slice(0, colon) : rest;
  return {
    registry,
    repository: !hasRegistry && !repository.includes('/') ? `library/${repository}` : repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}
