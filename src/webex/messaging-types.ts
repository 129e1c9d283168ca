/**
 * Messaging-side Webex types (people, messages, attachment actions,
 * webhooks and their deliveries), following the official OpenAPI schemas
 * of the messaging spec. Fields the spec marks optional stay optional.
 */

/** A Webex list response; paginated lists add a `Link` header. */
export interface ItemsResponse<T> {
  items: T[];
}

export interface PhoneNumber {
  type: 'work' | 'work_extension' | 'mobile' | 'fax' | (string & {});
  value: string;
  primary?: boolean;
}

export interface SipAddress {
  type: 'personal-room' | 'enterprise' | 'cloud-calling' | (string & {});
  value: string;
  primary?: boolean;
}

export interface PersonAddress {
  type?: string;
  country?: string;
  locality?: string;
  region?: string;
  streetAddress?: string;
  postalCode?: string;
}

export type PersonStatus =
  | 'active'
  | 'call'
  | 'DoNotDisturb'
  | 'inactive'
  | 'meeting'
  | 'OutOfOffice'
  | 'pending'
  | 'presenting'
  | 'unknown';

/** `GET /people/me`, `GET /people/{personId}`. */
export interface Person {
  id: string;
  emails?: string[];
  phoneNumbers?: PhoneNumber[];
  extension?: string;
  locationId?: string;
  displayName?: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  avatar?: string;
  orgId?: string;
  roles?: string[];
  licenses?: string[];
  department?: string;
  manager?: string;
  managerId?: string;
  title?: string;
  addresses?: PersonAddress[];
  created?: string;
  lastModified?: string;
  timezone?: string;
  lastActivity?: string;
  siteUrls?: string[];
  sipAddresses?: SipAddress[];
  xmppFederationJid?: string;
  status?: PersonStatus;
  invitePending?: 'true' | 'false';
  loginEnabled?: 'true' | 'false';
  type?: 'person' | 'bot' | 'appuser';
}

/** An adaptive card attached to a message (one card per message). */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Record<string, unknown>;
}

/**
 * `POST /messages`. One of roomId, toPersonId or toPersonEmail names the
 * target; text and markdown are each limited to 7439 bytes.
 */
export interface CreateMessageRequest {
  roomId?: string;
  parentId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  files?: string[];
  attachments?: CardAttachment[];
}

/** A message as `POST /messages` and `GET /messages/{id}` return it. */
export interface Message {
  id: string;
  parentId?: string;
  roomId?: string;
  roomType?: 'direct' | 'group';
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  html?: string;
  files?: string[];
  personId?: string;
  personEmail?: string;
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  attachments?: CardAttachment[];
  created?: string;
  updated?: string;
  isVoiceClip?: boolean;
}

/** `GET /messages` query; bots must pass mentionedPeople=me in groups. */
export interface ListMessagesQuery {
  roomId: string;
  parentId?: string;
  mentionedPeople?: string;
  before?: string;
  beforeMessage?: string;
  max?: number;
}

/** `GET /messages/direct` query: one of personId or personEmail. */
export interface ListDirectMessagesQuery {
  personId?: string;
  personEmail?: string;
  parentId?: string;
}

/** `GET /attachment/actions/{id}`: an adaptive-card submit. */
export interface AttachmentActivity {
  id?: string;
  personId?: string;
  roomId?: string;
  type: 'submit';
  messageId: string;
  inputs?: Record<string, unknown>;
  created?: string;
}

export type WebhookResource =
  | 'attachmentActions'
  | 'messages'
  | 'rooms'
  | 'memberships'
  | 'telephony_calls'
  | (string & {});

/** `all` is accepted by Webex though the spec's enum omits it. */
export type WebhookEvent =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'all'
  | (string & {});

export interface Webhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: WebhookEvent;
  filter?: string;
  secret?: string;
  status?: 'active' | 'inactive';
  created?: string;
  orgId?: string;
  createdBy?: string;
  /** base64 of ciscospark://us/APPLICATION/<client id> for integrations. */
  appId?: string;
  ownedBy?: 'creator' | 'org' | (string & {});
}

export interface CreateWebhookRequest {
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: WebhookEvent;
  filter?: string;
  secret?: string;
  ownedBy?: string;
}

/** Only these fields are honoured; `status` can only reactivate. */
export interface UpdateWebhookRequest {
  name: string;
  targetUrl: string;
  secret?: string;
  ownedBy?: string;
  status?: 'active';
}

export interface ListWebhooksQuery {
  max?: number;
  ownedBy?: 'org';
}

/**
 * A webhook delivery: the webhook's own attributes, the actual `event`
 * (even for webhooks registered with `all`) and the event's `data`.
 */
export interface WebhookEnvelope<TData> {
  id: string;
  name: string;
  targetUrl: string;
  resource: WebhookResource;
  event: 'created' | 'updated' | 'deleted' | (string & {});
  filter?: string;
  orgId?: string;
  createdBy?: string;
  appId?: string;
  ownedBy?: string;
  status?: string;
  /** When the webhook was created, not when the event happened. */
  created?: string;
  actorId?: string;
  data: TData;
}

/** `messages`/`created`: metadata only; fetch the message for its text. */
export interface MessageEventData {
  id: string;
  roomId: string;
  roomType?: 'direct' | 'group';
  personId: string;
  personEmail?: string;
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  files?: string[];
  created?: string;
}

/** `attachmentActions`/`created`: fetch the action for its inputs. */
export interface AttachmentActionEventData {
  id: string;
  type: 'submit';
  messageId: string;
  personId: string;
  roomId: string;
  created?: string;
}
