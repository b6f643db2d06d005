/**
 * Request URLs as the API's hooks read and repeat them.
 *
 * Node zone.
 *
 * @module
 */

/** The path of `url`, without its query string. */
export function pathOf(url: string): string {
  return url.split('?')[0] ?? '';
}

/** At most 100 characters of `text`: what a message or log line repeats of a URL. */
export function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
