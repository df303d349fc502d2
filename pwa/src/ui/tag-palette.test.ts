// The tag palette against the stylesheet: no tag colour shares a hue with a priority colour, in either
// theme, and every tag colour stands out from the surface it sits on (3:1, WCAG's non-text contrast).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TAG_PALETTE, tagColorClass } from './classes.ts';

const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const [light, dark] = [css.slice(0, darkStart), css.slice(darkStart, css.indexOf('\n}\n', darkStart))];
const darkTags = css.slice(css.lastIndexOf('@media (prefers-color-scheme: dark)'));

const value = (block: string, name: string) => {
  const m = new RegExp(`${name}:\\s*(#[0-9a-f]{6})`).exec(block);
  if (!m) throw new Error(`${name} not found`);
  return m[1]!;
};
const tagColour = (block: string, i: number) => value(block.slice(block.indexOf(`.tag-c${i} {`)), '--tag');

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
function hue(hex: string): number {
  const [r, g, b] = rgb(hex) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return -1; // grey
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

const PRIORITIES = ['--p-low', '--p-medium', '--p-high', '--p-urgent'];

describe('the tag palette', () => {
  it.each([
    ['light', light, css],
    ['dark', dark, darkTags],
  ])('shares no hue with a priority and stands out from the surface (%s)', (_, theme, tags) => {
    const surface = value(theme, '--surface');
    const priorities = PRIORITIES.map((p) => value(theme, p));
    TAG_PALETTE.forEach((_, i) => {
      const colour = tagColour(tags, i);
      for (const p of priorities) {
        const apart = Math.abs(hue(colour) - hue(p));
        expect(Math.min(apart, 360 - apart), `${colour} vs ${p}`).toBeGreaterThanOrEqual(15);
      }
      expect(contrast(colour, surface), `${colour} on ${surface}`).toBeGreaterThanOrEqual(3);
    });
  });

  it('gives every palette colour its own class, and any other colour the nearest', () => {
    expect(TAG_PALETTE.map((p) => tagColorClass(p.color))).toEqual(TAG_PALETTE.map((_, i) => `tag-c${i}`));
    expect(tagColorClass('#16a34a')).toBe('tag-c0');
    expect(tagColorClass('not a colour')).toBe('tag-c7');
  });
});
