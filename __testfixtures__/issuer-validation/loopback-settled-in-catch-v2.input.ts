/**
 * A terminal chat client on the v2 SDK: connecting throws UnauthorizedError, and the catch
 * clause waits for the loopback redirect, redeems the code and logs it. The promise and the
 * code are consts of the catch block, and the code is also logged: the promise can carry the
 * redirect's search params instead, and the log line keeps printing the code.
 */
import { createServer } from 'node:http';
import { Client, StreamableHTTPClientTransport, UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/client';

const PORT = 7781;

export class TerminalChat {
  private readonly client = new Client({ name: 'terminal-chat', version: '0.3.0' });

  constructor(private readonly endpoint: URL, private readonly provider: OAuthClientProvider) {}

  private async nextRedirect(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const listener = createServer((req, res) => {
        const query = new URL(req.url ?? '/', `http://localhost:${PORT}`).searchParams;
        const code = query.get('code');
        if (!code) {
          res.writeHead(400).end('no code in this redirect');
          reject(new Error(query.get('error') ?? 'the redirect carried no code'));
          listener.close();
          return;
        }
        res.end('Done. Back to the terminal.');
        resolve(code);
        listener.close();
      });
      listener.listen(PORT);
    });
  }

  async open(): Promise<void> {
    const transport = new StreamableHTTPClientTransport(this.endpoint, { authProvider: this.provider });
    try {
      await this.client.connect(transport);
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      const redirect = this.nextRedirect();
      const received = await redirect;
      await transport.finishAuth(received);
      console.info(`signed in with code ${received}`);
      await this.open();
    }
  }
}
