import { highlight } from './query.ts';

/** Text with the words that match the search in <mark>; React escapes the text itself. */
export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) return <>{text}</>;
  return (
    <>
      {highlight(text, words).map((s, i) =>
        s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}

/** The part of a long description around its first match, for search results. */
export function snippet(text: string, words: readonly string[], size = 90): string | null {
  const lower = text.toLowerCase();
  let at = -1;
  for (const w of words) {
    const m = new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u').exec(lower);
    if (m && (at === -1 || m.index < at)) at = m.index + m[1]!.length;
  }
  if (at === -1) return null;
  const start = Math.max(0, at - 30);
  const end = Math.min(text.length, start + size);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
