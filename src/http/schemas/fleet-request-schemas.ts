/**
 * The JSON schemas of the fleet routes' requests (task list, batches,
 * holds), that Fastify validates with and the OpenAPI document publishes.
 *
 * Node zone.
 *
 * @module
 */
import { BATCH_ACTIONS } from '../../client/batches';
import { MAX_REASON_LENGTH } from '../../common/types';
import { pauseBodySchema, workflowNameSchema, type JsonSchema } from './task-schemas';

/** The control statuses a task list may be filtered by. */
export const CONTROL_STATUSES = ['running', 'pausing', 'paused'] as const;

/**
 * Workflow statuses as visibility names them (`ExecutionStatus`), in the
 * order of the Temporal API's status codes 1 to 8.
 */
export const WORKFLOW_STATUSES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
  'Paused',
] as const;

/**
 * The visibility name of a workflow status code of the Temporal API
 * (`Running` for one it does not set, as a listed open workflow).
 *
 * @example
 * ```ts
 * visibilityStatusName(4); // 'Canceled'
 * ```
 */
export function visibilityStatusName(code: number | null | undefined): (typeof WORKFLOW_STATUSES)[number] {
  return WORKFLOW_STATUSES[(code ?? 0) - 1] ?? WORKFLOW_STATUSES[0];
}

/** Longest visibility query a caller may send. */
export const MAX_QUERY_LENGTH = 1000;

const pauseProperties = pauseBodySchema.properties as Record<string, JsonSchema>;

/** Query of `GET /api/v1/tasks`; `workflowNames` are the configured HTTP workflow names. */
export function taskListQuerySchema(workflowNames: readonly string[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      workflow: workflowNameSchema(workflowNames, 'Only tasks of this workflow.'),
      control_status: {
        type: 'string',
        enum: [...CONTROL_STATUSES],
        description: 'Only tasks in this control status.',
      },
      workflow_status: {
        type: 'string',
        enum: [...WORKFLOW_STATUSES],
        description: 'Only tasks in this workflow status.',
      },
      page_size: {
        type: 'string',
        pattern: '^(?:[1-9][0-9]?|100)$',
        description: 'Tasks per page, 1 to 100 (default 50).',
      },
      page_token: {
        type: 'string',
        pattern: '^[A-Za-z0-9_-]{1,1000}$',
        description: '`next_page_token` of the previous page.',
      },
    },
  };
}

/** Query of `GET /api/v1/fleet/counts`. */
export const fleetCountsQuerySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    query: {
      type: 'string',
      maxLength: MAX_QUERY_LENGTH,
      description:
        "Count only the tasks this Temporal visibility query matches (`CheckpointHold='…'`); always narrowed " +
        'to what the caller may reach. Empty or omitted: all of them.',
    },
  },
};

/** Body of `POST /api/v1/batches`. */
export const batchBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: { type: 'string', enum: [...BATCH_ACTIONS], description: 'What to do to each task.' },
    query: {
      type: 'string',
      maxLength: MAX_QUERY_LENGTH,
      description:
        "A Temporal visibility query (`WorkflowType='research' AND ExecutionStatus='Running'`); always narrowed to " +
        "the caller's tenant. Empty or omitted: every task of the tenant.",
    },
    reason: {
      type: 'string',
      maxLength: MAX_REASON_LENGTH,
      description: 'Why; the pause reason of each task for a pause.',
    },
    timeout: { ...pauseProperties.timeout, description: 'Pause only: `timeout` of each pause.' },
    on_timeout: { ...pauseProperties.on_timeout, description: 'Pause only: `on_timeout` of each pause.' },
  },
};

/** A batch id: its action and a UUID. */
export const BATCH_ID_PATTERN = `^(${BATCH_ACTIONS.join('|')})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`;

/** Path parameters of the `/api/v1/batches/{id}...` routes. */
export const batchIdParamsSchema: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: BATCH_ID_PATTERN, description: 'The `batch_id` of a batch.' },
  },
};

/** Body of `POST /api/v1/holds`; `workflowNames` are the configured HTTP workflow names. */
export function holdBodySchema(workflowNames: readonly string[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['workflow'],
    properties: {
      workflow: workflowNameSchema(
        workflowNames,
        'The workflow whose new tasks start paused while the hold is on.',
      ),
      reason: {
        type: 'string',
        maxLength: MAX_REASON_LENGTH,
        description: 'Why; the pause reason of the tasks it holds.',
      },
    },
  };
}

/** A hold id. */
export const HOLD_ID_PATTERN = '^hold-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** Path parameters of `DELETE /api/v1/holds/{id}`. */
export const holdIdParamsSchema: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: HOLD_ID_PATTERN, description: 'The `hold_id` of a hold.' } },
};
