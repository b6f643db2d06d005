/**
 * The task routes of the control API: submit, inspect, pause, resume and
 * cancel a task, and stream its events. Each is a route spec (for the
 * OpenAPI document and the request checks) with its handler.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TaskControl } from '../client/task-control';
import type { PauseRequest, ResumeRequest } from '../common/types';
import { OWNER_MEMO_KEY, type Caller, type TaskOwner } from './auth';
import { HttpError, MESSAGES } from './errors';
import { lastEventId } from './headers';
import type { RouteSpec } from './openapi';
import {
  pauseBodySchema,
  resumeBodySchema,
  sseQuerySchema,
  submitBodySchema,
  taskIdParamsSchema,
} from './schemas';
import { streamControlEvents } from './sse';
import { tenantWorkflowId } from './task-ids';
import type { TaskLookup } from './task-lookup';
import { controlStateBody, pauseRequestFromBody, resumeRequestFromBody, taskStatusBody } from './wire';

/** The body of the 202 of pause, resume and cancel. */
interface AcceptedBody {
  success: true;
  message: string;
  task_id: string;
}

/** A route of the API: its spec and its handler. */
export type ControlRoute = RouteSpec & {
  /** `traceId`: of the request's valid `traceparent`, if any. */
  handler: (request: FastifyRequest, reply: FastifyReply, traceId: string | undefined) => Promise<unknown>;
};

/** What the task routes need. */
export interface TaskRouteContext {
  client: Client;
  control: TaskControl;
  taskQueue: string;
  /** HTTP workflow names and the workflow types they start. */
  workflows: Readonly<Record<string, string>>;
  caller: (request: FastifyRequest) => Caller;
  lookup: TaskLookup;
  /** The event streams: stopped all at once on close, at most `maxPerKey` open per key. */
  streams: { stop: AbortSignal; keepAliveMs: number; maxPerKey: number; open: Map<string, number> };
}

/** The optional trace header of the routes that act on a workflow. */
const TRACEPARENT_HEADER = {
  name: 'traceparent',
  description:
    'W3C trace context: continues into the workflow (OpenTelemetry); its trace id is recorded in the control events.',
};

