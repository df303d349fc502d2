// The line a person reads in their history about what became of a reminder: which channels really
// delivered it, or why none did ("no channel"). Pure: the dispatcher gathers the facts.
export interface Delivered {
  /** Devices the push service accepted the reminder for. */
  push: number;
  /** Addresses the mail server accepted it for. */
  email: number;
}

/** Why a channel could not deliver: what the person chose, and what this server and their devices have. */
export interface ChannelFacts {
  wantsPush: boolean;
  devices: number;
  wantsEmail: boolean;
  emailConfigured: boolean;
}

export interface Outcome {
  type: 'reminder.delivered' | 'reminder.undelivered';
  summary: string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function quoted(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return `"${flat.length <= 120 ? flat : `${flat.slice(0, 119)}…`}"`;
}

export function reminderOutcome(title: string, sent: Delivered, facts: ChannelFacts): Outcome {
  const reached = [
    ...(sent.push > 0 ? [`pushed to ${plural(sent.push, 'device')}`] : []),
    ...(sent.email > 0 ? ['emailed'] : []),
  ];
  if (reached.length > 0) {
    return { type: 'reminder.delivered', summary: `Reminder for ${quoted(title)} ${reached.join(' and ')}` };
  }
  const push = !facts.wantsPush
    ? 'push is turned off'
    : facts.devices === 0
      ? 'no device is subscribed to push'
      : 'the push service refused it';
  const email = !facts.wantsEmail
    ? 'email reminders are off'
    : !facts.emailConfigured
      ? 'no mail server is configured'
      : 'the mail server refused it';
  return {
    type: 'reminder.undelivered',
    summary: `Reminder for ${quoted(title)}: no channel delivered it (${push}; ${email})`,
  };
}
