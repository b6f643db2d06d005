/**
 * How the worker's control options travel into a workflow bundle, and how a
 * bundle's code tells which ones it carries.
 *
 * The plugin registers the workflow interceptor module with its options as
 * the module's resource query (`…/workflow-interceptors.js?temporal-checkpoint-options=…`);
 * the bundler hands that query to the module (webpack's `__resourceQuery`),
 * which reads it back. The query, and the key below, stay readable in the
 * bundle's code, so a prebuilt bundle can be checked before a worker runs it.
 *
 * Anywhere zone: written by the plugin in Node, read inside the sandbox.
 *
 * @module
 */

/** The query key; also what marks the interceptor module in a bundle's code. */
const OPTIONS_KEY = 'temporal-checkpoint-options=';
/** What an encoded value is made of: the key's end is found where these stop. */
const ENCODED_VALUE = /temporal-checkpoint-options=([A-Za-z0-9%._-]*)/g;

/**
 * The resource query that carries `options` (canonical JSON), or `''` for
 * none: the module is then registered by its plain path, as by hand.
 */
export function encodeOptionsQuery(canonicalJson: string): string {
  if (canonicalJson === '{}') return '';
  // Beyond encodeURIComponent, so that no quote or bracket of the code around it can look encoded.
  const encoded = encodeURIComponent(canonicalJson).replace(
    /[!'()*~]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `?${OPTIONS_KEY}${encoded}`;
}

/** The options a resource query carries (`{}` for none); throws on a query of another kind. */
export function decodeOptionsQuery(query: string): object {
  if (query === '') return {};
  if (!query.startsWith(`?${OPTIONS_KEY}`)) {
    throw new TypeError(
      `Expected the resource query of temporal-checkpoint/workflow-interceptors to be empty or \`?${OPTIONS_KEY}…\` ` +
        `(as the plugin writes it), got \`${query}\``,
    );
  }
  return JSON.parse(decodeURIComponent(query.slice(OPTIONS_KEY.length + 1))) as object;
}

/** What a bundle's code says of the control interceptor module. */
export interface BundledOptions {
  /** The interceptor module is in the bundle. */
  interceptorModule: boolean;
  /** The distinct option queries it was registered with (none: registered by its plain path). */
  queries: string[];
}

/** Reads, from a bundle's code, whether it holds the interceptor module and with which options. */
export function readBundledOptions(code: string): BundledOptions {
  const queries = new Set<string>();
  let interceptorModule = false;
  for (const [, encoded] of code.matchAll(ENCODED_VALUE)) {
    interceptorModule = true;
    if (encoded) queries.add(`?${OPTIONS_KEY}${encoded}`);
  }
  return { interceptorModule, queries: [...queries] };
}
