// What the softphone accepts to dial, checked before anything is placed:
// what a phone's keypad can send (digits, * and #, a leading +) or the
// email of a sandbox person.

/** Spacing people type in numbers, which a phone ignores. */
const SEPARATORS = /[\s().-]/g;
const KEYPAD = /^\+?[0-9*#]+$/;

/** The number as a phone would send it, or undefined if it is none. */
export function phoneNumber(text) {
  const number = text.replace(SEPARATORS, '');
  return KEYPAD.test(number) ? number : undefined;
}

/**
 * What the keypad dials for `text`: `{ to }`, or `{ error }` saying why
 * it cannot be dialled. `people` are the sandbox people with a phone.
 */
export function checkDestination(text, people) {
  const value = text.trim();
  if (value.includes('@')) {
    const wanted = value.toLowerCase();
    const person = people.find((p) => p.email.toLowerCase() === wanted);
    if (person) return { to: person.email };
    return {
      error: `${value} cannot be dialled: no sandbox person has that email. Dial a number or extension, or add the person first.`,
    };
  }
  const number = phoneNumber(value);
  if (number) return { to: number };
  return {
    error: `${value} cannot be dialled: use digits, * and # (with a leading + for an international number), or a sandbox person's email.`,
  };
}

/** The outside number a caller rings from: `{ from }` or `{ error }`. */
export function checkCallerNumber(text) {
  const value = text.trim();
  const number = phoneNumber(value);
  if (number) return { from: number };
  return {
    error: `${value} is not a phone number: give the caller's number in digits, e.g. +15555550199.`,
  };
}
