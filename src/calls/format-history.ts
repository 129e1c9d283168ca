/**
 * `/history`: newest first, in the person's time zone (from
 * `people/me`) or the server's, one line per call.
 */
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
  locale?: string;
}

/** Lines, newest first; an empty history gives a single sentence. */
export function formatHistory(
  records: readonly CallHistoryRecord[],
  options: HistoryFormatOptions,
): string[] {
  const newest = [...records]
    .sort((a, b) => time(b.time) - time(a.time))
    .slice(0, options.limit);
  if (newest.length === 0) return ['No calls in your history.'];

  const format = timeFormat(options.timeZone, options.locale);
  return newest.map((record) => {
    const when = Number.isNaN(time(record.time))
      ? record.time
      : format.format(new Date(record.time));
    const verb = TYPE_WORDS[record.type] ?? String(record.type);
    const who = describeParty(record, 'a private caller');
    return `${when} · ${verb} ${who}`;
  });
}

function timeFormat(
  timeZone: string | undefined,
  locale = 'en-GB',
): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    // An unknown zone name from the profile: fall back to the server's.
    return new Intl.DateTimeFormat(locale, options);
  }
}

function time(iso: string): number {
  return Date.parse(iso);
}
