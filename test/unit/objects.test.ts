import { withoutUndefined } from '../../src/common/objects';

describe('withoutUndefined', () => {
  it('drops the undefined fields and keeps every other value, falsy ones included', () => {
    expect(withoutUndefined({ a: undefined, b: null, c: 0, d: '', e: false, f: 'x' })).toEqual({
      b: null,
      c: 0,
      d: '',
      e: false,
      f: 'x',
    });
    expect(Object.keys(withoutUndefined({ a: undefined }))).toEqual([]);
  });

  it('returns a copy', () => {
    const value = { a: 1 };
    expect(withoutUndefined(value)).not.toBe(value);
  });
});
