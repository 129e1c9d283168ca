/**
 * `/history`: newest first, in the person's time zone (from
 * `people/me`) or the server's, one line per call.
 */
import { formatLocalTime } from '../bot/replies/format-time.ts';
import type { CallHistoryRecord } from '../webex/telephony-types.ts';
import { describeParty } from './render/describe-party.ts';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  placed: 'Called',
  received: 'Answered',
  missed: 'Missed',
};

export interface HistoryFormatOptions {
  /** IANA zone such as "America/Denver"; the server's when missing. */
  timeZone?: string | undefined;
  /** Most records to show. */
  limit: number;
  /** The one kind of call asked for, for the sentence of an empty list. */
  type?: CallHistoryRecord['type'] | undefined;
}

/** Lines, newest first; an empty history gives a single sentence. */
export function formatHistory(
  records: readonly CallHistoryRecord[],
  options: HistoryFormatOptions,
): string[] {
  const newest = [...records]
    .sort((a, b) => time(b.time) - time(a.time))
    .slice(0, options.limit);
  if (newest.length === 0) {
    const kind = options.type === undefined ? '' : `${options.type} `;
    return [`No ${kind}calls in your history.`];
  }

  return newest.map((record) => {
    const at = time(record.time);
    const when = Number.isNaN(at)
      ? record.time
      : formatLocalTime(at, options.timeZone);
    const verb = TYPE_WORDS[record.type] ?? String(record.type);
    const who = describeParty(record, 'a private caller');
    return `${when} · ${verb} ${who}`;
  });
}

function time(iso: string): number {
  return Date.parse(iso);
}
