/**
 * Markdown to Webex's html and plain text, and the people a message
 * mentions (`<spark-mention data-object-type="person" ...>`).
 */
import { marked } from 'marked';
import type { EmulatorState } from '../emulator-state.ts';

const MENTION_SYNTAX = /<@(personEmail|personId):([^|>]+)(?:\|([^>]*))?>/g;
const SPARK_MENTION =
  /<spark-mention\s+[^>]*?data-object-type="person"[^>]*?data-object-id="([^"]+)"[^>]*>/g;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * Webex's markdown: `<@personEmail:x|Name>` and `<@personId:id|Name>` become
 * spark-mention tags; the rest is rendered by `marked`.
 */
export function renderMarkdown(markdown: string, state: EmulatorState): string {
  const withMentions = markdown.replace(
    MENTION_SYNTAX,
    (whole, kind: string, key: string, name: string | undefined) => {
      const person =
        kind === 'personEmail'
          ? state.findPersonByEmail(key)
          : state.people.get(key);
      if (!person) return whole;
      const label = escapeHtml(name ?? person.displayName);
      return `<spark-mention data-object-type="person" data-object-id="${person.id}">${label}</spark-mention>`;
    },
  );
  return (marked.parse(withMentions, { async: false }) as string).trim();
}

/** The text a reader sees in html: tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h[1-6]|blockquote|pre)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Ids of the people a message's html mentions, in order, once each. */
export function mentionedPeopleIn(html: string): string[] {
  const ids = [...html.matchAll(SPARK_MENTION)].map((match) => match[1] ?? '');
  return [...new Set(ids.filter(Boolean))];
}
