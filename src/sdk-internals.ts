/**
 * Every reach into the Temporal SDK's internal modules (`@temporalio/<package>/lib/...`),
 * in one place: what the SDK does not export from a package entry but this
 * library needs to match it exactly. `test/unit/sdk-internals.test.ts` fails,
 * naming the module, when an SDK release moves or changes one of them.
 * (The format of the SDK's patch marker, read from histories, is the other
 * SDK-internal knowledge; it lives in `src/client/history-items.ts`.)
 *
 * Node zone: the workflow sandbox imports none of this.
 *
 * @module
 */
export { decodeSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
export { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
export { optionalTsToDate } from '@temporalio/common/lib/time';

/** The module specifier of the workflow interceptors of `@temporalio/interceptors-opentelemetry`. */
export const OPENTELEMETRY_WORKFLOW_INTERCEPTORS_SPECIFIER =
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
