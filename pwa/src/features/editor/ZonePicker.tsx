// The todo's time zone in the editor: the person's own by default, kept out of the way behind "Change
// time zone"; a todo in another zone says which (with its UTC offset). Picking is a search box over
// the current IANA zones and a list box of the matches (native controls: keyboard and screen readers
// work as everywhere else).
import { useEffect, useId, useMemo, useState } from 'react';
import { zoneLabel, zoneName } from './time-zones.ts';
import type * as ZoneListModule from './zone-list.ts';

type ZoneList = typeof ZoneListModule;

/** The zone list, loaded when an editor first shows (a chunk of its own, kept out of the first load). */
function useZoneList(): ZoneList | null {
  const [list, setList] = useState<ZoneList | null>(null);
  useEffect(() => {
    let live = true;
    void import('./zone-list.ts').then((m) => live && setList(m));
    return () => {
      live = false;
    };
  }, []);
  return list;
}

export function ZonePicker({
  value,
  personZone,
  onChange,
}: {
  value: string;
  personZone: string;
  onChange: (zone: string) => void;
}) {
  const id = useId();
  const list = useZoneList();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  // Links (Asia/Calcutta, as Chromium names India's zone) show under their current names.
  const current = list ? list.canonicalZone(value) : value;
  const own = list ? list.canonicalZone(personZone) : personZone;
  const other = current !== own;
  const matches = useMemo(() => (open && list ? list.searchZones(text) : []), [open, list, text]);
  // The list always holds the todo's zone, so the list box shows what is chosen.
  const shown =
    !list || matches.some((z) => z.name === current)
      ? matches
      : [...list.zoneOptions().filter((z) => z.name === current), ...matches];

  return (
    <div className="zone-picker">
      <p className="zone-line" id={`${id}-zone`}>
        {other ? (
          <>
            Time zone: <strong>{zoneLabel(current)}</strong>
          </>
        ) : (
          <span className="hint">In your time zone, {zoneLabel(current)}</span>
        )}
        {!open && list && (
          <button
            type="button"
            className="link-button"
            onClick={() => setOpen(true)}
            aria-describedby={`${id}-zone`}
          >
            Change time zone
          </button>
        )}
        {other && (
          <button type="button" className="link-button" onClick={() => onChange(own)}>
            Use mine ({zoneName(own)})
          </button>
        )}
      </p>
      {open && (
        <div className="zone-search">
          <label htmlFor={`${id}-search`}>Search time zones</label>
          <input
            id={`${id}-search`}
            type="search"
            value={text}
            autoFocus
            autoComplete="off"
            placeholder="City, country, zone or +05:30"
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${id}-count`}
          />
          <label htmlFor={`${id}-list`}>Time zone</label>
          <select
            id={`${id}-list`}
            size={6}
            value={current}
            onChange={(e) => onChange(e.target.value)}
            aria-describedby={`${id}-count`}
          >
            {shown.map((z) => (
              <option key={z.name} value={z.name}>
                {z.label}
              </option>
            ))}
          </select>
          <p id={`${id}-count`} className="hint" aria-live="polite">
            {matches.length === 1 ? '1 zone' : `${matches.length} zones`}
            {text.trim() ? ` match “${text.trim()}”` : ''}
          </p>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}
