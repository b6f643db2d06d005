import {
  defaultFailureConverter,
  defaultPayloadConverter,
  type LoadedDataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { decodeOptionalSinglePayload } from '../../src/common/payloads';

/** A codec that records its name in the payload's metadata, so that the order of decoding shows. */
function taggingCodec(name: string, trail: string[]): PayloadCodec {
  return {
    encode: (payloads) => Promise.resolve(payloads),
    decode: (payloads) => {
      trail.push(name);
      return Promise.resolve(payloads);
    },
  };
}

function converter(payloadCodecs: PayloadCodec[]): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter: defaultFailureConverter,
    payloadCodecs,
  };
}

describe('decodeOptionalSinglePayload', () => {
  it('decodes a payload through the codecs, last first, then the payload converter', async () => {
    const trail: string[] = [];
    const payload: Payload = defaultPayloadConverter.toPayload({ seq: 3, type: 'workflow.paused' });
    const value = await decodeOptionalSinglePayload(
      converter([taggingCodec('outer', trail), taggingCodec('inner', trail)]),
      payload,
    );
    expect(value).toEqual({ seq: 3, type: 'workflow.paused' });
    expect(trail).toEqual(['inner', 'outer']);
  });

  it('returns undefined for no payload', async () => {
    await expect(decodeOptionalSinglePayload(converter([]), undefined)).resolves.toBeUndefined();
    await expect(decodeOptionalSinglePayload(converter([]), null)).resolves.toBeUndefined();
  });
});
