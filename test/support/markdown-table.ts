// Reads a table out of a page in docs/, for tests that check a page shows
// what the code holds.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The body rows (cells trimmed) of the first Markdown table after `marker`
 * in `docs/<page>`, leaving out its header and separator lines.
 */
export function docsTableRows(page: string, marker: string): string[][] {
  const text = readFileSync(path.join(__dirname, '../../docs', page), 'utf8');
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`docs/${page} has no ${JSON.stringify(marker)}`);
  const section = text.slice(at);
  const start = section.indexOf('|');
  const lines = section.slice(start).split('\n');
  const end = lines.findIndex((line) => !line.trim().startsWith('|'));
  return lines.slice(2, end < 0 ? undefined : end).map((line) =>
    line
      .trim()
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}
