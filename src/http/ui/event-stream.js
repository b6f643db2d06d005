/**
 * A task's control events over server-sent events, read with `fetch()`
 * (an `EventSource` cannot send the `X-API-Key` header): frames are parsed
 * here, and a dropped connection is reopened with `Last-Event-ID`, so that
 * no event is missed or seen twice.
 *
 * Browser zone.
 *
 * @module
 */
import { apiKey, ApiError } from './api.js';

/** The events after which the server ends a task's stream. */
export const TERMINAL_EVENTS = new Set(['workflow.completed', 'workflow.failed', 'workflow.cancelled']);

/**
 * Splits SSE text into complete events. Returns the events and the text of
 * an event not yet complete, to be passed back with the next chunk.
 * Comments (`: keep-alive`) are skipped.
 *
 * @param {string} text
 * @returns {{ events: Array<{ id?: string, type: string, data: string }>, rest: string }}
 */
export function parseFrames(text) {
  const events = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id;
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ id, type, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Follows the control events of task `taskId`, calling `onEvent` with each
 * parsed event and its id (`<seq>`, or `<seq>.<server_seq>`), until its terminal event, `signal` aborting, or a refusal of
 * the API (which rejects with an {@link ApiError}). Reconnects after a
 * dropped connection with the last event id seen as `Last-Event-ID`;
 * `onConnection` hears `open`, `lost` and `closed`.
 *
 * @example
 * ```js
 * await followEvents('research-42', { onEvent: (event) => console.log(event.type, event.seq) });
 * ```
 *
 * @param {string} taskId
 * @param {{ onEvent: (event: any, id?: string) => void, onConnection?: (state: string) => void, signal?: AbortSignal, retryMs?: number }} options
 */
export async function followEvents(taskId, options) {
  const { onEvent, onConnection = () => {}, signal, retryMs = 1000 } = options;
  const url = `/api/v1/stream/sse?workflow_id=${encodeURIComponent(taskId)}`;
  let lastEventId;
  while (!signal?.aborted) {
    let ended = false;
    try {
      const headers = { 'X-API-Key': apiKey() ?? '', Accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      const response = await fetch(url, { headers, signal });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new ApiError(response.status, body.error ?? response.statusText);
      }
      onConnection('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let pending = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { events, rest } = parseFrames(pending + value);
        pending = rest;
        for (const frame of events) {
          if (frame.id !== undefined) lastEventId = frame.id;
          onEvent(JSON.parse(frame.data), frame.id);
          if (TERMINAL_EVENTS.has(frame.type)) ended = true;
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      // Refusals (a bad key, an unknown task) do not get better by retrying; overload and outages may.
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) throw error;
    }
    if (ended) {
      onConnection('closed');
      return;
    }
    onConnection('lost');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
