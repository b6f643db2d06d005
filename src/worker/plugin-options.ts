/**
 * The options of the plugin: what they may hold, the checks that name a bad
 * one, and their canonical form (the one a bundle carries, so that the same
 * options always read the same).
 *
 * Node zone.
 *
 * @module
 */
import { AUTOMATIC_CHECKPOINTS, type AutomaticCheckpoint } from '../workflow/automatic-checkpoints';
import { checkControlOptions, ControlOptionsError, type ControlOptions } from '../workflow/settings';

/**
 * The control options a worker gives every workflow as defaults: an option
 * the workflow passes to its own `installControl()` wins. A function
 * (`validateResumeInput`) cannot travel into the workflow bundle: pass it to
 * `installControl()` in the workflow.
 */
export type WorkerControlDefaults = Omit<ControlOptions, 'validateResumeInput'>;

/** Options of the plugin (all optional: with none, every workflow is pausable with all automatic checkpoints). */
export interface CheckpointPluginOptions {
  /**
   * Automatic checkpoints for every workflow of the worker; `[]` for none
   * (explicit `checkpoint()` calls keep working).
   *
   * @default AUTOMATIC_CHECKPOINTS (all of them)
   */
  automaticCheckpoints?: readonly AutomaticCheckpoint[];
  /**
   * Automatic checkpoints per workflow type, overriding `automaticCheckpoints`.
   *
   * @default none
   */
  workflowTypes?: Readonly<Record<string, readonly AutomaticCheckpoint[]>>;
  /**
   * `installControl()` options for every workflow, as defaults.
   *
   * @default the defaults of `installControl()`
   */
  control?: WorkerControlDefaults;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['automaticCheckpoints', 'workflowTypes', 'control']);
const CONTROL_NAMES: ReadonlySet<string> = new Set([
  'auditLimit',
  'statusSearchAttribute',
  'pauseRequestSearchAttribute',
  'interruptibleActivities',
]);

/**
 * `options` checked and in canonical JSON (fixed key order, no `undefined`):
 * equal options give equal text. Throws a `ControlOptionsError` that names
 * the first bad input.
 */
export function canonicalPluginOptions(options: CheckpointPluginOptions): string {
  if (!isRecord(options))
    throw new ControlOptionsError(`Expected the plugin's options to be an object, got ${describe(options)}`);
  knownNamesOnly(options, OPTION_NAMES, '');
  const { automaticCheckpoints, workflowTypes, control } = options;
  const canonical: CheckpointPluginOptions = {};
  if (automaticCheckpoints !== undefined) {
    canonical.automaticCheckpoints = checkpointList(automaticCheckpoints, 'automaticCheckpoints');
  }
  if (workflowTypes !== undefined) {
    if (!isRecord(workflowTypes)) {
      throw new ControlOptionsError(
        `Expected \`workflowTypes\` to map workflow types to lists of automatic checkpoints, got ${describe(workflowTypes)}`,
      );
    }
    canonical.workflowTypes = Object.fromEntries(
      Object.keys(workflowTypes)
        .sort()
        .map((type) => [type, checkpointList(workflowTypes[type], `workflowTypes.${type}`)]),
    );
  }
  if (control !== undefined) canonical.control = canonicalControl(control);
  return JSON.stringify(canonical);
}

function canonicalControl(control: unknown): WorkerControlDefaults | undefined {
  if (!isRecord(control))
    throw new ControlOptionsError(`Expected \`control\` to be an object, got ${describe(control)}`);
  if ('validateResumeInput' in control) {
    throw new ControlOptionsError(
      '`control.validateResumeInput` is a function, which cannot travel into the workflow bundle: ' +
        'pass it to installControl() in the workflow, or register an interceptor module of your own (docs/wiring.md)',
    );
  }
  knownNamesOnly(control, CONTROL_NAMES, 'control.');
  const { auditLimit, statusSearchAttribute, pauseRequestSearchAttribute, interruptibleActivities } =
    checkControlOptions(control);
  const canonical = {
    auditLimit,
    statusSearchAttribute,
    pauseRequestSearchAttribute,
    interruptibleActivities: interruptibleActivities && [...interruptibleActivities],
  };
  return Object.values(canonical).some((value) => value !== undefined) ? canonical : undefined;
}

function checkpointList(value: unknown, name: string): AutomaticCheckpoint[] {
  const known: readonly unknown[] = AUTOMATIC_CHECKPOINTS;
  const expected = (got: unknown) =>
    new ControlOptionsError(
      `Expected \`${name}\` to list automatic checkpoints (${AUTOMATIC_CHECKPOINTS.join(', ')}), got ${describe(got)}`,
    );
  if (!Array.isArray(value)) throw expected(value);
  for (const item of value as unknown[]) if (!known.includes(item)) throw expected(item);
  return [...(value as AutomaticCheckpoint[])];
}

function knownNamesOnly(options: object, known: ReadonlySet<string>, prefix: string): void {
  const unknown = Object.keys(options).find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new ControlOptionsError(
      `Unknown option \`${prefix}${unknown}\`; expected one of ${[...known].map((name) => `\`${prefix}${name}\``).join(', ')}`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `\`${value}\``
    : `${JSON.stringify(value) ?? String(value)} (${typeof value})`;
}
