/**
 * The JSON schemas of the control API's requests, that Fastify validates
 * with and the OpenAPI document publishes (responses: `response-schemas.ts`).
 *
 * Node zone.
 *
 * @module
 */
import { MAX_REASON_LENGTH } from '../../common/types';
import {
  DRAIN_POLICIES,
  MAX_ID_LENGTH,
  MAX_PAUSE_TIMEOUT_MS,
  MAX_PAUSE_TIMEOUT_WEEKS,
  ON_TIMEOUT_POLICIES,
} from '../../common/validation';

/**
 * The most integer digits a duration string may have: those of the
 * longest timeout in weeks, less one week, so that no string in any unit
 * exceeds it (`99999 weeks` is the longest).
 */
export const MAX_DURATION_DIGITS = String(MAX_PAUSE_TIMEOUT_WEEKS - 1).length;

/**
 * A positive duration string the `ms` format reads (`"7 days"`, `"90s"`,
 * `".5h"`), no longer than {@link MAX_PAUSE_TIMEOUT_WEEKS} weeks: at most
 * {@link MAX_DURATION_DIGITS} integer digits and units up to weeks.
 */
export const DURATION_PATTERN =
  `^(?:[1-9][0-9]{0,${MAX_DURATION_DIGITS - 1}}(?:\\.[0-9]{1,3})?|0?\\.[0-9]{0,2}[1-9]) ?` +
  '(?:ms|s|m|h|d|w|msecs?|milliseconds?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)?$';

/** {@link DURATION_PATTERN} in words, for the schema's description and its 400s. */
export const DURATION_WORDS = `a duration such as \`7 days\` or \`90s\` (at most ${MAX_DURATION_DIGITS} digits, units \`ms\` to \`weeks\`)`;

/** A JSON schema, as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The longest task id: the Temporal server's default limit on a workflow id. */
export const MAX_TASK_ID_LENGTH = 255;

/**
 * What a task id (a Temporal workflow id) may look like on the wire. `/`
 * separates a child's id from its parent's (`<parent>/research-1`); in a
 * path it is sent encoded, as `%2F`.
 */
export const TASK_ID_PATTERN = `^[A-Za-z0-9._:/-]{1,${MAX_TASK_ID_LENGTH}}$`;

/** {@link TASK_ID_PATTERN} in words. */
export const TASK_ID_WORDS = `1-${MAX_TASK_ID_LENGTH} characters of A-Z, a-z, 0-9, \`.\`, \`_\`, \`:\`, \`/\`, \`-\``;

const taskId: JsonSchema = {
  type: 'string',
  pattern: TASK_ID_PATTERN,
  description: `A task id (the Temporal workflow id): ${TASK_ID_WORDS}; in a path, \`/\` is sent as \`%2F\`.`,
};

/** Path parameters of the `/api/v1/tasks/{id}...` routes. */
export const taskIdParamsSchema: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: taskId },
};

/** Query of `GET /api/v1/stream/sse`. */
export const sseQuerySchema: JsonSchema = {
  type: 'object',
  required: ['workflow_id'],
  properties: { workflow_id: taskId },
};

/** Body of `POST /api/v1/tasks/{id}/pause` (optional). */
export const pauseBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: { type: 'string', maxLength: MAX_REASON_LENGTH, description: 'Why the task is paused.' },
    request_id: {
      type: 'string',
      maxLength: MAX_ID_LENGTH,
      description: 'Idempotency key: a repeat with the same id succeeds and changes nothing.',
    },
    timeout: {
      anyOf: [
        { type: 'string', pattern: DURATION_PATTERN },
        { type: 'number', exclusiveMinimum: 0, maximum: MAX_PAUSE_TIMEOUT_MS },
      ],
      description:
        `How long the task may stay paused once parked: ${DURATION_WORDS}, or milliseconds; ` +
        `at most ${MAX_PAUSE_TIMEOUT_WEEKS} weeks.`,
    },
    on_timeout: {
      type: 'string',
      enum: [...ON_TIMEOUT_POLICIES],
      description: 'What happens when `timeout` runs out (default `resume`).',
    },
    drain: {
      type: 'string',
      enum: [...DRAIN_POLICIES],
      description:
        'How in-flight activities drain (default `finish`: wait for them); `interrupt` stops those with ' +
        'safe points at their next one and continues them from their progress after the resume.',
    },
  },
};

/** Body of `POST /api/v1/tasks/{id}/resume` (optional). */
export const resumeBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    request_id: {
      type: 'string',
      maxLength: MAX_ID_LENGTH,
      description: 'Idempotency key: a repeat with the same id succeeds and changes nothing.',
    },
    input: { description: 'Any JSON value handed to the workflow, which may validate it.' },
  },
};

/** A workflow's HTTP name: one of `workflowNames` (the configured ones), when there are any. */
export function workflowNameSchema(workflowNames: readonly string[], description: string): JsonSchema {
  return { type: 'string', ...(workflowNames.length > 0 ? { enum: [...workflowNames] } : {}), description };
}

/** Body of `POST /api/v1/tasks`; `workflowNames` are the configured HTTP workflow names. */
export function submitBodySchema(workflowNames: readonly string[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['workflow'],
    properties: {
      workflow: workflowNameSchema(workflowNames, 'Which workflow to start.'),
      input: { description: "The workflow's argument (any JSON value); omit it for none." },
      task_id: { ...taskId, description: 'The id to give the task; a random one when omitted.' },
      start_paused: {
        type: 'boolean',
        description: 'Start the task parked at its first checkpoint (`pre_execution`), before any activity.',
      },
      reason: {
        type: 'string',
        maxLength: MAX_REASON_LENGTH,
        description: 'With `start_paused`: the pause reason.',
      },
    },
  };
}