/** The task routes, in the order the OpenAPI document lists them. */
export function taskRoutes(context: TaskRouteContext): ControlRoute[] {
  const { client, control, taskQueue, workflows, caller } = context;
  const { ownedTask, controllableTask, controlStateOf } = context.lookup;
  const { stop, keepAliveMs, maxPerKey: maxStreamsPerKey, open: openStreams } = context.streams;
  const accepted = (message: string, taskId: string): AcceptedBody => ({
    success: true,
    message,
    task_id: taskId,
  });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  /** Who asks, as the pause and resume requests record it. */
  const requester = (request: FastifyRequest, traceId: string | undefined) => ({
    requestedBy: caller(request).user_id,
    traceId,
  });
  const workflowNames = Object.keys(workflows);

  return [
    {
      method: 'POST',
      url: '/api/v1/tasks',
      operationId: 'submitTask',
      summary: 'Start one of the configured workflows, owned by the caller.',
      scope: 'tasks:submit',
      body: submitBodySchema(workflowNames),
      headers: [TRACEPARENT_HEADER],
      bodyRequired: true,
      responses: {
        202: {
          description: 'Started.',
          body: 'Submitted',
          links: {
            ...Object.fromEntries(
              ['getTask', 'getControlState', 'pauseTask', 'resumeTask', 'cancelTask'].map((operationId) => [
                operationId,
                { id: '$response.body#/task_id' },
              ]),
            ),
            streamEvents: { workflow_id: '$response.body#/task_id' },
          },
        },
        409: { description: '`{"error":"task already exists"}`.', body: 'Error' },
      },
      handler: async (request) => {
        const body = request.body as { workflow: string; input?: unknown; task_id?: string };
        if (!Object.hasOwn(workflows, body.workflow)) {
          throw new HttpError(
            400,
            `Unknown workflow \`${body.workflow}\`: expected one of ${workflowNames.join(', ') || '(none configured)'}`,
          );
        }
        const { user_id, tenant_id } = caller(request);
        const owner: TaskOwner = { user_id, tenant_id };
        const taskId = body.task_id ?? `${body.workflow}-${randomUUID()}`;
        try {
          await client.workflow.start(workflows[body.workflow], {
            taskQueue,
            // The tenant's own id space: nobody else can take, or learn of, this id.
            workflowId: tenantWorkflowId(tenant_id, taskId),
            args: body.input === undefined ? [] : [body.input],
            memo: { [OWNER_MEMO_KEY]: owner },
            // An id stays taken while the closed task is retained, so that nobody can take over its history.
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError)
            throw new HttpError(409, MESSAGES.taskExists, { cause: error });
          throw error;
        }
        return { success: true, task_id: taskId, workflow: body.workflow };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/tasks/:id',
      operationId: 'getTask',
      summary: 'The workflow status of a task, with its control state.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The task.', body: 'TaskStatus' } },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowId, description } = await ownedTask(request, taskId);
        const status = await control.status(workflowId);
        const workflow = workflowNames.find((name) => workflows[name] === status.workflowType) ?? null;
        const controlBody = status.control
          ? controlStateBody(status.control)
          : await controlStateOf(workflowId, description);
        return { ...taskStatusBody(status, workflow, controlBody), task_id: taskId };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/tasks/:id/control-state',
      operationId: 'getControlState',
      summary: 'The control state of a task.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The control state.', body: 'ControlState' } },
      handler: async (request) => {
        const { workflowId, description } = await ownedTask(request, idOf(request));
        return controlStateOf(workflowId, description);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/pause',
      operationId: 'pauseTask',
      summary: 'Ask the task to pause at its next checkpoint, once its in-flight activities finish.',
      scope: 'tasks:pause',
      action: 'pause',
      params: taskIdParamsSchema,
      body: pauseBodySchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Pause signal sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: {
          description: '`cannot pause <state> task`, or `task is already paused` (pausing or paused).',
          body: 'Error',
        },
      },
      handler: async (request, _reply, traceId) => {
        const taskId = idOf(request);
        const workflowId = await controllableTask(request, taskId);
        const pause = pauseRequestFromBody(request.body) as PauseRequest;
        await control.pause(workflowId, { ...pause, ...requester(request, traceId) });
        return accepted('Pause signal sent', taskId);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/resume',
      operationId: 'resumeTask',
      summary: 'Resume a paused task, or withdraw a pending pause.',
      scope: 'tasks:resume',
      action: 'resume',
      params: taskIdParamsSchema,
      body: resumeBodySchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Resume signal sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: { description: '`task is not paused`, or `cannot resume <state> task`.', body: 'Error' },
      },
      handler: async (request, _reply, traceId) => {
        const taskId = idOf(request);
        const workflowId = await controllableTask(request, taskId);
        const resume = resumeRequestFromBody(request.body) as ResumeRequest;
        await control.resume(workflowId, { ...resume, ...requester(request, traceId) });
        return accepted('Resume signal sent', taskId);
      },
    },
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/cancel',
      operationId: 'cancelTask',
      summary: 'Request cancellation of the task (paused or not).',
      scope: 'tasks:cancel',
      action: 'cancel',
      params: taskIdParamsSchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description: '`{"success":true,"message":"Cancel request sent","task_id":…}`.',
          body: 'Accepted',
        },
        409: { description: '`cannot cancel <state> task`.', body: 'Error' },
      },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowId } = await ownedTask(request, taskId);
        await control.cancel(workflowId);
        return accepted('Cancel request sent', taskId);
      },
    },
    {
      method: 'GET',
      url: '/api/v1/stream/sse',
      operationId: 'streamEvents',
      summary: 'Stream the control events of a task as server-sent events, ending after the terminal event.',
      scope: 'tasks:read',
      querystring: sseQuerySchema,
      headers: [
        {
          name: 'Last-Event-ID',
          description: 'The last `seq` seen: the stream resumes exactly after it.',
          pattern: '^[0-9]{0,15}$',
        },
      ],
      responses: {
        200: {
          description: 'The event stream; a `: keep-alive` comment comes periodically.',
          body: 'event-stream',
        },
      },
      handler: async (request, reply) => {
        const { workflow_id: taskId } = request.query as { workflow_id: string };
        const afterSeq = lastEventId(request.headers['last-event-id']);
        const { workflowId } = await ownedTask(request, taskId);
        const keyHash = caller(request).key_hash;
        const open = openStreams.get(keyHash) ?? 0;
        if (open >= maxStreamsPerKey) {
          throw new HttpError(429, `Too many open event streams: at most ${maxStreamsPerKey} per API key`);
        }
        openStreams.set(keyHash, open + 1);
        // From here on the response is ours to write; Fastify sends nothing more.
        reply.hijack();
        try {
          await streamControlEvents({
            client,
            workflowId,
            afterSeq,
            response: reply.raw,
            keepAliveMs,
            stop,
            log: request.log,
          });
        } finally {
          const left = (openStreams.get(keyHash) ?? 1) - 1;
          if (left > 0) openStreams.set(keyHash, left);
          else openStreams.delete(keyHash);
        }
        return undefined;
      },
    },
  ];
}
