/**
 * The JSON schemas of the fleet routes' responses (task list, batches,
 * holds), published with the others under `components.schemas`.
 *
 * Node zone.
 *
 * @module
 */
import { BATCH_ACTIONS } from '../../client/batches';
import { CONTROL_STATUSES, WORKFLOW_STATUSES } from './fleet-request-schemas';
import type { JsonSchema } from './task-schemas';

const isoTime = { type: 'string', description: 'ISO-8601 time.' } as const;
const nullableTime = { type: ['string', 'null'], description: 'ISO-8601 time, or null.' } as const;
const batchState = { type: 'string', enum: ['running', 'completed', 'failed', 'stopped'] } as const;
const count = { type: 'integer', minimum: 0 } as const;

const hold = {
  type: 'object',
  required: ['hold_id', 'workflow', 'reason', 'created_at', 'created_by', 'held'],
  additionalProperties: false,
  properties: {
    hold_id: { type: 'string' },
    workflow: { type: 'string' },
    reason: { type: 'string' },
    created_at: isoTime,
    created_by: { type: 'string', description: 'The `user_id` that placed it.' },
    held: { ...count, description: 'Tasks it holds now (started paused under it, still paused).' },
  },
} as const satisfies JsonSchema;

/** Response schemas of the fleet routes. */
export const fleetResponseSchemas = {
  FleetCounts: {
    type: 'object',
    required: ['counts'],
    additionalProperties: false,
    properties: {
      counts: {
        type: 'array',
        description:
          'One entry per workflow the API starts: its open tasks the caller may reach, by control status.',
        items: {
          type: 'object',
          required: ['workflow', 'running', 'pausing', 'paused', 'server_paused'],
          additionalProperties: false,
          properties: {
            workflow: { type: 'string', description: 'The HTTP workflow name.' },
            running: count,
            pausing: count,
            paused: count,
            server_paused: {
              type: ['integer', 'null'],
              minimum: 0,
              description: 'Paused by the Temporal server itself; null where the server has no such status.',
            },
          },
        },
      },
    },
  },
  TaskList: {
    type: 'object',
    required: ['tasks', 'next_page_token'],
    additionalProperties: false,
    properties: {
      tasks: {
        type: 'array',
        items: {
          type: 'object',
          required: ['task_id', 'workflow', 'workflow_status', 'control_status', 'started_at', 'closed_at'],
          additionalProperties: false,
          properties: {
            task_id: { type: 'string', description: 'The id to use in the other routes.' },
            workflow: {
              type: 'string',
              description: 'The HTTP workflow name (else the Temporal workflow type).',
            },
            workflow_status: { type: 'string', enum: [...WORKFLOW_STATUSES] },
            control_status: { type: 'string', enum: [...CONTROL_STATUSES] },
            started_at: isoTime,
            closed_at: nullableTime,
          },
        },
      },
      next_page_token: { type: ['string', 'null'], description: 'Pass as `page_token` for the next page.' },
    },
  },
  BatchStarted: {
    type: 'object',
    required: ['batch_id', 'action', 'query', 'state'],
    additionalProperties: false,
    properties: {
      batch_id: { type: 'string' },
      action: { type: 'string', enum: [...BATCH_ACTIONS] },
      query: {
        type: 'string',
        description: "The query the server runs: the caller's, narrowed to its tenant.",
      },
      state: { const: 'running' },
    },
  },
  Batch: {
    type: 'object',
    required: ['batch_id', 'action', 'state', 'total', 'succeeded', 'failed', 'started_at', 'closed_at'],
    additionalProperties: false,
    properties: {
      batch_id: { type: 'string' },
      action: { type: 'string', enum: [...BATCH_ACTIONS] },
      state: batchState,
      total: { ...count, description: 'Tasks matched (an estimate while running).' },
      succeeded: { ...count, description: 'Tasks signalled or cancelled.' },
      failed: { ...count, description: 'Tasks that could not be (closed meanwhile, say).' },
      reason: { type: 'string' },
      started_at: nullableTime,
      closed_at: nullableTime,
    },
  },
  BatchStopped: {
    type: 'object',
    required: ['batch_id', 'state'],
    additionalProperties: false,
    properties: { batch_id: { type: 'string' }, state: batchState },
  },
  Hold: hold,
  HoldList: {
    type: 'object',
    required: ['holds'],
    additionalProperties: false,
    properties: { holds: { type: 'array', items: hold } },
  },
  HoldReleased: {
    type: 'object',
    required: ['hold_id', 'released'],
    additionalProperties: false,
    properties: {
      hold_id: { type: 'string' },
      released: {
        ...count,
        description: "Tasks the release resumed: those whose current pause was still the hold's own.",
      },
    },
  },
} as const satisfies Record<string, JsonSchema>;
