/**
 * A public HTTPS URL for a bot running on a laptop: an ngrok tunnel to
 * the local port, opened when NGROK_AUTHTOKEN is set and PUBLIC_URL is
 * not. Webex's webhook deliveries then reach the bot through it.
 */
import type { Logger } from 'pino';

export interface Tunnel {
  /** The public base URL, e.g. https://1234-abcd.ngrok-free.app. */
  url: string;
  close(): Promise<void>;
}

export class TunnelError extends Error {
  override name = 'TunnelError';
}

export async function openTunnel(options: {
  authtoken: string;
  port: number;
  logger: Pick<Logger, 'info'>;
}): Promise<Tunnel> {
  // Loaded on demand: the agent ships a native binary per platform, and
  // a bot with PUBLIC_URL set never needs it.
  const ngrok = await import('@ngrok/ngrok');

  let listener: Awaited<ReturnType<typeof ngrok.forward>>;
  try {
    listener = await ngrok.forward({
      addr: options.port,
      authtoken: options.authtoken,
    });
  } catch (error) {
    // The agent's messages never contain the token.
    throw new TunnelError(
      `Could not open an ngrok tunnel: ${(error as Error).message}. ` +
        'Check NGROK_AUTHTOKEN, or set PUBLIC_URL instead.',
    );
  }

  const url = listener.url();
  if (url === null) {
    await listener.close();
    throw new TunnelError('The ngrok tunnel opened without a public URL.');
  }
  options.logger.info({ url }, 'ngrok tunnel open');
  return { url, close: () => listener.close() };
}
