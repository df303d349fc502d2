import { SearchIcon, CloseIcon } from '../../ui/icons.tsx';

/** The header's search: results as you type (the list filters itself), `/` to get here, Escape to clear. */
export function SearchBar({
  value,
  onChange,
  inputRef,
  count,
}: {
  value: string;
  onChange: (v: string) => void;
  inputRef: React.RefObject<HTMLInputElement | null>;
  count: number | null;
}) {
  return (
    <div className="search" role="search">
      <label htmlFor="search-input" className="sr-only">
        Search todos
      </label>
      <SearchIcon className="icon search-icon" />
      <input
        id="search-input"
        ref={inputRef}
        type="search"
        className="search-input"
        value={value}
        placeholder="Search  ( / )"
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
        aria-describedby="search-count"
      />
      {value && (
        <button
          type="button"
          className="icon-button search-clear"
          onClick={() => onChange('')}
          aria-label="Clear search"
        >
          <CloseIcon className="icon icon-sm" />
        </button>
      )}
      <span id="search-count" className="sr-only" aria-live="polite">
        {value && count !== null ? `${count} ${count === 1 ? 'result' : 'results'}` : ''}
      </span>
    </div>
  );
}
