/**
 * Names and argument types of the workflows the worker process registers, for
 * clients (CLI, HTTP API) that start them by name without loading workflow code.
 *
 * Anywhere zone: imports nothing.
 *
 * @module
 */

/** The workflow types `workflows/index.ts` exports, by name. */
export const WORKFLOW_TYPES = ['research', 'supervisor'] as const;

/** A registered workflow type name. */
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

/** True when `name` is one of {@link WORKFLOW_TYPES}. */
export function isWorkflowType(name: string): name is WorkflowType {
  return (WORKFLOW_TYPES as readonly string[]).includes(name);
}

/** Argument of the `research` workflow. */
export interface ResearchInput {
  topic: string;
  /**
   * Search-and-analyze rounds, each ending at checkpoint `iteration_<n>`.
   *
   * @default 2
   */
  iterations?: number;
}

/** Argument of the `supervisor` workflow. */
export interface SupervisorInput {
  /** One `research` child per topic. */
  topics: string[];
  /** Passed to every child. */
  iterations?: number;
}

/** What an operator may send with a resume of `research`: `{"focus": "..."}` narrows later searches. */
export interface ResearchGuidance {
  focus?: string;
}

/** The `type` of the `ApplicationFailure` the demo workflows raise for a malformed input. */
export const INVALID_WORKFLOW_INPUT = 'InvalidWorkflowInput';
