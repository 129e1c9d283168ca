// The console's controller: who you are, and keeping the chat, the phone
// and the delivery log in step with the emulator. Every change the
// emulator announces triggers one refresh of what is on screen.
import { Chat } from './chat.js';
import { checkCallerNumber, checkDestination } from './dial-check.js';
import { Phone } from './phone.js';
import { sandbox, watchSandbox, webex } from './sandbox-api.js';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const MAX_DELIVERIES = 60;

const view = {
  personSelect: byTestId('person-select'),
  botName: byTestId('bot-name'),
  botEmail: byTestId('bot-email'),
  botAvatar: byTestId('bot-avatar'),
  chatForm: byTestId('chat-form'),
  chatInput: byTestId('chat-input'),
  deliveryLog: byTestId('delivery-log'),
  live: byTestId('live-status'),
  toast: byTestId('toast'),
  personNotice: byTestId('person-notice'),
  dialError: byTestId('dial-error'),
  ringError: byTestId('ring-error'),
};

let snapshot = null;
let meEmail = new URLSearchParams(location.search).get('as');
meEmail ??= localStorage.getItem('sandbox.me');

const chat = new Chat(byTestId('chat-messages'), (messageId, inputs) =>
  act(() => webex.submitCard(tokenOf(me()), messageId, inputs)),
);

const phone = new Phone(
  {
    line: byTestId('phone-line'),
    calls: byTestId('phone-calls'),
    keys: byTestId('keypad-keys'),
    dialInput: byTestId('dial-input'),
  },
  (callId, action) => act(() => sandbox.callAction(callId, action)),
);

// --- who is who -------------------------------------------------------

const peopleIn = (state) => state?.people ?? [];
const tokenOf = (person) => person?.accessToken ?? person?.token;
const bot = () => peopleIn(snapshot).find((person) => person.type === 'bot');
const humans = () =>
  peopleIn(snapshot).filter((person) => person.type !== 'bot');

function me() {
  const people = humans();
  return people.find((person) => person.email === meEmail) ?? people[0];
}

function showPeople() {
  const people = humans();
  const options = people.map((person) => {
    const option = document.createElement('option');
    option.value = person.email;
    option.textContent = `${person.displayName} (${person.email})`;
    return option;
  });
  view.personSelect.replaceChildren(...options);
  view.personSelect.value = me()?.email ?? '';
  showPersonNotice();

  const theBot = bot();
  if (theBot) {
    view.botName.textContent = theBot.displayName;
    view.botEmail.textContent = `${theBot.email} · your 1:1 space`;
    view.botAvatar.textContent = theBot.displayName.slice(0, 1);
    view.chatInput.placeholder = `Message ${theBot.displayName}, e.g. /help`;
  }
}

/** Says so when the person asked for (`?as=`, or last time's) is gone. */
function showPersonNotice() {
  const shown = me();
  const missing =
    meEmail && shown && shown.email.toLowerCase() !== meEmail.toLowerCase();
  view.personNotice.hidden = !missing;
  if (missing) {
    view.personNotice.textContent = `There is no sandbox person ${meEmail}: showing ${shown.displayName} (${shown.email}) instead. Add them with "Add a person", or pick someone.`;
  }
}

/** Shows `message` under a form, or hides it when undefined. */
function showFormError(element, message) {
  element.textContent = message ?? '';
  element.hidden = message === undefined;
}

// --- refresh ------------------------------------------------------------

let refreshing = null;
let again = false;

/** Refreshes everything; calls made meanwhile coalesce into one more. */
function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = load()
    .catch((error) => toast(error.message))
    .finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        void refresh();
      }
    });
  return refreshing;
}

async function load() {
  const [state, deliveries] = await Promise.all([
    sandbox.state(),
    sandbox.deliveries(),
  ]);
  snapshot = state;
  showPeople();
  showDeliveries(deliveries?.items ?? deliveries ?? []);

  const person = me();
  const theBot = bot();
  if (!person) return;
  const token = tokenOf(person);
  const [messages, calls] = await Promise.all([
    theBot ? webex.directMessages(token, theBot.email) : { items: [] },
    webex.calls(token),
  ]);
  if (theBot) {
    const atEnd = isScrolledToEnd();
    chat.show(messages.items, person, theBot);
    if (atEnd) chat.scrollToEnd();
  }
  phone.show(person, calls.items);
}

