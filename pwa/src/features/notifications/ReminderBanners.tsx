// A due reminder shown in the app when notifications are not allowed here: its todo, the due line,
// Done and Snooze (as a notification offers), and a way to dismiss it.
import { useId } from 'react';
import { BellIcon, CloseIcon } from '../../ui/icons.tsx';
import { completeTodo, snoozeReminder } from '../todos/actions.ts';
import { dismissReminder, useReminderBanners, type ShownReminder } from './in-app-reminders.ts';
import { SNOOZE_MINUTES } from './reminder-notification.ts';

function ReminderBanner({ due }: { due: ShownReminder }) {
  const id = useId();
  const { todo, reminder, key } = due;
  const answer = (action: () => Promise<void>) => () => {
    dismissReminder(key);
    void action();
  };
  return (
    <div className="banner banner-reminder" role="alert" aria-labelledby={id}>
      <BellIcon className="icon" />
      <p id={id} className="banner-text">
        <span className="sr-only">Reminder: </span>
        <strong>{todo.title}</strong> <span>{due.body}</span>
      </p>
      <div className="banner-actions">
        <button
          type="button"
          className="button primary"
          aria-describedby={id}
          onClick={answer(() => completeTodo(todo.id))}
        >
          Done
        </button>
        <button
          type="button"
          className="button"
          aria-describedby={id}
          onClick={answer(() => snoozeReminder(todo.id, reminder.id, SNOOZE_MINUTES))}
        >
          Snooze {SNOOZE_MINUTES} min
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Dismiss reminder"
          aria-describedby={id}
          onClick={() => dismissReminder(key)}
        >
          <CloseIcon className="icon icon-sm" />
        </button>
      </div>
    </div>
  );
}

export function ReminderBanners() {
  const due = useReminderBanners();
  return due.map((d) => <ReminderBanner key={d.key} due={d} />);
}
