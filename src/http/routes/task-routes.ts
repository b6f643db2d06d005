/**
 * The task routes of the control API: submit, inspect, pause, resume and
 * cancel a task, and stream its events. Each is a route spec (for the
 * OpenAPI document and the request checks) with its handler.
 *
 * Node zone.
 *
 * @module
 */
import { TaskServerPausedError } from '../../client/errors';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { lastEventId, TRACEPARENT_HEADER } from '../headers';
import { decodePauseBody, decodeResumeBody } from '../request-bodies';
import { decodedRoute, type ControlRoute, type TaskRouteContext } from './route-context';
import { CANCEL_ALREADY_REQUESTED, PAUSE_SENT_WHILE_SERVER_PAUSED } from '../schemas/response-schemas';
import {
  pauseBodySchema,
  resumeBodySchema,
  sseQuerySchema,
  taskIdParamsSchema,
} from '../schemas/task-schemas';
import { streamControlEvents } from './sse';
import { submitRoute } from './submit-route';
import { controlStateBody, taskStatusBody } from '../wire';

/** The body of the 202 of pause, resume and cancel. */
interface AcceptedBody {
  success: true;
  message: string;
  task_id: string;
}

/** The task routes, in the order the OpenAPI document lists them. */
export function taskRoutes(context: TaskRouteContext): ControlRoute[] {
  const { client, control, workflows, caller } = context;
  const { ownedTask, controlTarget, controlStateOf, memoStateOf } = context.lookup;
  const { stop, keepAliveMs, maxPerKey: maxStreamsPerKey, open: openStreams, counted } = context.streams;
  const accepted = (message: string, taskId: string): AcceptedBody => ({
    success: true,
    message,
    task_id: taskId,
  });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const workflowNames = Object.keys(workflows);

  return [
    submitRoute(context),
    {
      method: 'GET',
      url: '/api/v1/tasks/:id',
      operationId: 'getTask',
      access: 'task',
      summary: 'The workflow status of a task, with its control state.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The task.', body: 'TaskStatus' } },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowId, description } = await ownedTask(request, taskId);
        const status = await control.status(workflowId, description);
        const workflow = workflowNames.find((name) => workflows[name] === status.workflowType) ?? null;
        const controlBody = status.control
          ? controlStateBody(status.control)
          : await memoStateOf(workflowId, description);
        return { ...taskStatusBody(status, workflow, controlBody), task_id: taskId };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/tasks/:id/control-state',
      operationId: 'getControlState',
      access: 'task',
      summary: 'The control state of a task.',
      scope: 'tasks:read',
      params: taskIdParamsSchema,
      responses: { 200: { description: 'The control state.', body: 'ControlState' } },
      handler: async (request) => controlStateOf(request, idOf(request)),
    },
    decodedRoute({
      method: 'POST',
      url: '/api/v1/tasks/:id/pause',
      operationId: 'pauseTask',
      access: 'task',
      summary: 'Ask the task to pause at its next checkpoint, once its in-flight activities finish.',
      scope: 'tasks:pause',
      action: 'pause',
      params: taskIdParamsSchema,
      body: pauseBodySchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description:
            '`{"success":true,"message":"Pause signal sent","task_id":…}`; for a task the Temporal server ' +
            'holds paused, the message says it parks at its next checkpoint once the server releases it.',
          body: 'Accepted',
        },
        409: {
          description: '`cannot pause <state> task`, or `task is already paused` (pausing or paused).',
          body: 'Error',
        },
      },
      decodeBody: decodePauseBody,
      handler: async (request, _reply, traceId, pause) => {
        const taskId = idOf(request);
        const { workflowIds, as } = controlTarget(request, taskId);
        // Checked at the edge; the workflow's validator stays the authority.
        try {
          await control.sendPause(workflowIds, { ...pause, traceId, caller: as });
        } catch (error) {
          if (!(error instanceof TaskServerPausedError && error.pauseSent)) throw error;
          return accepted(PAUSE_SENT_WHILE_SERVER_PAUSED, taskId);
        }
        return accepted('Pause signal sent', taskId);
      },
    }),
    decodedRoute({
      method: 'POST',
      url: '/api/v1/tasks/:id/resume',
      operationId: 'resumeTask',
      access: 'task',
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
      decodeBody: decodeResumeBody,
      handler: async (request, _reply, traceId, resume) => {
        const taskId = idOf(request);
        const { workflowIds, as } = controlTarget(request, taskId);
        await control.sendResume(workflowIds, { ...resume, traceId, caller: as });
        return accepted('Resume signal sent', taskId);
      },
    }),
    {
      method: 'POST',
      url: '/api/v1/tasks/:id/cancel',
      operationId: 'cancelTask',
      access: 'task',
      summary: 'Request cancellation of the task (paused or not).',
      scope: 'tasks:cancel',
      action: 'cancel',
      params: taskIdParamsSchema,
      headers: [TRACEPARENT_HEADER],
      responses: {
        202: {
          description:
            '`{"success":true,"message":"Cancel request sent","task_id":…}`; `Cancel already requested` when the ' +
            'server holds an earlier one (the task is paused by the Temporal server): nothing new is sent.',
          body: 'Accepted',
        },
        409: { description: '`cannot cancel <state> task`.', body: 'Error' },
      },
      handler: async (request) => {
        const taskId = idOf(request);
        const { workflowIds, as } = controlTarget(request, taskId);
        const { alreadyRequested } = await control.cancel(workflowIds, as);
        return accepted(alreadyRequested ? CANCEL_ALREADY_REQUESTED : 'Cancel request sent', taskId);
      },
    },
    {
      method: 'GET',
      url: '/api/v1/stream/sse',
      operationId: 'streamEvents',
      access: 'task',
      summary: 'Stream the control events of a task as server-sent events, ending after the terminal event.',
      scope: 'tasks:read',
      querystring: sseQuerySchema,
      headers: [
        {
          name: 'Last-Event-ID',
          description:
            'The last event id seen (`<seq>`, or `<seq>.<server_seq>` for a server pause event): the stream resumes exactly after it.',
          pattern: '^([0-9]{1,15}([.][0-9]{1,15})?)?$',
        },
      ],
      responses: {
        200: {
          description: 'The event stream; a `: keep-alive` comment comes periodically.',
          body: 'event-stream',
        },
      },
      temporal: 'own',
      handler: async (request, reply) => {
        const { workflow_id: taskId } = request.query as { workflow_id: string };
        const after = lastEventId(request.headers['last-event-id']);
        const { workflowId, description } = await context.withDeadline(() => ownedTask(request, taskId));
        const keyHash = caller(request).key_hash;
        const open = openStreams.get(keyHash) ?? 0;
        if (open >= maxStreamsPerKey) {
          throw new HttpError(429, `Too many open event streams: at most ${maxStreamsPerKey} per API key`);
        }
        openStreams.set(keyHash, open + 1);
        counted(1);
        // From here on the response is ours to write; Fastify sends nothing more.
        reply.hijack();
        try {
          await streamControlEvents({
            client,
            workflowId,
            runId: description.runId,
            after,
            response: reply.raw,
            keepAliveMs,
            stop,
            log: request.log,
          });
        } finally {
          counted(-1);
          const left = (openStreams.get(keyHash) ?? 1) - 1;
          if (left > 0) openStreams.set(keyHash, left);
          else openStreams.delete(keyHash);
        }
        return undefined;
      },
    },
  ];
}
