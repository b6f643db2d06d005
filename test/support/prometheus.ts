/**
 * Reads a Prometheus text scrape: its samples, the declared type of each
 * metric, and the sum of the samples that carry given labels. Also the
 * metric names `docs/operations.md` documents, so that a test checks the
 * documentation against the scrape.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One sample line: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed scrape. */
export class Scrape {
  readonly samples: Sample[] = [];
  /** `# TYPE` of each metric: counter, gauge, histogram. */
  readonly types = new Map<string, string>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const declared = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (declared) this.types.set(declared[1] ?? '', declared[2] ?? '');
      const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!sample) continue;
      const labels = Object.fromEntries(
        [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]),
      );
      this.samples.push({ name: sample[1] ?? '', labels, value: Number(sample[3]) });
    }
  }

  /** The sum of the samples of `name` that carry every label of `labels` (0 when there is none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter(
        (sample) =>
          sample.name === name &&
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      )
      .reduce((sum, sample) => sum + sample.value, 0);
  }

  /** The label values of `label` among the samples of `name`. */
  labelValues(name: string, label: string): string[] {
    return [
      ...new Set(
        this.samples.flatMap((sample) => (sample.name === name ? [sample.labels[label] ?? ''] : [])),
      ),
    ];
  }
}

/** Fetches and parses the scrape at `url`. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new Scrape(await response.text());
}

/** The metric names of the table in `docs/operations.md` (its rows that begin with a metric name in backquotes). */
export function documentedMetrics(): string[] {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/operations.md'), 'utf8');
  return [...doc.matchAll(/^\| `(temporal_checkpoint_\w+)`\s*\|/gm)].map((match) => match[1] ?? '');
}

/** The metric names (less `_bucket`, `_count`, `_sum`) the Grafana dashboard in `docs/` queries. */
export function dashboardMetrics(): string[] {
  const dashboard = readFileSync(path.resolve(__dirname, '../../docs/grafana-dashboard.json'), 'utf8');
  const names = [...dashboard.matchAll(/temporal_checkpoint_\w+/g)].map((match) =>
    match[0].replace(/_(bucket|count|sum)$/, ''),
  );
  return [...new Set(names)];
}
