/**
 * The JSON schemas of the control API: request schemas that Fastify
 * validates with, and response schemas that the OpenAPI document publishes
 * (and the tests hold every response to).
 *
 * Node zone.
 *
 * @module
 */
import { MAX_REASON_LENGTH } from '../common/types';
import { MAX_PAUSE_TIMEOUT_MS } from '../common/validation';

/**
 * A positive duration string the `ms` format reads (`"7 days"`, `"90s"`,
 * `".5h"`), no longer than 100 000 weeks: at most five integer digits and
 * units up to weeks.
 */
export const DURATION_PATTERN =
  '^(?:[1-9][0-9]{0,4}(?:\\.[0-9]{1,3})?|0?\\.[0-9]{0,2}[1-9]) ?' +
  '(?:ms|s|m|h|d|w|msecs?|milliseconds?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)?$';

/** A JSON schema, as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * What a task id (a Temporal workflow id) may look like on the wire. `/`
 * separates a child's id from its parent's (`<parent>/research-1`); in a
 * path it is sent encoded, as `%2F`.
 */
export const TASK_ID_PATTERN = '^[A-Za-z0-9._:/-]{1,255}$';

const taskId: JsonSchema = {
  type: 'string',
  pattern: TASK_ID_PATTERN,
  description:
    'A task id (the Temporal workflow id): 1-255 characters of A-Z, a-z, 0-9, `.`, `_`, `:`, `/`, `-`; in a path, `/` is sent as `%2F`.',
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
      maxLength: 200,
      description: 'Idempotency key: a repeat with the same id succeeds and changes nothing.',
    },
    timeout: {
      anyOf: [
        { type: 'string', pattern: DURATION_PATTERN },
        { type: 'number', exclusiveMinimum: 0, maximum: MAX_PAUSE_TIMEOUT_MS },
      ],
      description:
        'How long the task may stay paused once parked: a duration such as `"7 days"` or `"90s"` ' +
        '(up to 5 digits, units `ms` to `weeks`), or milliseconds; at most 100000 weeks.',
    },
    on_timeout: {
      type: 'string',
      enum: ['resume', 'fail', 'cancel'],
      description: 'What happens when `timeout` runs out (default `resume`).',
    },
    drain: {
      type: 'string',
      enum: ['finish', 'interrupt'],
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
      maxLength: 200,
      description: 'Idempotency key: a repeat with the same id succeeds and changes nothing.',
    },
    input: { description: 'Any JSON value handed to the workflow, which may validate it.' },
  },
};

/** Body of `POST /api/v1/tasks`; `workflowNames` are the configured HTTP workflow names. */
export function submitBodySchema(workflowNames: readonly string[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['workflow'],
    properties: {
      workflow: {
        type: 'string',
        ...(workflowNames.length > 0 ? { enum: [...workflowNames] } : {}),
        description: 'Which workflow to start.',
      },
      input: { description: "The workflow's argument (any JSON value); omit it for none." },
      task_id: { ...taskId, description: 'The id to give the task; a random one when omitted.' },
    },
  };
}

const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [schema.type as string, 'null'],
});
const isoTime: JsonSchema = { type: 'string', description: 'ISO-8601 time.' };

