/** Tells a person, once, that their authorization must be renewed. */
import type { AuthorizationService } from '../auth/authorization-service.ts';
import type { Replies } from '../bot/replies/replies.ts';
import type { Session } from '../store/store.ts';

export async function notifyReauthRequired(
  session: Session,
  auth: AuthorizationService,
  replies: Replies,
): Promise<void> {
  const url = await auth.startFlow({
    id: session.personId,
    email: session.email,
  });
  await replies.toPerson(
    session.personId,
    'Webex no longer accepts my authorization to act for you (it expired ' +
      `or was revoked). [Authorize me again](${url}) (the link works ` +
      'once, for 5 minutes).',
  );
}
