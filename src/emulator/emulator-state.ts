/**
 * Everything the emulator holds in memory, and how it is rebuilt from the
 * seed on start and on reset.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxPerson } from './contract.ts';
import type { PersonClash, PersonIdentifiers } from './people/person-clash.ts';
import { PersonIndex } from './people/person-index.ts';
import type { SeedIntegration, SeedPerson } from './seed.ts';
import { newWebexId, stableUuid, webexId } from './webex-ids.ts';

export interface PersonRecord extends SandboxPerson {
  firstName: string;
  lastName: string;
}

export interface AccessTokenRecord {
  personId: string;
  scopes: string[];
  /** The integration that obtained it; null for a personal or bot token. */
  clientId: string | null;
  /** Epoch ms; null for sandbox tokens that never expire. */
  expiresAt: number | null;
}

export interface RefreshTokenRecord {
  personId: string;
  scopes: string[];
  clientId: string;
  expiresAt: number;
}

export interface RoomRecord {
  id: string;
  type: 'direct' | 'group';
  title: string;
  memberIds: string[];
  created: string;
}

export interface CardAttachment {
  contentType: string;
  content: Record<string, unknown>;
}

export interface MessageRecord {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  toPersonId?: string;
  toPersonEmail?: string;
  text: string;
  markdown?: string;
  html?: string;
  personId: string;
  personEmail: string;
  mentionedPeople?: string[];
  attachments?: CardAttachment[];
  created: string;
}

export interface AttachmentActionRecord {
  id: string;
  personId: string;
  roomId: string;
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
  created: string;
}

export interface WebhookRecord {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter: string | null;
  secret: string | null;
  orgId: string;
  createdBy: string;
  appId: string;
  ownedBy: 'creator' | 'org';
  status: 'active' | 'inactive';
  created: string;
}

/** Scopes of a sandbox person's personal access token. */
export const PERSON_TOKEN_SCOPES = [
  'spark:all',
  'spark:kms',
  'spark:people_read',
  'spark:messages_read',
  'spark:messages_write',
  'spark:rooms_read',
  'spark:calls_read',
  'spark:calls_write',
  'spark-admin:telephony_config_read',
];

/** Bots cannot use Webex Calling APIs: no `spark:calls_*` scopes. */
export const BOT_TOKEN_SCOPES = [
  'spark:all',
  'spark:kms',
  'spark:people_read',
  'spark:messages_read',
  'spark:messages_write',
  'spark:rooms_read',
  'spark:memberships_read',
];

export const SANDBOX_ORG_UUID = stableUuid('wxc-callcontrol sandbox org');
export const SANDBOX_ORG_ID = webexId('ORGANIZATION', SANDBOX_ORG_UUID);
export const SANDBOX_LOCATION_ID = webexId(
  'LOCATION',
  stableUuid('wxc-callcontrol sandbox location'),
);
/** The app id of webhooks made with a personal or bot token. */
export const SANDBOX_APP_ID = webexId(
  'APPLICATION',
  stableUuid('wxc-callcontrol sandbox developer portal'),
);

/** A random opaque token in Webex's `<random>_PF84_<orgUuid>` form. */
export function newOpaqueToken(bytes = 48): string {
  return `${randomBytes(bytes).toString('base64url')}_PF84_${SANDBOX_ORG_UUID}`;
}

export class EmulatorState {
  integrations = new Map<string, SeedIntegration>();
  accessTokens = new Map<string, AccessTokenRecord>();
  refreshTokens = new Map<string, RefreshTokenRecord>();
  rooms = new Map<string, RoomRecord>();
  messages = new Map<string, MessageRecord>();
  attachmentActions = new Map<string, AttachmentActionRecord>();
  webhooks = new Map<string, WebhookRecord>();
  /** Personal tokens by email, minted once so a reset keeps them. */
  private readonly personalTokens = new Map<string, string>();
  /**
   * People change only through `load` and `addPerson`, which keep the
   * indexes below in step; hence the read-only view.
   */
  private readonly peopleById = new Map<string, PersonRecord>();
  private readonly personIndex = new PersonIndex<PersonRecord>();
  /** Each person's never-expiring token, by person id. */
  private readonly personalTokenIds = new Map<string, string>();
  /** 1:1 rooms by the pair of their members. */
  private readonly directRooms = new Map<string, RoomRecord>();

