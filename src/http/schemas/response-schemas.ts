/**
 * The JSON schemas of the API's responses, published under
 * `components.schemas` of the OpenAPI document (and checked by the tests).
 *
 * Node zone.
 *
 * @module
 */
import { SERVER_PAUSE_EVENT_TYPES } from '../../common/types';
import { fleetResponseSchemas } from './fleet-response-schemas';
import type { JsonSchema } from './task-schemas';

/** `schema`, or `null`. */
const nullable = <const S extends { type: string }>(
  schema: S,
): Omit<S, 'type'> & { type: readonly [S['type'], 'null'] } => ({ ...schema, type: [schema.type, 'null'] });
const isoTime = { type: 'string', description: 'ISO-8601 time.' } as const;

/** The 202 message of a pause that waits for the Temporal server to release the task. */
export const PAUSE_SENT_WHILE_SERVER_PAUSED =
  'Pause signal sent; the task is paused by the Temporal server and parks at its next checkpoint once released';

/** The 202 message of a cancel that finds an earlier one still pending: nothing new is sent. */
export const CANCEL_ALREADY_REQUESTED = 'Cancel already requested';

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
      message: {
        type: 'string',
        enum: [
          'Pause signal sent',
          PAUSE_SENT_WHILE_SERVER_PAUSED,
          'Resume signal sent',
          'Cancel request sent',
          CANCEL_ALREADY_REQUESTED,
        ],
      },
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
      'The control state. Once the task has closed it is read from the summary in its memo and the events after it in its history, and the counters that only the workflow knows are `null`.',
    required: [
      'status',
      'is_paused',
      'is_cancelled',
      'server_paused',
      'cancel_pending',
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
          'The Temporal server holds the task paused (native pause); the state comes from its memo and history.',
      },
      cancel_pending: {
        type: 'boolean',
        description:
          'A cancellation waits for the Temporal server to release the task (requested while it holds it paused).',
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
  Health: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ok' } },
  },
  Ready: {
    type: 'object',
    required: ['status', 'checks'],
    additionalProperties: false,
    properties: {
      status: { const: 'ready' },
      checks: {
        type: 'object',
        description: 'Each part the process needs, by name (`temporal`, `worker`, `shutdown`): `ok`.',
        additionalProperties: { type: 'string' },
      },
    },
  },
  NotReady: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      status: { const: 'not ready' },
      error: { type: 'string', description: 'The parts that are not ready, and why.' },
      checks: {
        type: 'object',
        description: 'Each part by name: `ok`, or what is wrong with it (`unreachable: …`, `shutting down`).',
        additionalProperties: { type: 'string' },
      },
    },
  },
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' } },
  },
  ControlEvent: {
    type: 'object',
    description:
      "The `data` of an SSE frame. The Temporal server's own pause and unpause of the workflow (`workflow.server_paused`, `workflow.server_unpaused`) carry the `seq` of the event before them and a `server_seq`.",
    required: ['seq', 'workflow_id', 'run_id', 'type', 'timestamp'],
    properties: {
      seq: {
        type: 'integer',
        minimum: 0,
        description: 'Gap-free from 1; on a server pause event, the `seq` of the event before it (0: none).',
      },
      server_seq: {
        type: 'integer',
        minimum: 1,
        description: 'On a server pause event: 1, 2, … since event `seq`. Its id is `<seq>.<server_seq>`.',
      },
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
          ...SERVER_PAUSE_EVENT_TYPES,
        ],
      },
      timestamp: isoTime,
      checkpoint: { type: 'string' },
      reason: { type: 'string' },
      requested_by: { type: 'string' },
      identity: {
        type: 'string',
        description: 'On a server pause event: the identity of the Temporal client that paused or unpaused.',
      },
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
    if: { properties: { type: { enum: SERVER_PAUSE_EVENT_TYPES } } },
    then: { required: ['server_seq'] },
    else: { properties: { seq: { minimum: 1 }, server_seq: false } },
  },
  ...fleetResponseSchemas,
} as const satisfies Record<string, JsonSchema>;

/** Name of a schema under `components.schemas`. */
export type ResponseSchemaName = keyof typeof responseSchemas;
