/**
 * Decoding one payload the way the client's data converter would: through
 * its codecs (last first), then its payload converter. Built on the SDK's
 * public data-converter types instead of its internal codec helpers.
 *
 * Anywhere zone (workflow sandbox and Node).
 *
 * @module
 */
import type { LoadedDataConverter, Payload } from '@temporalio/common';

/**
 * The value in `payload`, or `undefined` when there is no payload.
 *
 * @internal
 * @example
 * ```ts
 * const event = await decodeOptionalSinglePayload<ControlEvent>(client.options.loadedDataConverter, payload);
 * ```
 */
export async function decodeOptionalSinglePayload<T>(
  dataConverter: LoadedDataConverter,
  payload: Payload | null | undefined,
): Promise<T | undefined> {
  if (payload === null || payload === undefined) return undefined;
  let payloads = [payload];
  for (const codec of [...dataConverter.payloadCodecs].reverse()) {
    payloads = await codec.decode(payloads);
  }
  const [decoded] = payloads;
  return dataConverter.payloadConverter.fromPayload<T>(decoded);
}