function isScrolledToEnd() {
  const list = chat.list;
  return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
}

function showDeliveries(attempts) {
  const items = [...attempts]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, MAX_DELIVERIES)
    .map(renderDelivery);
  if (items.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'Nothing delivered yet.';
    items.push(empty);
  }
  view.deliveryLog.replaceChildren(...items);
}

function renderDelivery(attempt) {
  const item = document.createElement('li');
  item.className = 'delivery';
  item.dataset.testid = 'delivery';

  const kind = document.createElement('span');
  kind.className = 'delivery-kind';
  // What the event was about: a call's change, or who wrote a message.
  const data = attempt.body?.data ?? {};
  const about = data.eventType ?? data.personEmail;
  kind.textContent = `${attempt.resource} ${attempt.event}${
    about ? ` · ${about}` : ''
  }`;
  kind.title = kind.textContent;

  const when = document.createElement('span');
  when.className = 'muted';
  when.textContent = new Date(attempt.at).toLocaleTimeString();

  const ok = attempt.status !== null && attempt.status < 300;
  const status = document.createElement('span');
  status.className = 'status';
  status.dataset.ok = String(ok);
  status.dataset.testid = 'delivery-status';
  status.textContent = attempt.status ?? attempt.error ?? 'failed';

  const target = document.createElement('span');
  target.className = 'delivery-target';
  const retry = attempt.attempt > 1 ? ` · attempt ${attempt.attempt}` : '';
  const path = new URL(attempt.targetUrl).pathname;
  target.textContent = `→ ${path} · ${attempt.durationMs} ms${retry}`;
  target.title = attempt.error ?? attempt.targetUrl;

  item.append(kind, when, status, target);
  return item;
}

// --- actions ------------------------------------------------------------

/** Runs a user action, shows its failure, then refreshes. */
async function act(action) {
  try {
    await action();
  } catch (error) {
    toast(error.message);
  }
  await refresh();
}

let toastTimer;
function toast(message) {
  view.toast.textContent = message;
  view.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    view.toast.hidden = true;
  }, 5000);
}

view.personSelect.addEventListener('change', () => {
  meEmail = view.personSelect.value;
  localStorage.setItem('sandbox.me', meEmail);
  void refresh();
});

view.chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.chatInput.value.trim();
  const [person, theBot] = [me(), bot()];
  if (!text || !person || !theBot) return;
  view.chatInput.value = '';
  void act(() =>
    sandbox.sendMessage({
      fromEmail: person.email,
      toEmail: theBot.email,
      text,
    }),
  ).then(() => chat.scrollToEnd());
});

byTestId('keypad').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byTestId('dial-input');
  const person = me();
  if (!input.value.trim() || !person) return;
  const checked = checkDestination(input.value, humans());
  showFormError(view.dialError, checked.error);
  if (checked.error) return;
  void act(() => sandbox.placeCall(person.email, checked.to));
});

byTestId('ring-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = byTestId('ring-from').value;
  const name = byTestId('ring-name').value.trim();
  const person = me();
  if (!from.trim() || !person) return;
  const checked = checkCallerNumber(from);
  showFormError(view.ringError, checked.error);
  if (checked.error) return;
  void act(() =>
    sandbox.placeCall(checked.from, person.email, name || undefined),
  );
});

byTestId('dial-input').addEventListener('input', () =>
  showFormError(view.dialError, undefined),
);
byTestId('ring-from').addEventListener('input', () =>
  showFormError(view.ringError, undefined),
);

byTestId('add-person-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const error = byTestId('add-person-error');
  const person = Object.fromEntries(new FormData(form));
  sandbox
    .addPerson(person)
    .then(() => {
      meEmail = person.email.toLowerCase();
      localStorage.setItem('sandbox.me', meEmail);
      form.reset();
      error.hidden = true;
      byTestId('add-person').open = false;
      return refresh();
    })
    .catch((failure) => {
      error.textContent = failure.message;
      error.hidden = false;
    });
});

watchSandbox(
  () => void refresh(),
  (status) => {
    view.live.dataset.live = status;
    view.live.textContent = status === 'open' ? 'live' : status;
    if (status === 'open') void refresh();
  },
);
void refresh();
