/**
 * Command-line parsing of the `temporal-checkpoint` CLI: turns `argv` into a
 * {@link Command}, or throws a {@link UsageError} that names the problem.
 *
 * Node zone.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import type { Duration } from '@temporalio/common';
import type { DrainPolicy, OnPauseTimeout, PauseRequest, ResumeRequest } from '../../src';
import { parseEventCursor, type BatchAction, type EventCursor } from '../../src/client';
import { isWorkflowType, WORKFLOW_TYPES, type WorkflowType } from '../../workflows/catalog';

/** What the user asked for. */
export type Command = { name: 'help' } | TaskCommand;

/** A command that talks to Temporal. */
export type TaskCommand =
  | {
      name: 'start';
      workflow: WorkflowType;
      input: unknown;
      workflowId: string | undefined;
      /** `--paused`: park at the first checkpoint before any activity, with this pause. */
      paused: PauseRequest | undefined;
    }
  | { name: 'pause'; workflowId: string; request: PauseRequest }
  | { name: 'resume'; workflowId: string; request: ResumeRequest }
  | { name: 'cancel'; workflowId: string }
  | { name: 'state'; workflowId: string }
  | { name: 'watch'; workflowId: string; after: EventCursor }
  | {
      name: 'batch';
      action: BatchAction;
      /** The visibility query, run as it is. */
      query: string;
      reason: string | undefined;
      /** The pause each task receives (`pause`); the resume (`resume`). */
      request: PauseRequest | ResumeRequest;
    };

/** The command line is wrong; the message says how. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The CLI's help text. */
export const USAGE = `Usage: temporal-checkpoint <command> [options]

Commands:
  start <workflow> [--input <json>] [--id <id>] [--paused [--reason <text>]]
                                                  start ${WORKFLOW_TYPES.join(' or ')}; prints its id;
                                                  --paused: parked at pre_execution before any activity
  pause <id> [--reason <text>] [--timeout <duration>] [--on-timeout resume|fail|cancel] [--drain finish|interrupt]
             [--request-id <key>] [--requested-by <who>]
                                                  ask the task to park at its next checkpoint
  resume <id> [--input <json>] [--request-id <key>] [--requested-by <who>]
                                                  resume a paused task, or withdraw a pending pause
  cancel <id>                                     cancel the task
  pause|resume|cancel --query <visibility query> [--reason <text>] [pause or resume options]
                                                  the same for every task the query matches, as one
                                                  Temporal batch operation; shows its progress until done
  state <id>                                      print the task's status and control state
  watch <id> [--after <event id>]                 print control events as JSON lines until the task ends
  help                                            print this text

Output is JSON. Connection settings come from the environment: TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE; tasks start on TASK_QUEUE
(default temporal-checkpoint).`;

const requestOptions = {
  'request-id': { type: 'string' },
  'requested-by': { type: 'string' },
} as const;

/** Parses the arguments after the program name. */
export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      throw new UsageError('Expected a command (start, pause, resume, cancel, state, watch, help)');
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'start': {
      const { values, positionals } = parse(name, rest, {
        input: { type: 'string' },
        id: { type: 'string' },
        paused: { type: 'boolean' },
        reason: { type: 'string' },
      });
      const [workflow] = single(name, positionals, '<workflow>');
      if (!isWorkflowType(workflow)) {
        throw new UsageError(
          `Unknown workflow \`${workflow}\`: expected one of ${WORKFLOW_TYPES.join(', ')}`,
        );
      }
      if (values.reason !== undefined && !values.paused) {
        throw new UsageError('start: --reason needs --paused');
      }
      const paused = values.paused ? { reason: values.reason } : undefined;
      return { name, workflow, input: json('--input', values.input), workflowId: values.id, paused };
    }
    case 'pause': {
      const { values, positionals } = parse(name, rest, {
        reason: { type: 'string' },
        timeout: { type: 'string' },
        'on-timeout': { type: 'string' },
        drain: { type: 'string' },
        query: { type: 'string' },
        ...requestOptions,
      });
      const request: PauseRequest = {
        reason: values.reason,
        timeout: duration(values.timeout),
        onTimeout: values['on-timeout'] as OnPauseTimeout | undefined,
        drain: values.drain as DrainPolicy | undefined,
        requestId: values['request-id'],
        requestedBy: values['requested-by'],
      };
      if (values.query !== undefined) return batch(name, values.query, positionals, request);
      const [workflowId] = single(name, positionals, '<id>');
      return { name, workflowId, request: request };
    }
    case 'resume': {
      const { values, positionals } = parse(name, rest, {
        input: { type: 'string' },
        query: { type: 'string' },
        ...requestOptions,
      });
      const request: ResumeRequest = {
        input: json('--input', values.input),
        requestId: values['request-id'],
        requestedBy: values['requested-by'],
      };
      if (values.query !== undefined) return batch(name, values.query, positionals, request);
      const [workflowId] = single(name, positionals, '<id>');
      return { name, workflowId, request: request };
    }
    case 'cancel': {
      const { values, positionals } = parse(name, rest, {
        query: { type: 'string' },
        reason: { type: 'string' },
      });
      if (values.query !== undefined)
        return batch(name, values.query, positionals, { reason: values.reason });
      const [workflowId] = single(name, positionals, '<id>');
      return { name, workflowId };
    }
    case 'state': {
      const { positionals } = parse(name, rest, {});
      const [workflowId] = single(name, positionals, '<id>');
      return { name, workflowId };
    }
    case 'watch': {
      const { values, positionals } = parse(name, rest, { after: { type: 'string' } });
      const [workflowId] = single(name, positionals, '<id>');
      const after = parseEventCursor(values.after ?? '0');
      if (!after)
        throw new UsageError(
          `Invalid --after: expected an event id (\`<seq>\` or \`<seq>.<server_seq>\`), got \`${values.after}\``,
        );
      return { name, workflowId, after };
    }
    default:
      throw new UsageError(
        `Unknown command \`${name}\`: expected start, pause, resume, cancel, state, watch or help`,
      );
  }
}

type StringOptions = Record<string, { type: 'string' } | { type: 'boolean' }>;

/** A bulk command: `--query` instead of an id. */
function batch(
  action: BatchAction,
  query: string,
  positionals: string[],
  request: PauseRequest | ResumeRequest,
): Command {
  if (positionals.length > 0) {
    throw new UsageError(`${action}: give either <id> or --query, not both (got \`${positionals[0]}\`)`);
  }
  if (query.trim() === '') throw new UsageError(`${action}: --query needs a visibility query`);
  const reason = 'reason' in request ? request.reason : undefined;
  return { name: 'batch', action, query, reason, request };
}

function parse<Options extends StringOptions>(command: string, args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

function single(command: string, positionals: string[], what: string): [string] {
  const [value, ...extra] = positionals;
  if (value === undefined || value === '') throw new UsageError(`${command}: expected ${what}`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument \`${extra[0]}\``);
  return [value];
}

function json(flag: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`Invalid ${flag}: expected JSON, got \`${text}\` (${(error as Error).message})`);
  }
}

/** `60000` is milliseconds; anything else (`'7 days'`) is left for the request validation. */
function duration(text: string | undefined): Duration | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : (text as Duration);
}
