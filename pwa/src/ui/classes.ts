// Class names from conditions (no style attributes anywhere: the CSP allows only same-origin styles).
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** The CSS class of a tag colour: the palette's own, or the nearest palette colour for any other. */
const PALETTE: [string, number[]][] = [
  ['#2563eb', [37, 99, 235]],
  ['#16a34a', [22, 163, 74]],
  ['#d97706', [217, 119, 6]],
  ['#dc2626', [220, 38, 38]],
  ['#7c3aed', [124, 58, 237]],
  ['#0891b2', [8, 145, 178]],
  ['#db2777', [219, 39, 119]],
  ['#4b5563', [75, 85, 99]],
];

export function tagColorClass(color: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return 'tag-c7';
  const rgb = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  let best = 0;
  let bestDistance = Infinity;
  PALETTE.forEach(([, p], i) => {
    const d = (p[0]! - rgb[0]!) ** 2 + (p[1]! - rgb[1]!) ** 2 + (p[2]! - rgb[2]!) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return `tag-c${best}`;
}
