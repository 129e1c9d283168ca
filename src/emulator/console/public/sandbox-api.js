// The console's only way to the emulator: its sandbox control API and,
// with a person's own token, the same Webex REST API the bot uses.

/** A refusal from the emulator, with the message it gave. */
export class SandboxRequestError extends Error {
  constructor(what, status, message) {
    super(`${what} failed (${status}): ${message}`);
    this.name = 'SandboxRequestError';
    this.status = status;
  }
}

async function request(what, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const message =
      json?.message ?? json?.errors?.[0]?.description ?? response.statusText;
    throw new SandboxRequestError(what, response.status, message);
  }
  return json;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const sandbox = {
  state: () => request('Reading the sandbox state', 'GET', '/_sandbox/state'),

  deliveries: () =>
    request('Reading webhook deliveries', 'GET', '/_sandbox/deliveries'),

  addPerson: (person) =>
    request('Adding a person', 'POST', '/_sandbox/people', { body: person }),

  /** Posts as `fromEmail`, as if typed in a Webex app. */
  sendMessage: (message) =>
    request('Sending the message', 'POST', '/_sandbox/messages', {
      body: message,
    }),

  /**
   * Rings `to` from `from` (a person's email, a number or an extension);
   * `name` is an outside caller's name.
   */
  placeCall: (from, to, name) =>
    request('Placing the call', 'POST', '/_sandbox/calls', {
      body: { from, to, name },
    }),

  /** Acts on a call as the person's own phone would. */
  callAction: (callId, action) =>
    request(
      `${action[0].toUpperCase()}${action.slice(1)}`,
      'POST',
      `/_sandbox/calls/${encodeURIComponent(callId)}/${action}`,
    ),
};

export const webex = {
  directMessages: (token, personEmail) =>
    request(
      'Reading the chat',
      'GET',
      `/v1/messages/direct?personEmail=${encodeURIComponent(personEmail)}`,
      { token },
    ),

  submitCard: (token, messageId, inputs) =>
    request('Submitting the card', 'POST', '/v1/attachment/actions', {
      token,
      body: { type: 'submit', messageId, inputs },
    }),

  calls: (token) =>
    request('Reading your calls', 'GET', '/v1/telephony/calls', { token }),
};

/**
 * Calls `onChange` for every change the emulator announces, and
 * `onStatus('connecting' | 'open' | 'closed')` as the stream comes and goes.
 * The browser reconnects a dropped stream by itself.
 */
export function watchSandbox(onChange, onStatus) {
  const source = new EventSource('/_sandbox/events');
  source.onopen = () => onStatus('open');
  source.onerror = () =>
    onStatus(
      source.readyState === EventSource.CLOSED ? 'closed' : 'connecting',
    );
  source.onmessage = (event) => onChange(safeJson(event.data));
  // Named events do not reach onmessage; listen for the emulator's kinds.
  for (const type of [
    'person.created',
    'room.created',
    'message.created',
    'message.deleted',
    'attachmentAction.created',
    'webhook.created',
    'webhook.updated',
    'webhook.deleted',
    'delivery.attempted',
    'telephony.emitted',
    'sandbox.reset',
  ]) {
    source.addEventListener(type, (event) => onChange(safeJson(event.data)));
  }
  return () => source.close();
}
