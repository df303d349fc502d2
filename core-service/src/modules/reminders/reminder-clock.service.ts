// The reminder clock: each tick claims the reminders that are due and writes a `reminder.due` event
// for each into the outbox in the same transaction (marking one sent without its event would lose
// it). Ticks come from an in-process timer (embedded) or the Dapr cron binding (cluster); several
// replicas ticking at once claim each reminder once.
import type { ReminderDueData } from '@todo/contracts';
import { remindersClaimed } from '@todo/platform';
import type { UnitOfWork } from '../../db/store.ts';
import { touchTodo, type TodoWriteRepositories } from '../changes/todo-writes.ts';
import type { ClaimedReminder, ReminderClockRepository } from './reminder-clock.repository.ts';

export interface ReminderClockRepositories extends TodoWriteRepositories {
  reminderClock: Pick<ReminderClockRepository, 'claimDue'>;
}

export class ReminderClock {
  constructor(
    private readonly uow: UnitOfWork<ReminderClockRepositories>,
    private readonly now: () => Date = () => new Date(),
    private readonly batch = 200,
  ) {}

  /** Claims and announces every due reminder; returns how many. */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.uow.transaction(async (r) => {
        const now = this.now();
        const due = await r.reminderClock.claimDue(now, this.batch);
        for (const reminder of due) await this.announce(r, reminder, now);
        return due.length;
      });
      total += claimed;
      if (claimed > 0) remindersClaimed.inc({ service: 'core-service' }, claimed);
      if (claimed < this.batch) return total;
    }
  }

  private async announce(r: ReminderClockRepositories, c: ClaimedReminder, now: Date): Promise<void> {
    const data: Omit<ReminderDueData, 'userId'> = {
      todoId: c.todoId,
      reminderId: c.id,
      title: c.title,
      dueAt: c.dueAt ? c.dueAt.toISOString() : null,
      allDay: c.allDay,
      remindAt: c.remindAt.toISOString(),
      timeZone: c.timeZone,
      email: c.emailReminders ? c.email : null,
      push: c.pushReminders,
    };
    await r.changes.emit({ topic: 'reminder-events', type: 'reminder.due', userId: c.userId, data }, now);
    // The reminder now shows as sent on every device.
    await touchTodo(r, c.userId, { id: c.todoId, title: c.title }, now, ['reminderSent']);
  }
}

/** The embedded default's clock: a timer that ticks every `everyMs` and never overlaps itself. */
export function startClockTimer(clock: ReminderClock, everyMs: number, onError: (err: unknown) => void) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    clock
      .tick()
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
