/**
 * The TypeScript type of the values a JSON schema accepts, computed from the
 * schema itself, so that a response body's type is its published schema and
 * cannot drift from it. Covers what this API's schemas use: `type` (one, or
 * one with `'null'`), `const`, `enum`, objects with `properties`, `required`
 * and `additionalProperties`, arrays with `items`, and `$ref` to a schema
 * under `components.schemas`. Anything else is `unknown`.
 *
 * Types only. Node zone.
 *
 * @module
 */

/** Schemas a `$ref` may name: `#/components/schemas/<name>`. */
type Named = Readonly<Record<string, unknown>>;

/**
 * The values schema `S` accepts, its `$ref`s looked up in `Defs`.
 *
 * @example
 * ```ts
 * const Record = {
 *   type: 'object',
 *   required: ['id'],
 *   properties: { id: { type: 'string' }, done: { type: ['boolean', 'null'] } },
 * } as const;
 * type RecordBody = SchemaValue<typeof Record>; // { id: string; done?: boolean | null }
 * ```
 */
export type SchemaValue<S, Defs extends Named = Named> = S extends {
  $ref: `#/components/schemas/${infer Name}`;
}
  ? Name extends keyof Defs
    ? SchemaValue<Defs[Name], Defs>
    : unknown
  : S extends { const: infer Value }
    ? Value
    : S extends { enum: readonly (infer Value)[] }
      ? Value
      : S extends { type: readonly [infer Type, 'null'] }
        ? SchemaValue<Omit<S, 'type'> & { type: Type }, Defs> | null
        : S extends { type: 'object' }
          ? ObjectValue<S, Defs>
          : S extends { type: 'array'; items: infer Item }
            ? Array<SchemaValue<Item, Defs>>
            : S extends { type: 'string' }
              ? string
              : S extends { type: 'integer' | 'number' }
                ? number
                : S extends { type: 'boolean' }
                  ? boolean
                  : unknown;

/** An object schema's values: its required properties, its optional ones, or a map of its additional ones. */
type ObjectValue<S, Defs extends Named> = S extends { properties: infer Properties }
  ? Flat<
      { [K in keyof Properties & RequiredOf<S>]: SchemaValue<Properties[K], Defs> } & {
        [K in Exclude<keyof Properties, RequiredOf<S>>]?: SchemaValue<Properties[K], Defs>;
      }
    >
  : S extends { additionalProperties: infer Value extends object }
    ? Record<string, SchemaValue<Value, Defs>>
    : Record<string, unknown>;

type RequiredOf<S> = S extends { required: readonly (infer Name)[] } ? Name : never;

/** One object type rather than an intersection, for readable hovers and errors. */
type Flat<T> = { [K in keyof T]: T[K] };
