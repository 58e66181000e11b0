// A real SMTP listener for tests (smtp-server on 127.0.0.1), keeping every mail it receives parsed
// with mailparser. `waitForMail` waits for a mail to arrive (an event), never for a fixed time.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

type Hooks = { after(fn: () => unknown): void };

export type SmtpOptions = {
  /** A given port (to bring a listener back where a transport already points); 0 picks a free one. */
  port?: number;
  /** Recipients refused at RCPT TO, with a 550 that quotes the address as relays do. */
  refuse?: (address: string) => boolean;
};

export type TestSmtp = {
  /** smtp://127.0.0.1:PORT, for smtpTransport or SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received, in the order it arrived. */
  messages: ParsedMail[];
  /** The first mail (received already or still to come) that `match` accepts; fails after `timeoutMs`. */
  waitForMail(match?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
};

/** Starts a listener, closed after the test when `t` is given. */
export async function startSmtp(t?: Hooks, options: SmtpOptions = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const arrivals = new EventEmitter();
  const server = new SMTPServer({
    // Plain SMTP, no login: the client is Haven on the same host.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const refusal = Object.assign(new Error(`<${address.address}>: Recipient address rejected: no such user`), { responseCode: 550 });
        callback(refusal);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          arrivals.emit('mail', mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that goes away mid-session is not the test's failure.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve())));
  t?.after(close);

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    close,
    waitForMail(match = () => true, timeoutMs = 10_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMail = (mail: ParsedMail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', onMail);
          const subjects = messages.map((m) => JSON.stringify(m.subject ?? '')).join(', ') || 'none';
          reject(new Error(`no matching mail within ${timeoutMs} ms (received ${messages.length}: ${subjects})`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
  };
}

/** The address a parsed mail was sent to (its first To address). */
export function recipientOf(mail: ParsedMail): string | undefined {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address;
}
