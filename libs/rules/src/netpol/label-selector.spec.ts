import { describe, expect, it } from 'vitest';
import { labelSelectorProblems, selectorKey, selectorKeys, type LabelSelector } from './label-selector.js';

describe('labelSelectorProblems', () => {
  it('finds nothing wrong with absent, empty and well-formed selectors', () => {
    expect(labelSelectorProblems(undefined, 'p')).toEqual([]);
    expect(labelSelectorProblems({}, 'p')).toEqual([]);
    expect(
      labelSelectorProblems(
        { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
        'p',
      ),
    ).toEqual([]);
  });

  it('names every field the API server would reject, in field order', () => {
    expect(labelSelectorProblems('app=web', 'spec.podSelector')).toEqual([
      'spec.podSelector must be an object with matchLabels/matchExpressions',
    ]);
    expect(
      labelSelectorProblems(
        {
          matchLabels: ['app'],
          matchExpressions: [
            { key: '', operator: 'In', values: [] },
            { key: 'a', operator: 'Has' },
            { key: 'b', operator: 'Exists', values: ['x'] },
            null,
          ],
        },
        'p',
      ),
    ).toEqual([
      'p.matchLabels must be a map of label key to value',
      'p.matchExpressions[0].key must be a non-empty string',
      'p.matchExpressions[0]: operator In needs a non-empty values list',
      'p.matchExpressions[1].operator "Has" must be one of In, NotIn, Exists, DoesNotExist',
      'p.matchExpressions[2]: operator Exists must not have values',
      'p.matchExpressions[3].key must be a non-empty string',
      'p.matchExpressions[3].operator "undefined" must be one of In, NotIn, Exists, DoesNotExist',
    ]);
    expect(labelSelectorProblems({ matchExpressions: {} }, 'p')).toEqual([
      'p.matchExpressions must be a list',
    ]);
  });
});

describe('selectorKey and selectorKeys', () => {
  it('write a canonical text (labels and requirements sorted, values sorted without reordering the selector)', () => {
    const values = ['b', 'a'];
    const selector: LabelSelector = {
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'zone', operator: 'NotIn', values },
        { key: 'env', operator: 'In', values: ['prod'] },
        { key: 'gpu', operator: 'Exists' },
        { key: 'spot', operator: 'DoesNotExist' },
      ],
    };
    expect(selectorKey(selector)).toBe('app=shop,tier=web,!spot,env in (prod),gpu,zone notin (a,b)');
    expect(values).toEqual(['b', 'a']);
    expect(selectorKeys(selector)).toEqual(['tier', 'app', 'zone', 'env', 'gpu', 'spot']);
    expect(selectorKey({})).toBe('<all>');
    expect(selectorKey({ matchExpressions: [] })).toBe('<all>');
  });

  it('throw on a matchExpressions that is not a list, which makes the policy unreadable', () => {
    const malformed = { matchExpressions: { key: 'app' } } as unknown as LabelSelector;
    expect(() => selectorKey(malformed)).toThrow(TypeError);
    expect(() => selectorKeys(malformed)).toThrow(TypeError);
  });
});
