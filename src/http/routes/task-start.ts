/**
 * How `POST /api/v1/tasks` starts a task: the owner memo; the search
 * attributes owner, tenant and control status; and, when the caller asks
 * for `start_paused` or a hold is on for the workflow, the memo that makes
 * the task park at its first checkpoint, with the hold recorded.
 *
 * Node zone.
 *
 * @module
 */
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import type { HoldStore } from '../../client/holds';
import { startPausedMemo } from '../../client/start-paused';
import { holdPauseRequestId } from '../../common/holds';
import { withoutUndefined } from '../../common/objects';
import {
  HOLD_SEARCH_ATTRIBUTE,
  OWNER_SEARCH_ATTRIBUTE,
  PAUSE_REQUEST_SEARCH_ATTRIBUTE,
  STATUS_SEARCH_ATTRIBUTE,
  TENANT_SEARCH_ATTRIBUTE,
} from '../../common/search-attributes';
import type { PauseRequest } from '../../common/types';
import { OWNER_MEMO_KEY, type TaskOwner } from '../gate/auth';

const keyword = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);
const OWNER = keyword(OWNER_SEARCH_ATTRIBUTE);
const TENANT = keyword(TENANT_SEARCH_ATTRIBUTE);
const STATUS = keyword(STATUS_SEARCH_ATTRIBUTE);
const HOLD = keyword(HOLD_SEARCH_ATTRIBUTE);
const PAUSE_REQUEST = keyword(PAUSE_REQUEST_SEARCH_ATTRIBUTE);

/** What a submission asks for. */
export interface Submission {
  owner: TaskOwner;
  /** The HTTP workflow name. */
  workflow: string;
  workflowId: string;
  /** `start_paused` of the body, with its `reason`. */
  startPaused: { reason?: string; traceId?: string } | undefined;
}

/**
 * The memo and search attributes of a submitted task. `holds`: the store to
 * look a hold up in, or `undefined` where the server has no visibility (no
 * holds, no search attributes).
 */
export async function taskStartOptions(
  submission: Submission,
  holds: HoldStore | undefined,
): Promise<{ memo: Record<string, unknown>; typedSearchAttributes?: TypedSearchAttributes | undefined }> {
  const { owner, workflowId } = submission;
  const hold = await holds?.find(owner.tenant_id, submission.workflow);
  const pause: PauseRequest | undefined = hold
    ? { reason: hold.reason, requestedBy: hold.createdBy, requestId: holdPauseRequestId(hold.holdId) }
    : submission.startPaused && {
        reason: submission.startPaused.reason,
        requestedBy: owner.user_id,
        traceId: submission.startPaused.traceId,
      };
  const memo = {
    [OWNER_MEMO_KEY]: owner,
    ...(pause && startPausedMemo(workflowId, withoutUndefined(pause))),
  };
  if (!holds) return { memo };
  const attributes = [
    { key: OWNER, value: owner.user_id },
    { key: TENANT, value: owner.tenant_id },
    { key: STATUS, value: pause ? 'pausing' : 'running' },
    ...(pause?.requestId === undefined ? [] : [{ key: PAUSE_REQUEST, value: pause.requestId }]),
    ...(hold ? [{ key: HOLD, value: hold.holdId }] : []),
  ];
  return { memo, typedSearchAttributes: new TypedSearchAttributes(attributes) };
}
