/**
 * Webex stamps each webhook with the `appId` of the application that
 * created it: base64url, no padding, of
 * `ciscospark://us/APPLICATION/<client id>`. Reconciliation touches only
 * webhooks with ours.
 */

export function integrationAppId(clientId: string): string {
  return Buffer.from(`ciscospark://us/APPLICATION/${clientId}`).toString(
    'base64url',
  );
}

/**
 * True when `appId` names the integration `clientId`. Decoded rather than
 * compared as text: padding and the base64 alphabet vary between sources.
 */
export function isOwnAppId(
  appId: string | undefined,
  clientId: string,
): boolean {
  if (appId === undefined || appId === '') return false;
  const decoded = Buffer.from(appId, 'base64url').toString('utf8');
  const match = /^ciscospark:\/\/[^/]+\/APPLICATION\/(.+)$/.exec(decoded);
  return match?.[1] === clientId;
}
