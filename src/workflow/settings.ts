/**
 * The options of `installControl()` and how they combine: the worker's
 * (given to the interceptors) are defaults, the workflow's own call wins, and
 * two calls from workflow code that disagree fail loudly.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { DEFAULT_AUDIT_LIMIT } from '../control/audit';

/** The default of {@link ControlOptions.auditLimit}. */
export { DEFAULT_AUDIT_LIMIT };

/** Options of `installControl()`. */
export interface ControlOptions {
  /**
   * How many past pauses the audit list keeps (oldest dropped first).
   *
   * @default 50
   */
  auditLimit?: number;
  /**
   * Checks a resume's `input` before the resume is accepted; returns what is
   * wrong with it, or `undefined`. A `requestResume` update with bad input is
   * rejected; a `resume` signal with bad input is logged and ignored.
   */
  validateResumeInput?: (input: unknown) => string | undefined;
  /**
   * Name of a Keyword search attribute that receives the control status
   * (`running`, `pausing`, `paused`) whenever it changes, so that visibility
   * queries find paused tasks: `temporal workflow list --query
   * "CheckpointStatus='paused' AND ExecutionStatus='Running'"`. The
   * attribute must be registered on the namespace first (an unregistered one
   * fails the workflow task); each change adds one history event.
   *
   * @default none: the status is published in the memo only
   */
  statusSearchAttribute?: string;
  /**
   * Name of a Keyword search attribute that receives the `requestId` of the
   * current pause while the workflow is pausing or paused, and is cleared
   * when it runs again, so that visibility queries find the tasks a given
   * pause still holds: `temporal workflow list --query
   * "CheckpointPauseRequest='hold:hold-1' AND ExecutionStatus='Running'"`.
   * Written in the same history event as `statusSearchAttribute`; register
   * it on the namespace first.
   *
   * @default none
   */
  pauseRequestSearchAttribute?: string;
  /**
   * Activity types that stop at their own safe points (they call
   * `activityCheckpoint()` from `temporal-checkpoint/activity`): a pause
   * with `drain: 'interrupt'` interrupts them and continues them from their
   * progress after the resume. Others are always waited for.
   *
   * @default none
   */
  interruptibleActivities?: readonly string[];
}

const MAX_AUDIT_LIMIT = 1000;

/** Thrown in workflow code when `installControl()` gets an option it cannot honour. */
export class ControlOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlOptionsError';
  }
}

type OptionName = keyof ControlOptions;

/** The options in force for this run, and who set each one. */
export class ControlSettings {
  private readonly values: ControlOptions = {};
  /** Options the workflow set (created on first use: most runs set none). */
  private setByWorkflow: Set<OptionName> | undefined;

  get auditLimit(): number {
    return this.values.auditLimit ?? DEFAULT_AUDIT_LIMIT;
  }

  get validateResumeInput(): ControlOptions['validateResumeInput'] {
    return this.values.validateResumeInput;
  }

  get statusSearchAttribute(): string | undefined {
    return this.values.statusSearchAttribute;
  }

  get pauseRequestSearchAttribute(): string | undefined {
    return this.values.pauseRequestSearchAttribute;
  }

  get interruptibleActivities(): ReadonlySet<string> {
    return new Set(this.values.interruptibleActivities);
  }

  /** Options from the worker's interceptors: they fill what the workflow did not set. */
  applyWorkerDefaults(options: ControlOptions): void {
    for (const name of definedNames(checkControlOptions(options))) {
      if (!this.setByWorkflow?.has(name)) this.set(name, options);
    }
  }

  /**
   * Options from workflow code: they override the worker's. Setting an option
   * that an earlier call of the workflow set to another value throws, since
   * one of the two would otherwise be ignored.
   */
  applyWorkflowOptions(options: ControlOptions): void {
    for (const name of definedNames(checkControlOptions(options))) {
      if (this.setByWorkflow?.has(name) && !sameOption(this.values[name], options[name])) {
        throw new ControlOptionsError(
          `installControl() was called twice with different \`${name}\`; pass each option once, at the start of the workflow`,
        );
      }
      this.set(name, options);
      (this.setByWorkflow ??= new Set()).add(name);
    }
  }

  private set<N extends OptionName>(name: N, options: ControlOptions): void {
    this.values[name] = options[name];
  }
}

/** Equal options: the same value, or lists with the same names in the same order. */
function sameOption(current: unknown, next: unknown): boolean {
  if (Array.isArray(current) && Array.isArray(next)) {
    return current.length === next.length && current.every((item, index) => item === next[index]);
  }
  return current === next;
}

function definedNames(options: ControlOptions): OptionName[] {
  return (Object.keys(options) as OptionName[]).filter((name) => options[name] !== undefined);
}

/** `options`, once each value is known to be usable; throws a {@link ControlOptionsError} naming the first that is not. */
export function checkControlOptions(options: ControlOptions): ControlOptions {
  const {
    auditLimit,
    validateResumeInput,
    statusSearchAttribute,
    pauseRequestSearchAttribute,
    interruptibleActivities,
  } = options;
  if (
    auditLimit !== undefined &&
    !(Number.isInteger(auditLimit) && auditLimit >= 1 && auditLimit <= MAX_AUDIT_LIMIT)
  ) {
    throw new ControlOptionsError(
      `Expected \`auditLimit\` to be an integer from 1 to ${MAX_AUDIT_LIMIT}, got \`${String(auditLimit)}\``,
    );
  }
  if (validateResumeInput !== undefined && typeof validateResumeInput !== 'function') {
    throw new ControlOptionsError(
      `Expected \`validateResumeInput\` to be a function, got a value of type ${typeof validateResumeInput}`,
    );
  }
  checkSearchAttributeName('statusSearchAttribute', statusSearchAttribute);
  checkSearchAttributeName('pauseRequestSearchAttribute', pauseRequestSearchAttribute);
  if (
    interruptibleActivities !== undefined &&
    !(
      Array.isArray(interruptibleActivities) &&
      interruptibleActivities.every((name) => typeof name === 'string')
    )
  ) {
    throw new ControlOptionsError(
      `Expected \`interruptibleActivities\` to be an array of activity type names, got ${typeof interruptibleActivities}`,
    );
  }
  return options;
}

function checkSearchAttributeName(option: OptionName, name: string | undefined): void {
  if (name !== undefined && (typeof name !== 'string' || !name)) {
    throw new ControlOptionsError(
      `Expected \`${option}\` to be a search attribute name, got \`${String(name)}\``,
    );
  }
}