  constructor(private readonly now: () => number) {}

  /** Sandbox people and bots by id, in the order they were added. */
  get people(): ReadonlyMap<string, PersonRecord> {
    return this.peopleById;
  }

  /** Forgets everything and loads the seed again. */
  load(seed: { people: SeedPerson[]; integrations: SeedIntegration[] }): void {
    for (const map of [
      this.peopleById,
      this.integrations,
      this.accessTokens,
      this.refreshTokens,
      this.rooms,
      this.messages,
      this.attachmentActions,
      this.webhooks,
      this.personalTokenIds,
      this.directRooms,
    ]) {
      map.clear();
    }
    this.personIndex.clear();
    for (const person of seed.people) this.addPerson(person, true);
    for (const integration of seed.integrations) {
      this.integrations.set(integration.clientId, integration);
    }
  }

  /** Adds a person or bot with its never-expiring personal token. */
  addPerson(
    input: SeedPerson,
    stable = false,
  ): { person: PersonRecord; accessToken: string } {
    const email = input.email.toLowerCase();
    const type = input.type ?? 'person';
    const [firstName = '', ...rest] = input.displayName.split(' ');
    const person: PersonRecord = {
      id: stable
        ? webexId('PEOPLE', stableUuid(`person:${email}`))
        : newWebexId('PEOPLE'),
      email,
      displayName: input.displayName,
      firstName,
      lastName: rest.join(' '),
      type,
      extension: type === 'bot' ? null : (input.extension ?? null),
      phoneNumber: type === 'bot' ? null : (input.phoneNumber ?? null),
      orgId: SANDBOX_ORG_ID,
      locationId: SANDBOX_LOCATION_ID,
      created: new Date(this.now()).toISOString(),
    };
    const accessToken =
      input.accessToken ?? this.personalTokens.get(email) ?? newOpaqueToken(32);
    this.personalTokens.set(email, accessToken);
    this.peopleById.set(person.id, person);
    this.personIndex.add(person);
    this.setPersonalToken(accessToken, person);
    return { person, accessToken };
  }

  findPersonByEmail(email: string): PersonRecord | undefined {
    return this.personIndex.byEmailAddress(email);
  }

  /** The person an extension, phone number or national number reaches. */
  findPersonByNumber(number: string): PersonRecord | undefined {
    return this.personIndex.byDialedNumber(number);
  }

  /** Which identifier of a would-be newcomer someone already has. */
  findPersonClash(candidate: PersonIdentifiers): PersonClash | undefined {
    return this.personIndex.findClash(candidate);
  }

  /** The never-expiring token of a sandbox person. */
  personalTokenOf(personId: string): string | undefined {
    return this.personalTokenIds.get(personId);
  }

  /** The 1:1 room of two people, created on first use. */
  directRoom(a: string, b: string): RoomRecord {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    const known = this.directRooms.get(key);
    if (known !== undefined && this.rooms.get(known.id) === known) {
      return known;
    }

    const other = this.people.get(b);
    const room: RoomRecord = {
      id: newWebexId('ROOM'),
      type: 'direct',
      title: other?.displayName ?? 'Direct',
      memberIds: a === b ? [a] : [a, b],
      created: new Date(this.now()).toISOString(),
    };
    this.rooms.set(room.id, room);
    this.directRooms.set(key, room);
    return room;
  }

  private setPersonalToken(token: string, person: PersonRecord): void {
    // A token seeded twice belongs to the last person given it.
    const previous = this.accessTokens.get(token);
    if (
      previous?.clientId === null &&
      this.personalTokenIds.get(previous.personId) === token
    ) {
      this.personalTokenIds.delete(previous.personId);
    }
    this.accessTokens.set(token, {
      personId: person.id,
      scopes: person.type === 'bot' ? BOT_TOKEN_SCOPES : PERSON_TOKEN_SCOPES,
      clientId: null,
      expiresAt: null,
    });
    if (!this.personalTokenIds.has(person.id)) {
      this.personalTokenIds.set(person.id, token);
    }
  }
}
