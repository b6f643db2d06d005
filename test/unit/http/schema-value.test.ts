import type { SchemaValue } from '../../../src/http/schemas/schema-value';
import { controlStateBody, type ResponseBody } from '../../../src/http/wire';
import { controlStateView, initialState } from '../../../src/control/state';

// Each `@ts-expect-error` below is a check of the compiler: the file fails to
// compile (and this suite to run) if the type it marks accepts the value.

describe('SchemaValue', () => {
  /** A schema set as `as const` types it. */
  type Schemas = {
    Item: {
      type: 'object';
      required: readonly ['id', 'state'];
      properties: {
        id: { type: 'string' };
        state: { type: 'string'; enum: readonly ['open', 'shut'] };
        size: { type: readonly ['integer', 'null'] };
        tags: { type: 'array'; items: { type: 'string' } };
        parent: { $ref: '#/components/schemas/Item' };
      };
    };
    Counts: { type: 'object'; additionalProperties: { type: 'integer' } };
    Ok: { const: true };
  };
  type Item = SchemaValue<Schemas['Item'], Schemas>;

  it('types required, optional, nullable, enum, array and referenced properties', () => {
    const item: Item = {
      id: 'a',
      state: 'open',
      size: null,
      tags: ['x'],
      parent: { id: 'b', state: 'shut' },
    };
    // @ts-expect-error `state` is required
    const missing: Item = { id: 'a' };
    // @ts-expect-error `state` is one of its enum
    const wrongEnum: Item = { id: 'a', state: 'ajar' };
    // @ts-expect-error `size` is an integer or null
    const wrongType: Item = { id: 'a', state: 'open', size: 'big' };
    expect([item, missing, wrongEnum, wrongType]).toHaveLength(4);
  });

  it('types maps and constants', () => {
    const counts: SchemaValue<Schemas['Counts']> = { open: 2 };
    const ok: SchemaValue<Schemas['Ok']> = true;
    // @ts-expect-error a map's values have the type of `additionalProperties`
    const wrongCount: SchemaValue<Schemas['Counts']> = { open: 'two' };
    // @ts-expect-error a `const` is that value only
    const notOk: SchemaValue<Schemas['Ok']> = false;
    expect([counts, ok, wrongCount, notOk]).toHaveLength(4);
  });
});

describe('ResponseBody', () => {
  it("is the type the API's body builders return", () => {
    const body: ResponseBody<'ControlState'> = controlStateBody(controlStateView(initialState()));
    expect(body.status).toBe('running');
    // @ts-expect-error the audit's outcomes are those the PauseRecord schema lists
    const outcome: ResponseBody<'PauseRecord'>['outcome'] = 'paused';
    // @ts-expect-error the task status schema has no such field
    const field: ResponseBody<'TaskStatus'>['task'] = undefined;
    expect([outcome, field]).toHaveLength(2);
  });
});
