/**
 * The event stream of a task the Temporal server pauses natively, on a real
 * server that has native pause: the server's pause and unpause, derived from
 * the workflow's history, numbered `<seq>.<server_seq>` after the control
 * event before them, once for every reader and across reconnections.
 */
import type { AddressInfo } from 'node:net';
import type { ControlEvent } from '../../src';
import { eventId } from '../../src/client';
import { finishSignal } from '../fixtures/control-workflows';
import { waitForEvent } from '../support/control';
import { EventStreamClient, type SseFrame } from '../support/event-stream';
import { useHarness } from '../support/harness';
import { KEYS } from '../support/http';
import { withIdler } from '../support/idler-api';
import { nativePause } from '../support/native-pause-server';

const harness = useHarness({
  workflowsPath: require.resolve('../fixtures/control-workflows'),
  server: 'native-pause',
});

/** Temporal's own pause and unpause. */
const native = (action: 'pause' | 'unpause', workflowId: string) =>
  nativePause(harness.env.client, action, workflowId);

describe('the event stream of a task the server pauses', () => {
  it('tells of the pause and unpause once each, as `<seq>.<server_seq>`, and resumes exactly after one', async () => {
    await withIdler(harness, async (call, handle, url, { app, checker }) => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const path = `/api/v1/stream/sse?workflow_id=${handle.workflowId}`;
      const open = (lastEventId?: string) =>
        EventStreamClient.open(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}${path}`, {
          'x-api-key': KEYS.alice,
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        });
      const live = await open();
      await native('pause', handle.workflowId);
      const paused = await live.next();
      live.close();
      expect(paused).toMatchObject({ id: '0.1', event: 'workflow.server_paused' });
      expect(JSON.parse(paused.data ?? '')).toMatchObject({
        seq: 0,
        server_seq: 1,
        type: 'workflow.server_paused',
        identity: 'operator',
        reason: 'maintenance',
      });

      expect((await call('POST', `${url}/pause`, { body: { reason: 'review' } })).status).toBe(202);
      await native('unpause', handle.workflowId);
      await waitForEvent(harness.env.client, handle.workflowId, 'workflow.paused');
      const resumed = await open('0.1');
      expect((await call('POST', `${url}/resume`)).status).toBe(202);
      await handle.signal(finishSignal);
      await handle.result();

      const ids = (frames: SseFrame[]) =>
        frames.map((frame) => {
          const event = JSON.parse(frame.data ?? '') as ControlEvent;
          checker.checkComponent('ControlEvent', event);
          expect(frame.event).toBe(event.type);
          expect(frame.id).toBe(eventId(event));
          return `${frame.id} ${event.type}`;
        });
      const afterPause = [
        '0.2 workflow.server_unpaused',
        '1 workflow.pausing',
        '2 workflow.paused',
        '3 workflow.resumed',
        '4 workflow.completed',
      ];
      expect(ids(await resumed.rest())).toEqual(afterPause);
      expect(ids(await (await open()).rest())).toEqual(['0.1 workflow.server_paused', ...afterPause]);
      expect(ids(await (await open('0.2')).rest())).toEqual(afterPause.slice(1));
      expect(ids(await (await open('2')).rest())).toEqual(afterPause.slice(3));
    });
  });
});
