import fc from 'fast-check';
import { spanContextFromTraceparent } from '../../src/http/trace';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

describe('spanContextFromTraceparent', () => {
  it('reads a valid version-00 header as a remote parent', () => {
    expect(spanContextFromTraceparent(`00-${TRACE_ID}-${SPAN_ID}-01`)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: 1,
      isRemote: true,
    });
  });

  it('ignores surrounding white space and keeps unsampled flags', () => {
    expect(spanContextFromTraceparent(`  00-${TRACE_ID}-${SPAN_ID}-00 `)?.traceFlags).toBe(0);
  });

  it('accepts trailing fields from a future version', () => {
    expect(spanContextFromTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-extra`)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['absent', undefined],
    ['repeated', [`00-${TRACE_ID}-${SPAN_ID}-01`, `00-${TRACE_ID}-${SPAN_ID}-01`]],
    ['empty', ''],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['trailing data on version 00', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['a missing flags field', `00-${TRACE_ID}-${SPAN_ID}`],
  ])('ignores a header that is %s', (_what, header) => {
    expect(spanContextFromTraceparent(header)).toBeUndefined();
  });
});

describe('spanContextFromTraceparent, on generated headers', () => {
  const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

  it('reads back the ids and flags of every valid version-00 header', () => {
    fc.assert(
      fc.property(
        hex(32).filter((id) => !/^0+$/.test(id)),
        hex(16).filter((id) => !/^0+$/.test(id)),
        fc.integer({ min: 0, max: 255 }),
        (traceId, spanId, flags) => {
          const header = `00-${traceId}-${spanId}-${flags.toString(16).padStart(2, '0')}`;
          expect(spanContextFromTraceparent(header)).toEqual({
            traceId,
            spanId,
            traceFlags: flags,
            isRemote: true,
          });
        },
      ),
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        const parsed = spanContextFromTraceparent(header);
        expect(parsed === undefined || parsed.isRemote).toBe(true);
      }),
    );
  });
});
