/**
 * Registers the stack's search attributes that a Temporal server lacks,
 * through the operator service: a server the worker process connects to
 * (`TEMPORAL_ADDRESS`), or the embedded dev server, which takes its
 * `--search-attribute` flags only when it creates its database.
 *
 * Node zone.
 *
 * @module
 */
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { STACK_SEARCH_ATTRIBUTES } from '../src';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** The stack's search attributes could not be registered; the message says which and how to do it by hand. */
export class SearchAttributeRegistrationError extends Error {
  constructor(
    message: string,
    options?: {
      cause?: unknown;
      /** The server has no operator service (the Java test server): no custom search attributes at all. */
      unsupported?: boolean;
    },
  ) {
    super(message, options);
    this.name = 'SearchAttributeRegistrationError';
    this.unsupported = options?.unsupported ?? false;
  }

  /** The server has no operator service (the Java test server): no custom search attributes at all. */
  readonly unsupported: boolean;
}

const GRPC_UNIMPLEMENTED = 12;

/**
 * Adds those of the stack's Keyword search attributes that `namespace` lacks;
 * resolves with the names it added (none when all are there). Rejects with a
 * {@link SearchAttributeRegistrationError} when the server refuses, or has
 * one of them with another type.
 *
 * @example
 * ```ts
 * const added = await ensureStackSearchAttributes(connection, 'default');
 * ```
 */
export async function ensureStackSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<string[]> {
  const manual = STACK_SEARCH_ATTRIBUTES.map(
    (name) =>
      `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type Keyword`,
  ).join('; ');
  let existing: Record<string, unknown>;
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    existing = { ...listed.customAttributes, ...listed.systemAttributes };
  } catch (error) {
    throw new SearchAttributeRegistrationError(
      `Cannot list the search attributes of namespace \`${namespace}\`: ${messageOf(error)}; register them by hand: ${manual}`,
      { cause: error, unsupported: isGrpcServiceError(error) && Number(error.code) === GRPC_UNIMPLEMENTED },
    );
  }
  const wrongType = STACK_SEARCH_ATTRIBUTES.filter(
    (name) => existing[name] !== undefined && existing[name] !== KEYWORD,
  );
  if (wrongType.length > 0) {
    throw new SearchAttributeRegistrationError(
      `Search attributes ${wrongType.map((name) => `\`${name}\``).join(', ')} of namespace \`${namespace}\` exist with a type other than Keyword`,
    );
  }
  const missing = STACK_SEARCH_ATTRIBUTES.filter((name) => existing[name] === undefined);
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, KEYWORD])),
    });
  } catch (error) {
    throw new SearchAttributeRegistrationError(
      `Cannot register the search attributes ${missing.join(', ')} on namespace \`${namespace}\`: ${messageOf(error)}; register them by hand: ${manual}`,
      { cause: error },
    );
  }
  return missing;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
