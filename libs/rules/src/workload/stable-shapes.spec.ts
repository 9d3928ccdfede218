import { describe, expect, it } from 'vitest';
import { containerView, podSpecView } from './stable-shapes.js';
import type { Container, PodSpec } from './pod-spec.types.js';

describe('stable shapes', () => {
  it('gives containers with different keys one key list, with the parsed values themselves', () => {
    const securityContext = { privileged: true };
    const a = containerView({ name: 'a', image: 'nginx', securityContext });
    const b = containerView({ name: 'b', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80 }] });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(a.securityContext).toBe(securityContext);
    expect(a.image).toBe('nginx');
    expect(b.image).toBeUndefined();
  });

  it('keeps an object with a key it does not know as parsed', () => {
    const odd = { name: 'a', imagee: 'typo' } as unknown as Container;
    expect(containerView(odd)).toBe(odd);
    const spec = { containers: [], futureField: 1 } as unknown as PodSpec;
    expect(podSpecView(spec)).toBe(spec);
  });

  it('gives pod specs one key list and their containers as views, keeping positions', () => {
    const volumes = [{ name: 'v', emptyDir: {} }];
    const one = podSpecView({ containers: [{ name: 'a' }, { name: 'b', image: 'x' }], volumes });
    const two = podSpecView({ hostNetwork: true, initContainers: [{ name: 'i' }] });
    expect(Object.keys(one)).toEqual(Object.keys(two));
    expect(one.volumes).toBe(volumes);
    expect(one.containers?.map((c) => c.name)).toEqual(['a', 'b']);
    expect(Object.keys(one.containers![0]!)).toEqual(Object.keys(two.initContainers![0]!));
    expect(two.containers).toBeUndefined();
    expect(two.hostNetwork).toBe(true);
  });
});
