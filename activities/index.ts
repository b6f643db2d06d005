/**
 * The demo workflows' activities: stand-ins for LLM and tool calls, with a
 * configurable latency and deterministic outputs.
 *
 * Node zone: registered with the worker; workflows import these types only.
 *
 * @module
 */
import { Context } from '@temporalio/activity';
import { activityCheckpoint, resumedProgress } from '../src/activity';

/** Options of {@link createActivities}. */
export interface ActivityDeps {
  /**
   * How long each activity works before it answers, in milliseconds: the
   * stand-in for a model or tool call.
   *
   * @default 0
   */
  latencyMs?: number;
  /**
   * How many sources one search returns.
   *
   * @default 3
   */
  sourcesPerSearch?: number;
}

/** A source found by {@link Activities.searchSources}. */
export interface Source {
  title: string;
  url: string;
  /** 0 to 1; derived from the title, so the same search always scores the same. */
  relevance: number;
}

/** Argument of {@link Activities.searchSources}. */
export interface SearchRequest {
  topic: string;
  iteration: number;
  /** An operator's guidance sent with a resume, narrowing the search. */
  focus?: string;
}

/** Argument of {@link Activities.analyzeSources}. */
export interface AnalysisRequest {
  topic: string;
  iteration: number;
  sources: Source[];
}

/** What one research iteration learned. */
export interface Finding {
  iteration: number;
  /** The most relevant source of the iteration. */
  bestSource: string;
  insight: string;
}

/** Argument of {@link Activities.synthesize}. */
export interface SynthesisRequest {
  topic: string;
  findings: Finding[];
}

/**
 * Builds the activities with their dependencies injected.
 *
 * Every activity heartbeats while it works and stops at once when it is
 * cancelled (by the workflow, or by a worker whose shutdown grace time ran
 * out), so a worker shuts down cleanly.
 *
 * @example
 * ```ts
 * const worker = await createWorker({ connection, taskQueue, activities: createActivities({ latencyMs: 500 }) });
 * ```
 */
export function createActivities(deps: ActivityDeps = {}) {
  const latencyMs = deps.latencyMs ?? 0;
  const sourcesPerSearch = deps.sourcesPerSearch ?? 3;

  return {
    /** Searches for sources on the topic (a tool call). */
    async searchSources(request: SearchRequest): Promise<Source[]> {
      await work(latencyMs, `searching sources, iteration ${request.iteration}`);
      const subject = request.focus ? `${request.topic} (${request.focus})` : request.topic;
      return Array.from({ length: sourcesPerSearch }, (_, index) => {
        const title = `${subject}: source ${request.iteration}.${index + 1}`;
        return { title, url: `https://example.org/${slug(title)}`, relevance: score(title) };
      });
    },

    /**
     * Reads the sources one by one and extracts the iteration's insight (an
     * LLM call per source). Interruptible: a safe point after each source, so
     * a pause with `drain: 'interrupt'` stops it there and the resume goes on
     * with the next source.
     */
    async analyzeSources(request: AnalysisRequest): Promise<Finding> {
      const read = resumedProgress<number>() ?? 0;
      const perSourceMs = latencyMs / Math.max(1, request.sources.length);
      for (let index = read; index < request.sources.length; index++) {
        await work(
          perSourceMs,
          `analyzing source ${index + 1} of ${request.sources.length}, iteration ${request.iteration}`,
        );
        activityCheckpoint(index + 1);
      }
      const best = [...request.sources].sort((a, b) => b.relevance - a.relevance)[0];
      return {
        iteration: request.iteration,
        bestSource: best?.url ?? 'none',
        insight: `Iteration ${request.iteration} on ${request.topic}: ${best ? `"${best.title}" is the strongest source` : 'no sources found'}`,
      };
    },

    /** Writes the final summary from all findings (an LLM call). */
    async synthesize(request: SynthesisRequest): Promise<string> {
      await work(latencyMs, `synthesizing ${request.findings.length} findings`);
      return `${request.topic}: ${request.findings.length} iteration(s); ${request.findings.map((finding) => finding.insight).join(' ')}`;
    },
  };
}

/** The activities the demo workflows call. */
export type Activities = ReturnType<typeof createActivities>;

/** Heartbeats at most this often while an activity works. */
const HEARTBEAT_SLICE_MS = 1_000;

/**
 * Works for `ms` milliseconds, heartbeating so that a cancellation from the
 * server reaches the activity; rejects with the `CancelledFailure` as soon as
 * the activity is cancelled.
 */
async function work(ms: number, what: string): Promise<void> {
  const context = Context.current();
  context.log.info(`activity started: ${what}`);
  for (let remaining = ms; remaining > 0; remaining -= HEARTBEAT_SLICE_MS) {
    context.heartbeat();
    await context.sleep(Math.min(remaining, HEARTBEAT_SLICE_MS));
  }
  context.log.info(`activity finished: ${what}`);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A stable pseudo-relevance in [0, 1) from the text (FNV-1a). */
function score(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.round((hash / 0x1_0000_0000) * 1000) / 1000;
}
