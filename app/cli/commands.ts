/**
 * What each CLI command does, over a Temporal `Client`. Results are written
 * as JSON lines through `print`.
 *
 * Node zone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  readControlEvents,
  startControlBatch,
  startPausedMemo,
  TaskControl,
  TaskNotFoundError,
  TaskServerPausedError,
} from '../../src/client';
import { followBatch, type ProgressOutput } from './batch-progress';
import type { TaskCommand } from './args';

/** What a command needs besides its arguments. */
export interface CommandContext {
  client: Client;
  /** Where `start` puts new tasks. */
  taskQueue: string;
  /** Writes one line of JSON to stdout. */
  print: (line: string) => void;
  /** Where a batch's progress shows (stderr). */
  progress: ProgressOutput;
}

/** Runs `command`; rejects with a `TaskControlError` or another error naming the problem. */
export async function runCommand(
  command: TaskCommand,
  { client, taskQueue, print, progress }: CommandContext,
): Promise<void> {
  const control = new TaskControl(client);
  const printJson = (value: unknown): void => print(JSON.stringify(value));
  switch (command.name) {
    case 'start': {
      const workflowId = command.workflowId ?? `${command.workflow}-${randomUUID()}`;
      try {
        const handle = await client.workflow.start(command.workflow, {
          taskQueue,
          workflowId,
          args: command.input === undefined ? [] : [command.input],
          ...(command.paused && { memo: startPausedMemo(workflowId, command.paused) }),
        });
        printJson({
          workflow_id: workflowId,
          run_id: handle.firstExecutionRunId,
          workflow: command.workflow,
          task_queue: taskQueue,
          ...(command.paused && { paused: true }),
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          throw new Error(`Task already exists: \`${workflowId}\``, { cause: error });
        }
        throw error;
      }
      return;
    }
    case 'pause':
      try {
        printJson(await control.pause(command.workflowId, command.request));
      } catch (error) {
        // Held paused by the Temporal server: the pause was sent, and it parks once released.
        if (!(error instanceof TaskServerPausedError && error.pauseSent)) throw error;
        printJson({ workflow_id: command.workflowId, pause_requested: true, server_paused: true });
      }
      return;
    case 'resume':
      printJson(await control.resume(command.workflowId, command.request));
      return;
    case 'cancel':
      const { alreadyRequested } = await control.cancel(command.workflowId);
      printJson({
        workflow_id: command.workflowId,
        cancel_requested: true,
        ...(alreadyRequested && { already_requested: true }),
      });
      return;
    case 'state':
      printJson(await control.status(command.workflowId));
      return;
    case 'watch':
      try {
        await client.workflow.getHandle(command.workflowId).describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new TaskNotFoundError(command.workflowId, { cause: error });
        throw error;
      }
      for await (const event of readControlEvents(client, command.workflowId, {
        afterSeq: command.after.seq,
        afterServerSeq: command.after.serverSeq,
      })) {
        printJson(event);
      }
      return;
    case 'batch': {
      const jobId = await startControlBatch(client, {
        action: command.action,
        query: command.query,
        reason: command.reason ?? `bulk ${command.action} from the temporal-checkpoint CLI`,
        pause: command.request,
        resume: command.request,
      });
      const final = await followBatch(client, jobId, progress);
      printJson({
        batch_id: jobId,
        action: command.action,
        state: final.state,
        total: final.total,
        succeeded: final.succeeded,
        failed: final.failed,
      });
      if (final.state !== 'completed') throw new Error(`Batch \`${jobId}\` ended ${final.state}`);
      return;
    }
  }
}
