// The 1:1 chat with the bot: plain text, markdown and adaptive cards,
// rendered the way a Webex app would show them. Cards keep their inputs
// across refreshes: a message is rendered once and only replaced when it
// changes.
import { marked } from './vendor/marked.esm.js';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const SAFE_LINK = /^(https?:|mailto:)/i;

const ESCAPES = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

// Raw HTML inside a message is shown as text, never run.
marked.use({
  gfm: true,
  breaks: true,
  renderer: { html: ({ text }) => escapeHtml(text) },
});

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The emulator's own sign-in page, on the console's origin, or null for any
 * other link. The bot may reach the emulator as 127.0.0.1 while the console
 * is open on localhost: both are this emulator, but two browser origins.
 */
function ownSignInUrl(href) {
  let url;
  try {
    url = new URL(href, location.href);
  } catch {
    return null;
  }
  const loopback =
    LOOPBACK_HOSTS.has(url.hostname) || url.hostname === location.hostname;
  const ours = loopback && url.port === location.port;
  if (!ours || url.pathname !== '/v1/authorize') return null;
  return `${location.origin}${url.pathname}${url.search}`;
}

/**
 * Markdown to a fragment whose links open in a new tab; a link to the
 * emulator's sign-in page shows as a button, so it stands out from the
 * addresses Webex autolinks too.
 */
export function renderMarkdown(markdown) {
  const template = document.createElement('template');
  template.innerHTML = marked.parse(markdown ?? '');
  for (const link of template.content.querySelectorAll('a')) {
    const href = link.getAttribute('href') ?? '';
    if (!SAFE_LINK.test(href)) link.removeAttribute('href');
    link.target = '_blank';
    link.rel = 'noopener';
    const signIn = SAFE_LINK.test(href) ? ownSignInUrl(href) : null;
    if (signIn) {
      link.href = signIn;
      link.className = 'sign-in-link';
      link.title = 'Open the sign-in page';
      link.dataset.testid = 'sign-in-link';
    }
  }
  return template.content;
}

/**
 * A message's body as a Webex app shows it: the sender's markdown
 * rendered, plain text as it was typed (never read as markdown or html).
 */
function renderBody(message) {
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.dataset.testid = 'message-text';
  if (message.markdown) {
    bubble.append(renderMarkdown(message.markdown));
  } else {
    bubble.classList.add('plain');
    bubble.textContent = message.text ?? '';
  }
  return bubble;
}

function setUpAdaptiveCards() {
  const ac = window.AdaptiveCards;
  ac.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const holder = document.createElement('div');
    holder.append(renderMarkdown(text));
    result.outputHtml = holder.innerHTML;
    result.didProcess = true;
  };
  return new ac.HostConfig({
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    spacing: { small: 4, default: 8, medium: 16, large: 20, padding: 14 },
    actions: { actionsOrientation: 'horizontal', buttonSpacing: 8 },
  });
}

/**
 * Renders one adaptive card. `onSubmit(inputs)` receives the submit
 * action's data merged with the card's inputs, as Webex sends them.
 */
function renderCard(content, hostConfig, onSubmit) {
  const ac = window.AdaptiveCards;
  const card = new ac.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => {
    if (action instanceof ac.OpenUrlAction) {
      window.open(action.url, '_blank', 'noopener');
    } else if (action instanceof ac.SubmitAction) {
      onSubmit(action.data ?? {});
    }
  };
  card.parse(content);
  const element = card.render();
  const holder = document.createElement('div');
  holder.className = 'card';
  holder.dataset.testid = 'chat-card';
  if (element) holder.append(element);
  return holder;
}

function formatTime(iso) {
  const date = new Date(iso);
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export class Chat {
  /**
   * @param {HTMLOListElement} list where messages go
   * @param {(messageId: string, inputs: object) => void} onCardSubmit
   */
  constructor(list, onCardSubmit) {
    this.list = list;
    this.onCardSubmit = onCardSubmit;
    this.hostConfig = setUpAdaptiveCards();
    this.rendered = new Map();
    this.conversation = null;
  }

  /**
   * Shows `messages` (newest first, as Webex lists them) of the chat
   * between `me` and `bot`; switching person starts the list afresh.
   */
  show(messages, me, bot) {
    const conversation = `${me.email}|${bot.email}`;
    if (conversation !== this.conversation) {
      this.conversation = conversation;
      this.rendered.clear();
      this.list.replaceChildren();
    }

    // Reversed first: messages of the same millisecond keep their order.
    const sorted = [...messages]
      .reverse()
      .sort((a, b) =>
        a.created === b.created ? 0 : a.created < b.created ? -1 : 1,
      );
    const keep = new Set(sorted.map((message) => message.id));
    for (const [id, entry] of this.rendered) {
      if (!keep.has(id)) {
        entry.element.remove();
        this.rendered.delete(id);
      }
    }

    let previous = null;
    for (const message of sorted) {
      const version = message.updated ?? message.created;
      let entry = this.rendered.get(message.id);
      if (!entry || entry.version !== version) {
        const element = this.renderMessage(message, me, bot);
        if (entry) entry.element.replaceWith(element);
        entry = { element, version };
        this.rendered.set(message.id, entry);
      }
      const wanted = previous ? previous.nextSibling : this.list.firstChild;
      if (wanted !== entry.element) {
        this.list.insertBefore(entry.element, wanted);
      }
      previous = entry.element;
    }

    this.showEmptyHint(sorted.length === 0, bot);
  }

  showEmptyHint(empty, bot) {
    const hint = this.list.querySelector('.empty');
    if (!empty) {
      hint?.remove();
      return;
    }
    if (hint) return;
    const item = document.createElement('li');
    item.className = 'empty';
    item.textContent = `Say hello to ${bot.displayName}: try /help, then /auth.`;
    this.list.append(item);
  }

  renderMessage(message, me, bot) {
    const mine = message.personEmail === me.email;
    const item = document.createElement('li');
    item.className = mine ? 'message mine' : 'message';
    item.dataset.testid = mine ? 'message-mine' : 'message-bot';
    item.dataset.messageId = message.id;

    const meta = document.createElement('span');
    meta.className = 'meta';
    const who = mine ? 'You' : bot.displayName;
    meta.textContent = `${who} · ${formatTime(message.created)}`;
    item.append(meta);

    const cards = (message.attachments ?? []).filter(
      (attachment) => attachment.contentType === CARD_TYPE,
    );
    // Like a Webex app, a card replaces its fallback text.
    if ((message.markdown || message.text) && cards.length === 0) {
      item.append(renderBody(message));
    }
    for (const attachment of cards) {
      item.append(
        renderCard(attachment.content, this.hostConfig, (inputs) =>
          this.onCardSubmit(message.id, inputs),
        ),
      );
    }
    return item;
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
