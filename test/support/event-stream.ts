/**
 * A minimal client of server-sent events over a real socket, for the SSE
 * tests and the delivery benchmark.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

/** One server-sent event. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  /** `Date.now()` when the chunk that completed the frame arrived (the delivery benchmark's clock). */
  receivedAt: number;
}

/** A minimal SSE client over a real socket. */
export class EventStreamClient {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  private buffer = '';
  private read = 0;
  private wake: (() => void) | undefined;
  private done = false;

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const receivedAt = Date.now();
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        this.parse(this.buffer.slice(0, end), receivedAt);
        this.buffer = this.buffer.slice(end + 2);
      }
      this.wake?.();
    });
    this.ended = new Promise((resolve) =>
      response.on('close', () => {
        this.done = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  /** Opens `url`; resolves once the response headers arrived. */
  static open(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) =>
        resolve(new EventStreamClient(response)),
      );
      request.on('error', reject);
      request.end();
    });
  }

  /** The next frame not yet returned; rejects if the stream ends first. */
  async next(): Promise<SseFrame> {
    while (this.read >= this.frames.length) {
      if (this.done) throw new Error('the stream ended');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.frames[this.read++];
  }

  /** Resolves once a comment has arrived. */
  async comment(): Promise<string> {
    while (this.comments.length === 0) {
      if (this.done) throw new Error('the stream ended');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.comments[0];
  }

  /** Every frame until the server ends the stream. */
  async rest(): Promise<SseFrame[]> {
    await this.ended;
    const rest = this.frames.slice(this.read);
    this.read = this.frames.length;
    return rest;
  }

  /** Disconnects. */
  close(): void {
    this.response.destroy();
  }

  private parse(block: string, receivedAt: number): void {
    const frame: SseFrame = { receivedAt };
    let isFrame = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' || field === 'event' || field === 'data') {
        frame[field] = frame[field] === undefined || field !== 'data' ? value : `${frame[field]}\n${value}`;
        isFrame = true;
      }
    }
    if (isFrame) this.frames.push(frame);
  }
}
