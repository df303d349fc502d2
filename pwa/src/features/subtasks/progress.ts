// A checklist's progress as rows show it: "2/5", read out as "2 of 5 subtasks done".
import type { Subtask } from '@todo/contracts';

export interface Progress {
  done: number;
  total: number;
}

export function progressOf(subtasks: readonly Pick<Subtask, 'done'>[]): Progress {
  let done = 0;
  for (const s of subtasks) if (s.done) done++;
  return { done, total: subtasks.length };
}

export const progressText = ({ done, total }: Progress) =>
  `${done} of ${total} ${total === 1 ? 'subtask' : 'subtasks'} done`;
