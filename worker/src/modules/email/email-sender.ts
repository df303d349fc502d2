// Sends one email over SMTP with nodemailer, and sorts a failure into "refused for good" (a 5xx
// answer: no such mailbox, rejected sender) or "try again" (4xx, no connection, timeout).
import nodemailer, { type Transporter } from 'nodemailer';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type EmailOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'refused'; detail: string }
  | { kind: 'retry'; detail: string };

export interface EmailSender {
  send(message: EmailMessage): Promise<EmailOutcome>;
  close(): void;
}

export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: EmailMessage): Promise<EmailOutcome> {
    try {
      const info = await this.transport.sendMail({ from: this.from, ...message });
      return { kind: 'sent', messageId: String(info.messageId ?? '') };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const detail = err instanceof Error ? err.message : String(err);
      return typeof code === 'number' && code >= 500
        ? { kind: 'refused', detail }
        : { kind: 'retry', detail };
    }
  }

  close(): void {
    this.transport.close();
  }
}
