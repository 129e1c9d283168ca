// The softphone: the person's line, its calls with the buttons a desk
// phone has, and a keypad. Its buttons act as the person's own device,
// not through the call-control API the bot uses.

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

const STATE_LABELS = {
  connecting: 'Calling…',
  alerting: 'Ringing',
  connected: 'Connected',
  held: 'On hold',
  remoteHeld: 'Held by the other side',
  disconnected: 'Ended',
};

/** Whether the far end is outside the sandbox: nobody's console plays it. */
function isOutside(call) {
  return call.remoteParty?.callType === 'external';
}

/**
 * The buttons for a call in a state: [action, label, style]. A call to or
 * from an outside party also gets that party's own moves ("They answer",
 * "They hang up"), so one person can play both ends; the sandbox API acts
 * as the far end for a connecting call's answer and for a hangup.
 */
function actionsFor(call) {
  const outside = isOutside(call);
  switch (call.state) {
    case 'alerting':
      return [
        ['answer', 'Answer', 'good'],
        ['hangup', 'Decline', 'bad'],
      ];
    case 'connected':
    case 'remoteHeld':
      return [
        ['hold', 'Hold', 'plain'],
        ['hangup', 'Hang up', 'bad'],
        ...(outside ? [['hangup', 'They hang up', 'far']] : []),
      ];
    case 'held':
      return [
        ['resume', 'Resume', 'good'],
        ['hangup', 'Hang up', 'bad'],
        ...(outside ? [['hangup', 'They hang up', 'far']] : []),
      ];
    case 'connecting':
      return [
        ...(outside ? [['answer', 'They answer', 'far']] : []),
        ['hangup', 'Cancel', 'bad'],
      ];
    default:
      return [];
  }
}

/** Badges for what the call's own fields say: muted, recording. */
function badgesFor(call) {
  const badges = [];
  if (call.muted) badges.push(['muted', 'muted']);
  if (call.recordingState === 'started' || call.recordingState === 'pending') {
    badges.push(['recording', 'recording']);
  } else if (call.recordingState === 'paused') {
    badges.push(['recording', 'recording paused']);
  }
  return badges;
}

function describeParty(party) {
  if (!party || party.privacyEnabled) return 'Private number';
  if (party.name && party.number) return `${party.name} (${party.number})`;
  return party.name ?? party.number ?? 'Unknown';
}

function describeDirection(call) {
  if (call.personality === 'terminator') return 'Incoming';
  if (call.personality === 'clickToDial') return 'Dialling for you';
  return 'Outgoing';
}

export class Phone {
  /**
   * @param {object} elements line, calls, keypad form, keys, dial input
   * @param {(callId: string, action: string) => void} onAction
   */
  constructor(elements, onAction) {
    this.elements = elements;
    this.onAction = onAction;
    for (const key of KEYS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = key;
      button.dataset.testid = `key-${key}`;
      button.addEventListener('click', () => {
        elements.dialInput.value += key;
        elements.dialInput.focus();
      });
      elements.keys.append(button);
    }
  }

  /** Shows `person`'s line and its `calls` (Webex `Call` objects). */
  show(person, calls) {
    const number = [
      person.extension && `ext ${person.extension}`,
      person.phoneNumber,
    ]
      .filter(Boolean)
      .join(' · ');
    this.elements.line.textContent = number || 'No Webex Calling line';

    const items = calls.map((call) => this.renderCall(call));
    if (items.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.dataset.testid = 'phone-idle';
      empty.textContent = 'No calls. Dial out, or ring yourself below.';
      items.push(empty);
    }
    this.elements.calls.replaceChildren(...items);
  }

  renderCall(call) {
    const item = document.createElement('li');
    item.className = 'call';
    item.dataset.testid = 'phone-call';
    item.dataset.state = call.state;
    item.dataset.callId = call.id;

    const party = document.createElement('span');
    party.className = 'call-party';
    party.dataset.testid = 'call-party';
    party.textContent = describeParty(call.remoteParty);

    const state = document.createElement('span');
    state.className = 'call-state';
    state.dataset.testid = 'call-state';
    const label = STATE_LABELS[call.state] ?? call.state;
    state.textContent = `${describeDirection(call)} · ${label}`;
    for (const [kind, text] of badgesFor(call)) {
      const badge = document.createElement('span');
      badge.className = `badge badge-${kind}`;
      badge.dataset.testid = `call-${kind}`;
      badge.textContent = text;
      state.append(' ', badge);
    }

    const actions = document.createElement('div');
    actions.className = 'call-actions';
    for (const [action, text, style] of actionsFor(call)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = style;
      button.textContent = text;
      if (style === 'far') button.title = 'Act as the other party';
      button.dataset.testid = `call-${text.toLowerCase().replace(/\s+/g, '')}`;
      button.addEventListener('click', () => {
        button.disabled = true;
        this.onAction(call.id, action);
      });
      actions.append(button);
    }

    item.append(party, state, actions);
    return item;
  }
}
