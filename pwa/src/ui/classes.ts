// Class names from conditions (no style attributes anywhere: the CSP allows only same-origin styles).
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/**
 * Tag colours, none of them a priority's (blue, amber, red, slate: styles.css --p-*). The stored value
 * is the light theme's; styles.css gives each a lighter shade on dark backgrounds (.tag-c0 …).
 */
export const TAG_PALETTE = [
  { color: '#15803d', name: 'Green' },
  { color: '#0f766e', name: 'Teal' },
  { color: '#0e7490', name: 'Cyan' },
  { color: '#6d28d9', name: 'Violet' },
  { color: '#a21caf', name: 'Purple' },
  { color: '#be185d', name: 'Pink' },
  { color: '#4d7c0f', name: 'Olive' },
  { color: '#4f46e5', name: 'Indigo' },
] as const;

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const PALETTE = TAG_PALETTE.map((p) => rgbOf(p.color));

/** The CSS class of a tag colour: the palette's own, or the nearest palette colour for any other. */
export function tagColorClass(color: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return 'tag-c7';
  const rgb = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  let best = 0;
  let bestDistance = Infinity;
  PALETTE.forEach((p, i) => {
    const d = (p[0]! - rgb[0]!) ** 2 + (p[1]! - rgb[1]!) ** 2 + (p[2]! - rgb[2]!) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return `tag-c${best}`;
}
