/**
 * A task's timeline drawn as bars: its running, pausing and paused spans,
 * and those the Temporal server held it paused, on a time axis, read from
 * its control events (the same events as the timeline's text lines). Each bar says on hover (an SVG `<title>`, which
 * browsers show as a tooltip and screen readers read) when the span began
 * and ended, and for a pause its reason, who asked for it and who resumed it.
 * Drawn as inline SVG with DOM calls: no style attribute, no inline code,
 * as the page's Content-Security-Policy requires.
 *
 * Browser zone.
 *
 * @module
 */
import { TERMINAL_EVENTS } from './event-stream.js';
import { duration } from './view.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The drawing's own units: the bars fill the width, the axis labels sit below them. */
const WIDTH = 1000;
const BAR_TOP = 4;
const BAR_HEIGHT = 28;
const HEIGHT = 56;
/** The narrowest bar drawn, so that a span of a few milliseconds can still be hovered. */
const MIN_BAR_WIDTH = 2;

/** The status a control event leads to, or `undefined` for one that ends the task. */
const STATUS_AFTER = {
  'workflow.pausing': 'pausing',
  'workflow.paused': 'paused',
  'workflow.resumed': 'running',
};

/** The span drawn while the Temporal server holds the task, over whatever its control status is. */
const SERVER_PAUSED = 'server_paused';

/** Stream order: by `seq`, and a server pause event (`<seq>.<server_seq>`) after the event it follows. */
const streamOrder = (a, b) => a.seq - b.seq || (a.server_seq ?? 0) - (b.server_seq ?? 0);

/**
 * The spans of a task, in order: one per stretch of `running`, `pausing`,
 * `paused` or `server_paused` (the Temporal server holds the task,
 * whatever its control status), from `startedAt` (the task's start; the
 * first event's time when unknown) to the event that ended it, the last one
 * open until `now` unless a terminal event closed it. A pause's spans carry
 * its `reason`, `requestedBy` and, once it ended, `resumedBy`; a server
 * pause's its `reason` and `requestedBy` (the pausing client's identity).
 *
 * @example
 * ```js
 * spansOf([pausing, paused, resumed, completed], { startedAt, now }).map((span) => span.status);
 * // ['running', 'pausing', 'paused', 'running']
 * ```
 *
 * @param {Array<{ seq: number, server_seq?: number, type: string, timestamp: string, reason?: string, requested_by?: string, identity?: string, checkpoint?: string }>} events
 * @param {{ startedAt?: string | null, now: Date }} times
 */
export function spansOf(events, { startedAt, now }) {
  const ordered = [...events].sort(streamOrder);
  const spans = [];
  let pause = [];
  let control = 'running';
  let serverPause;
  let current = {
    status: 'running',
    from: Date.parse(startedAt ?? ordered[0]?.timestamp ?? now.toISOString()),
  };
  for (const event of ordered) {
    const ends = TERMINAL_EVENTS.has(event.type);
    if (event.type === 'workflow.server_paused') serverPause = event;
    else if (event.type === 'workflow.server_unpaused') serverPause = undefined;
    const changed = STATUS_AFTER[event.type];
    control = changed ?? control;
    const status = serverPause ? SERVER_PAUSED : control;
    // An event that changes nothing the bars show (another type, or the status it found) draws no span.
    if (!ends && status === current.status) continue;
    current.to = Math.max(Date.parse(event.timestamp), current.from);
    spans.push(current);
    if (event.type === 'workflow.resumed') {
      for (const span of pause) span.resumedBy = event.requested_by;
      pause = [];
    }
    if (ends) return spans;
    current = { status, from: current.to };
    if (serverPause) {
      current.reason = serverPause.reason;
      current.requestedBy = serverPause.identity;
    } else if (status !== 'running') {
      // Back from a server pause, the pause it held goes on as it was.
      const asked = pause[0] ?? {};
      const from = changed ? event : {};
      current.reason = from.reason ?? asked.reason;
      current.requestedBy = from.requested_by ?? asked.requestedBy;
      current.checkpoint = from.checkpoint ?? pause.at(-1)?.checkpoint;
      pause.push(current);
    }
  }
  current.to = Math.max(now.getTime(), current.from);
  current.open = true;
  spans.push(current);
  return spans;
}

/** The hover text of `span`: what, when, how long, and for a pause why and by whom. */
function describe(span) {
  const clock = (ms) => new Date(ms).toLocaleTimeString();
  const what = span.checkpoint ? `${span.status} at ${span.checkpoint}` : span.status;
  const lines = [
    `${what}: ${clock(span.from)} – ${span.open ? 'now' : clock(span.to)} (${duration(span.to - span.from)})`,
  ];
  if (span.reason) lines.push(`reason: ${span.reason}`);
  if (span.requestedBy) lines.push(`requested by: ${span.requestedBy}`);
  if (span.resumedBy) lines.push(`resumed by: ${span.resumedBy}`);
  return lines.join('\n');
}

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Draws `spans` (from {@link spansOf}) into the `<svg>` element `svg`,
 * replacing what it showed: one `<rect class="bar bar-<status>">` per span,
 * with its `<title>`, and the axis's first, middle and last times.
 *
 * @param {SVGSVGElement} svg
 * @param {ReturnType<typeof spansOf>} spans
 */
export function drawBars(svg, spans) {
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  if (spans.length === 0) {
    svg.replaceChildren();
    return;
  }
  const start = spans[0].from;
  const end = Math.max(spans.at(-1).to, start + 1);
  const x = (ms) => ((ms - start) / (end - start)) * WIDTH;
  const bars = spans.map((span) => {
    const left = Math.min(x(span.from), WIDTH - MIN_BAR_WIDTH);
    const attributes = {
      class: `bar bar-${span.status}`,
      'data-status': span.status,
      x: left.toFixed(2),
      y: BAR_TOP,
      width: Math.max(x(span.to) - left, MIN_BAR_WIDTH).toFixed(2),
      height: BAR_HEIGHT,
    };
    const text = describe(span);
    // Focusable and labelled, so that the keyboard and screen readers reach what the pointer hovers.
    const bar = svgElement('rect', { ...attributes, tabindex: 0, role: 'img', 'aria-label': text });
    bar.append(svgElement('title', {}, text));
    return bar;
  });
  const labelY = BAR_TOP + BAR_HEIGHT + 18;
  const labels = [
    ['start', 0, start],
    ['middle', WIDTH / 2, (start + end) / 2],
    ['end', WIDTH, end],
  ].map(([anchor, at, ms]) =>
    svgElement(
      'text',
      { class: 'axis', x: at, y: labelY, 'text-anchor': anchor },
      new Date(ms).toLocaleTimeString(),
    ),
  );
  const axis = svgElement('line', {
    class: 'axis',
    x1: 0,
    x2: WIDTH,
    y1: BAR_TOP + BAR_HEIGHT + 2,
    y2: BAR_TOP + BAR_HEIGHT + 2,
  });
  svg.replaceChildren(...bars, axis, ...labels);
}