/** Response schemas, published under `components.schemas` of the OpenAPI document. */
export const responseSchemas = {
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: { error: { type: 'string', description: 'What is wrong.' } },
  },
  Accepted: {
    type: 'object',
    required: ['success', 'message', 'task_id'],
    additionalProperties: false,
    properties: {
      success: { const: true },
      message: { type: 'string', enum: ['Pause signal sent', 'Resume signal sent', 'Cancel request sent'] },
      task_id: { type: 'string' },
    },
  },
  Submitted: {
    type: 'object',
    required: ['success', 'task_id', 'workflow'],
    additionalProperties: false,
    properties: {
      success: { const: true },
      task_id: { type: 'string' },
      workflow: { type: 'string' },
    },
  },
  PauseRecord: {
    type: 'object',
    required: ['requested_at', 'ended_at', 'paused_ms', 'outcome'],
    additionalProperties: false,
    properties: {
      reason: nullable({ type: 'string' }),
      requested_by: nullable({ type: 'string' }),
      checkpoint: nullable({ type: 'string' }),
      requested_at: isoTime,
      paused_at: nullable(isoTime),
      ended_at: isoTime,
      paused_ms: { type: 'number', minimum: 0 },
      resumed_by: nullable({ type: 'string' }),
      outcome: { type: 'string', enum: ['resumed', 'withdrawn', 'timed_out', 'cancelled'] },
    },
  },
  ChildControlState: {
    type: 'object',
    required: ['workflow_id', 'status'],
    additionalProperties: false,
    properties: {
      workflow_id: { type: 'string' },
      status: { type: 'string', enum: ['starting', 'running', 'pausing', 'paused'] },
      checkpoint: nullable({ type: 'string' }),
    },
  },
  ControlState: {
    type: 'object',
    description:
      'The control state. Once the task has closed it is read from the memo, and the counters that only the workflow knows are `null`.',
    required: [
      'status',
      'is_paused',
      'is_cancelled',
      'server_paused',
      'checkpoint',
      'pause_reason',
      'paused_by',
      'paused_at',
      'pause_requested_at',
      'deadline',
      'on_timeout',
      'in_flight_activities',
      'pause_count',
      'total_paused_ms',
      'last_event_seq',
      'history',
      'children',
      'interrupted_activities',
    ],
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['running', 'pausing', 'paused'] },
      is_paused: { type: 'boolean' },
      is_cancelled: { type: 'boolean', description: 'The task closed as cancelled.' },
      server_paused: {
        type: 'boolean',
        description:
          'The Temporal server holds the task paused (native pause); the state comes from its memo.',
      },
      checkpoint: nullable({ type: 'string', description: 'Where it is parked, or was parked last.' }),
      pause_reason: nullable({ type: 'string' }),
      paused_by: nullable({ type: 'string', description: 'Who asked for the current pause.' }),
      paused_at: nullable(isoTime),
      pause_requested_at: nullable(isoTime),
      deadline: nullable(isoTime),
      on_timeout: { type: ['string', 'null'], enum: ['resume', 'fail', 'cancel', null] },
      in_flight_activities: nullable({ type: 'integer', minimum: 0 }),
      pause_count: nullable({ type: 'integer', minimum: 0 }),
      total_paused_ms: nullable({ type: 'number', minimum: 0 }),
      last_event_seq: { type: 'integer', minimum: 0 },
      history: { type: 'array', items: { $ref: '#/components/schemas/PauseRecord' } },
      children: { type: 'array', items: { $ref: '#/components/schemas/ChildControlState' } },
      interrupted_activities: {
        type: 'array',
        description:
          'Activities the current pause interrupted at a safe point; they continue after the resume.',
        items: {
          type: 'object',
          required: ['activity_type', 'progress', 'interrupted_at'],
          additionalProperties: false,
          properties: {
            activity_type: { type: 'string' },
            progress: {
              description: 'What the activity handed back at its last safe point (null: none yet).',
            },
            interrupted_at: isoTime,
          },
        },
      },
    },
  },
  TaskStatus: {
    type: 'object',
    required: [
      'task_id',
      'run_id',
      'workflow',
      'workflow_type',
      'status',
      'server_paused',
      'start_time',
      'close_time',
      'control',
    ],
    additionalProperties: false,
    properties: {
      task_id: { type: 'string' },
      run_id: { type: 'string' },
      workflow: nullable({
        type: 'string',
        description: 'The HTTP workflow name, when the type is a configured one.',
      }),
      workflow_type: { type: 'string', description: 'The Temporal workflow type.' },
      status: {
        type: 'string',
        enum: ['running', 'completed', 'failed', 'cancelled', 'timed out', 'terminated'],
      },
      server_paused: {
        type: 'boolean',
        description: 'The Temporal server holds the task paused (native pause): open, with status `running`.',
      },
      start_time: isoTime,
      close_time: nullable(isoTime),
      control: { $ref: '#/components/schemas/ControlState' },
    },
  },
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' } },
  },
  ControlEvent: {
    type: 'object',
    description: 'The `data` of an SSE frame.',
    required: ['seq', 'workflow_id', 'run_id', 'type', 'timestamp'],
    properties: {
      seq: { type: 'integer', minimum: 1 },
      workflow_id: { type: 'string' },
      run_id: { type: 'string' },
      type: {
        type: 'string',
        enum: [
          'workflow.pausing',
          'workflow.paused',
          'workflow.resumed',
          'workflow.cancelled',
          'workflow.completed',
          'workflow.failed',
        ],
      },
      timestamp: isoTime,
      checkpoint: { type: 'string' },
      reason: { type: 'string' },
      requested_by: { type: 'string' },
      paused_ms: { type: 'number' },
      was_paused: { type: 'boolean' },
      trace_id: { type: 'string' },
      drain_ms: {
        type: 'number',
        description: 'On `workflow.paused`: ms from the pause request to the park.',
      },
      interrupted: {
        type: 'array',
        description: 'On `workflow.paused`: activities interrupted at a safe point, with their progress.',
        items: {
          type: 'object',
          required: ['activity_type'],
          properties: { activity_type: { type: 'string' }, progress: {} },
        },
      },
    },
  },
} as const satisfies Record<string, JsonSchema>;

/** Name of a schema under `components.schemas`. */
export type ResponseSchemaName = keyof typeof responseSchemas;
