/**
 * Times as a person reads them: "Tue, Dec 15, 2026, 4:20 PM CET". Uses the
 * person's Webex time zone when known, else the server's.
 */

export function formatLocalTime(epochMs: number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-US', {
      ...options,
      ...(timeZone === undefined ? {} : { timeZone }),
    }).format(epochMs);
  } catch {
    // An unknown zone name from Webex: the server's zone still reads well.
    return new Intl.DateTimeFormat('en-US', options).format(epochMs);
  }
}
