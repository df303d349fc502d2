import type { Tag } from '@todo/contracts';
import { CloseIcon } from '../../ui/icons.tsx';
import { cx, tagColorClass } from '../../ui/classes.ts';

/**
 * A tag as a chip: colour dot and name; with `onEdit`, the name is a button that opens the tag's
 * dialog; with `onRemove`, a button to take it off.
 */
export function TagChip({ tag, onRemove, onEdit }: { tag: Tag; onRemove?: () => void; onEdit?: () => void }) {
  return (
    <span className={cx('chip', tagColorClass(tag.color))}>
      <span className="chip-dot" aria-hidden="true" />
      {onEdit ? (
        <button
          type="button"
          className="chip-name chip-edit"
          onClick={onEdit}
          aria-label={`Edit tag ${tag.name}`}
          title="Edit tag"
        >
          {tag.name}
        </button>
      ) : (
        <span className="chip-name">{tag.name}</span>
      )}
      {onRemove && (
        <button
          type="button"
          className="chip-remove"
          onClick={onRemove}
          aria-label={`Remove tag ${tag.name}`}
        >
          <CloseIcon className="icon icon-sm" />
        </button>
      )}
    </span>
  );
}
