// Fails when a Temporal SDK release moves or changes what src/sdk-internals.ts
// takes from the SDK's internal modules, or reads a Duration differently from
// src/common/duration.ts: each test names the SDK module to look at.
import { defaultFailureConverter, defaultPayloadConverter, type Duration } from '@temporalio/common';
import Long from 'long';
import { msToNumber } from '@temporalio/common/lib/time';
import { durationToMs } from '../../src/common/duration';
import {
  decodeSearchAttributes,
  encodeToPayloads,
  OPENTELEMETRY_WORKFLOW_INTERCEPTORS_SPECIFIER,
  optionalTsToDate,
} from '../../src/sdk-internals';

/** Durations Temporal users write, the grammar's corners, and text that is none. */
const DURATIONS: Duration[] = [
  250,
  0,
  '7 days',
  '1.5h',
  '10m',
  '30 seconds',
  '2 WEEKS',
  '1y',
  '3 yrs',
  '.5s',
  '-1d',
  '100',
  '1  min',
  '45 msecs',
  'soon',
  '1 fortnight',
  '1.2.3s',
  ' 5s',
  '5s ',
  `${'9'.repeat(99)}s`,
  `${'9'.repeat(98)}s`,
] as Duration[];

describe('the SDK internals this library reaches into', () => {
  it('@temporalio/common/lib/time: our Duration reader agrees with the SDK msToNumber', () => {
    for (const duration of DURATIONS) {
      const read = (reader: (value: Duration) => number): number | 'throws' => {
        try {
          return reader(duration);
        } catch {
          return 'throws';
        }
      };
      expect([duration, read(durationToMs)]).toEqual([duration, read(msToNumber)]);
    }
  });

  it('@temporalio/common/lib/time still exports optionalTsToDate', () => {
    expect(optionalTsToDate({ seconds: Long.fromNumber(1), nanos: 5_000_000 })?.toISOString()).toBe(
      '1970-01-01T00:00:01.005Z',
    );
    expect(optionalTsToDate(undefined)).toBeUndefined();
  });

  it('@temporalio/common/lib/converter/payload-search-attributes still exports decodeSearchAttributes', () => {
    const payload = defaultPayloadConverter.toPayload('paused');
    payload.metadata = { ...payload.metadata, type: new TextEncoder().encode('Keyword') };
    expect(decodeSearchAttributes({ CheckpointStatus: payload })).toEqual({ CheckpointStatus: ['paused'] });
  });

  it('@temporalio/common/lib/internal-non-workflow still exports encodeToPayloads', async () => {
    const converter = {
      payloadConverter: defaultPayloadConverter,
      failureConverter: defaultFailureConverter,
      payloadCodecs: [],
    };
    const [payload] = (await encodeToPayloads(converter, { reason: 'outage' })) ?? [];
    expect(defaultPayloadConverter.fromPayload(payload)).toEqual({ reason: 'outage' });
  });

  it('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors still resolves', () => {
    expect(require.resolve(OPENTELEMETRY_WORKFLOW_INTERCEPTORS_SPECIFIER)).toMatch(
      /workflow-interceptors\.js$/,
    );
  });
});
