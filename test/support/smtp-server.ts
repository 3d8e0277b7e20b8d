import { SMTPServer } from 'smtp-server';

/** One mail as the server received it: envelope recipients, the Message-ID, the decoded subject and text, the raw message. */
export interface ReceivedMail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  raw: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1: it takes every mail and keeps it, decoded, for the
 * test to read. `stop()` closes the port (a mail server that is down); `start()` again listens on the same port.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Runs once a whole mail is kept, before the server answers the sender (a test's way into that moment). */
  onReceived?: (mail: ReceivedMail) => Promise<void> | void;
  /** Connection errors seen while listening (a sender that went away). */
  readonly errors: Error[] = [];
  private server?: SMTPServer;

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      // Plain SMTP on a loopback port, no sign-in: what a test needs, nothing to negotiate.
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = { to: session.envelope.rcptTo.map((r) => r.address), ...decodeMail(raw), raw };
          this.received.push(mail);
          Promise.resolve(this.onReceived?.(mail)).then(
            () => callback(),
            (e: Error) => callback(e),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    // A sender killed mid-conversation resets its connection: expected here, not a reason to bring the test down.
    server.on('error', (e: Error) => this.errors.push(e));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The Message-ID, the subject (RFC 2047 encoded words) and the text body (base64 or quoted-printable) of a single-part mail. */
export function decodeMail(raw: string): { messageId: string; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const subject = header('Subject')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body.replace(/=\r\n/g, ''))
        : body;
  return { messageId: header('Message-ID'), subject, text: text.replace(/\r\n/g, '\n').trimEnd() };
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
