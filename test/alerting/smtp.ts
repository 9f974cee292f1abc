// The real smtp-server package on 127.0.0.1, plain SMTP (no STARTTLS), recording each message;
// `failWith` makes it refuse messages with that SMTP code (451 temporary, 550 permanent).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface TestSmtp {
  host: string;
  port: number;
  mails: ReceivedMail[];
  failWith: number | null;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state = { mails: [] as ReceivedMail[], failWith: null as number | null };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.failWith) {
          const e = new Error(state.failWith >= 500 ? 'mailbox unavailable' : 'try again later') as Error & { responseCode: number };
          e.responseCode = state.failWith;
          return callback(e);
        }
        state.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  const out = state as TestSmtp;
  out.host = '127.0.0.1';
  out.port = port;
  out.close = () => new Promise<void>((r) => server.close(() => r()));
  return out;
}

/** The decoded subject line of a raw message. */
export function subjectOf(raw: string): string {
  const m = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw);
  return (m?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
}
